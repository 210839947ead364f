public import RunbookModel

/// Signatures of the EC2 response actions, in the order AWS's guidance gives them, with the
/// IAM permissions each calls.
public enum EC2Signatures {
    private static let instance = ActionSignature.Input("instance", .instanceID, required: true, "The instance, e.g. i-0abc1234.")
    private static let caseID = ActionSignature.Input("case", .string, "The incident case id recorded in tags.")

    public static let capture = ActionSignature(
        name: "ec2.capture",
        summary: "Describes the instance (ENIs and their groups, volumes, IAM profile, tags, ASG and load balancer membership) and stores it as evidence with its SHA-256.",
        inputs: [instance,
                 .init("expectedVpc", .string, "Fail with UnexpectedVPC unless the instance is in this VPC.")],
        outputs: [
            .init("instanceId", .instanceID, "The instance id."),
            .init("state", .string, "pending, running, stopping, stopped, shutting-down or terminated."),
            .init("vpcId", .string, "The instance's VPC."),
            .init("subnetId", .string, "The instance's subnet."),
            .init("networkInterfaces", .list, "Each attached ENI, primary first: {id, subnetId, deviceIndex, privateIp, groups: [security group ids]}."),
            .init("securityGroups", .list, "Every security group id on any ENI."),
            .init("volumes", .list, "Each attached EBS volume, by device: {id, device, size (GiB), deleteOnTermination}."),
            .init("iamInstanceProfile", .string, "The instance profile ARN, or null."),
            .init("tags", .object, "The instance's tags, key to value."),
            .init("terminationProtection", .bool, "Whether DisableApiTermination is on."),
            .init("shutdownBehavior", .string, "stop or terminate."),
            .init("autoScalingGroups", .list, "Names of the Auto Scaling groups holding it."),
            .init("loadBalancers", .list, "Names of the classic load balancers holding it."),
            .init("targetGroups", .list, "The target groups holding it, each {arn, port} with the registered port (found by scanning all target groups; draining targets left out)."),
            .init("evidence", .object, "The evidence artifact: {artifact (its name), sha256, size}."),
        ],
        mutates: false,
        permissions: ["ec2:DescribeInstances", "ec2:DescribeNetworkInterfaces", "ec2:DescribeVolumes", "ec2:DescribeInstanceAttribute",
                      "autoscaling:DescribeAutoScalingInstances", "elasticloadbalancing:DescribeLoadBalancers",
                      "elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetHealth"])

    public static let protect = ActionSignature(
        name: "ec2.protect",
        summary: "Turns termination protection on and sets shutdown behaviour to stop. Does not stop Auto Scaling from terminating the instance; detach does.",
        inputs: [instance],
        outputs: [.init("previousTerminationProtection", .bool, "Termination protection before."),
                  .init("previousShutdownBehavior", .string, "Shutdown behaviour before.")],
        mutates: true,
        permissions: ["ec2:DescribeInstanceAttribute", "ec2:ModifyInstanceAttribute"],
        undo: "restores the previous termination protection and shutdown behaviour")

    public static let detach = ActionSignature(
        name: "ec2.detach",
        summary: "Detaches the instance from every Auto Scaling group without decrementing desired capacity, so the group replaces it and never terminates it.",
        inputs: [instance],
        outputs: [.init("detachedFrom", .list, "The groups it was detached from.")],
        mutates: true,
        permissions: ["ec2:DescribeInstances", "autoscaling:DescribeAutoScalingInstances", "autoscaling:DetachInstances", "autoscaling:AttachInstances"],
        undo: "re-attaches the instance to the recorded groups")

    public static let deregister = ActionSignature(
        name: "ec2.deregister",
        summary: "Deregisters the instance from every classic load balancer and every target group that holds it (with the registered port).",
        inputs: [instance],
        outputs: [.init("loadBalancers", .list, "Names of the classic load balancers it was removed from."),
                  .init("targetGroups", .list, "Target groups it was removed from, each {arn, port}.")],
        mutates: true,
        permissions: ["ec2:DescribeInstances", "elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DeregisterInstancesFromLoadBalancer",
                      "elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetHealth",
                      "elasticloadbalancing:DeregisterTargets", "elasticloadbalancing:RegisterInstancesWithLoadBalancer",
                      "elasticloadbalancing:RegisterTargets"],
        undo: "re-registers the instance with the recorded load balancers and target groups")

    public static let isolate = ActionSignature(
        name: "ec2.isolate",
        summary: "Moves every ENI to a no-rule quarantine security group, first through an allow-all group so tracked connections become untracked; records each ENI's original groups.",
        inputs: [instance,
                 .init("quarantineGroup", .string, "Use this quarantine group instead of creating irun-quarantine-<vpc>."),
                 .init("force", .bool, default: false, "Isolate even while the instance is still in an Auto Scaling group or load balancer.")],
        outputs: [.init("quarantineGroup", .string, "The id of the no-rule group every ENI is now in."),
                  .init("originalGroups", .object, "ENI id to its security group ids before isolation, {eni: [sg ids]}.")],
        mutates: true,
        permissions: ["ec2:DescribeInstances", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSecurityGroups", "ec2:CreateSecurityGroup",
                      "ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress", "ec2:RevokeSecurityGroupEgress",
                      "ec2:ModifyNetworkInterfaceAttribute", "ec2:CreateTags", "ec2:DeleteTags",
                      "autoscaling:DescribeAutoScalingInstances", "elasticloadbalancing:DescribeLoadBalancers",
                      "elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetHealth"],
        undo: "restores each ENI's recorded security groups")

    public static let snapshot = ActionSignature(
        name: "ec2.snapshot",
        summary: "Snapshots every attached EBS volume at once (one CreateSnapshots call), tagged with the case and run, and waits for completion.",
        inputs: [instance, caseID,
                 .init("prefix", .string, default: "quarantine", "The tag key prefix: snapshots are tagged <prefix>-case and <prefix>-run."),
                 .init("wait", .duration, default: "30m", "How long to wait for the snapshots to complete.")],
        outputs: [.init("snapshots", .list, "Each snapshot, in device order: {id, volumeId, state}.")],
        mutates: true,
        permissions: ["ec2:DescribeInstances", "ec2:DescribeVolumes", "ec2:CreateSnapshots", "ec2:CreateSnapshot", "ec2:DescribeSnapshots", "ec2:CreateTags"],
        undo: "none: evidence snapshots are kept")

    public static let tag = ActionSignature(
        name: "ec2.tag",
        summary: "Tags the instance as quarantined: <prefix>=true, <prefix>-case, <prefix>-run, <prefix>-time.",
        inputs: [instance, caseID,
                 .init("prefix", .string, default: "quarantine", "The tag key prefix.")],
        outputs: [.init("tags", .object, "The quarantine tags on the instance, key to value.")],
        mutates: true,
        permissions: ["ec2:DescribeInstances", "ec2:DescribeTags", "ec2:CreateTags", "ec2:DeleteTags"],
        undo: "deletes the tags it wrote")

    public static let stop = ActionSignature(
        name: "ec2.stop",
        summary: "Stops the instance (memory is lost: capture volatile evidence first).",
        inputs: [instance],
        outputs: [.init("previousState", .string, "The state before stopping.")],
        mutates: true,
        permissions: ["ec2:StopInstances", "ec2:DescribeInstances"],
        undo: "none: start the instance by hand if needed")

    public static let release = ActionSignature(
        name: "ec2.release",
        summary: "Undoes a quarantine from a run's recorded originals (security groups per ENI, load balancers, target groups, Auto Scaling groups, protection, tags), after capturing the instance's current state as evidence.",
        inputs: [.init("run", .string, required: true, "The id of the quarantine run to undo."),
                 .init("instance", .instanceID, "Release only this instance of the run.")],
        outputs: [.init("instance", .instanceID, "The instance released."),
                  .init("restored", .object, "What this call changed: {groups: {eni: [sg ids]}, loadBalancers, targetGroups: [{arn, port}], autoScalingGroups, protection: {terminationProtection?, shutdownBehavior?}, tagsRemoved}."),
                  .init("evidence", .object, "The instance's state before release, as an evidence artifact: {artifact, sha256, size}.")],
        mutates: true,
        permissions: ["ec2:DescribeInstances", "ec2:DescribeNetworkInterfaces", "ec2:DescribeVolumes", "ec2:DescribeInstanceAttribute",
                      "ec2:ModifyNetworkInterfaceAttribute", "ec2:ModifyInstanceAttribute", "ec2:DeleteTags",
                      "autoscaling:DescribeAutoScalingInstances", "autoscaling:AttachInstances",
                      "elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeTargetGroups",
                      "elasticloadbalancing:DescribeTargetHealth", "elasticloadbalancing:RegisterInstancesWithLoadBalancer",
                      "elasticloadbalancing:RegisterTargets"],
        undo: "re-run the quarantine")

    /// All of them.
    public static let all = [capture, protect, detach, deregister, isolate, snapshot, tag, stop, release]
}
