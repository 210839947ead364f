@testable import AWSClient
import Foundation
import Providers
import Testing

/// `IRUN_MOTO_ENDPOINT`, set by `Scripts/test` after it starts moto_server on 127.0.0.1.
enum Moto {
    static let endpoint: URL? = ProcessInfo.processInfo.environment["IRUN_MOTO_ENDPOINT"].flatMap { $0.isEmpty ? nil : URL(string: $0) }
    static let skipReason: Comment = "IRUN_MOTO_ENDPOINT is not set: these tests need a moto_server (Scripts/test starts one on 127.0.0.1 and sets it)"
    static var isAvailable: Bool { endpoint != nil }

    /// A client of the moto server with dummy credentials (or a role assumed with them, which
    /// moto keeps in the role's account), reporting each call to `observe`.
    static func client(role: RoleAssumption? = nil, observe: (@Sendable (AWSCallReport) -> Void)? = nil) throws -> AWSClient {
        let endpoint = try #require(endpoint, "IRUN_MOTO_ENDPOINT is not set")
        var configuration = AWSConfiguration(
            credentials: AWSCredentials(accessKeyID: "AKIAMOTO000000000000", secretAccessKey: "moto-does-not-check", source: "test"),
            region: "us-east-1", endpointOverride: endpoint, timeout: .seconds(30)
        )
        configuration.retry = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(50))
        if let role { configuration.credentialSource = .assumeRole(role, from: configuration.credentialSource) }
        return AWSClient.make(configuration: configuration, observe: observe)
    }
}

/// One instance as the seeder made it: in an Auto Scaling group, a target group and a classic
/// load balancer (each optional), with its root volume and a data volume.
struct MotoInstance: Sendable {
    var id: String
    var interfaceId: String
    var volumeIds: [String]
}

/// A small network in moto for the AWS provider tests: a VPC with two subnets, a `web` group the
/// instances launch in, an Auto Scaling group, a target group (port 80), a classic load balancer.
/// Names carry a random suffix, so tests sharing one server never meet.
struct MotoWorld: Sendable {
    let client: AWSClient
    let suffix: String
    let vpcId: String
    let subnetIds: [String]
    let webGroupId: String
    let autoScalingGroupName: String
    let targetGroupArn: String
    let loadBalancerName: String

    /// Seeds the network (no instances yet).
    static func seed(client: AWSClient) async throws -> MotoWorld {
        let suffix = String(UUID().uuidString.prefix(8)).lowercased()
        let raw = RawCalls(client: client)
        let vpc = try await raw.call(.ec2, "CreateVpc") { $0.add("CidrBlock", "10.40.0.0/16") }
        let vpcId = try #require(vpc["vpc"]?.string("vpcId"))
        var subnets: [String] = []
        for (index, zone) in ["us-east-1a", "us-east-1b"].enumerated() {
            let subnet = try await raw.call(.ec2, "CreateSubnet") {
                $0.add("VpcId", vpcId)
                $0.add("CidrBlock", "10.40.\(index + 1).0/24")
                $0.add("AvailabilityZone", zone)
            }
            subnets.append(try #require(subnet["subnet"]?.string("subnetId")))
        }
        let web = try await client.createSecurityGroup(.init(groupName: "web-\(suffix)", description: "irun e2e web tier", vpcId: vpcId)).groupId
        _ = try await raw.call(.autoscaling, "CreateLaunchConfiguration") {
            $0.add("LaunchConfigurationName", "e2e-lc-\(suffix)")
            $0.add("ImageId", "ami-12c6146b")
            $0.add("InstanceType", "t3.micro")
            $0.addMemberList("SecurityGroups", [web])
        }
        let group = "e2e-asg-\(suffix)"
        _ = try await raw.call(.autoscaling, "CreateAutoScalingGroup") {
            $0.add("AutoScalingGroupName", group)
            $0.add("LaunchConfigurationName", "e2e-lc-\(suffix)")
            $0.add("MinSize", 0)
            $0.add("MaxSize", 10)
            $0.add("DesiredCapacity", 0)
            $0.add("HealthCheckType", "EC2")
            $0.add("VPCZoneIdentifier", subnets.joined(separator: ","))
        }
        let targetGroup = try await raw.call(.elasticloadbalancingv2, "CreateTargetGroup") {
            $0.add("Name", "e2e-tg-\(suffix)")
            $0.add("Protocol", "HTTP")
            $0.add("Port", 80)
            $0.add("VpcId", vpcId)
            $0.add("TargetType", "instance")
        }
        let targetGroupArn = try #require(targetGroup.result.list("TargetGroups").first?.string("TargetGroupArn"))
        let balancer = "e2e-clb-\(suffix)"
        _ = try await raw.call(.elasticloadbalancing, "CreateLoadBalancer") {
            $0.add("LoadBalancerName", balancer)
            $0.add("Listeners.member.1.Protocol", "HTTP")
            $0.add("Listeners.member.1.LoadBalancerPort", 80)
            $0.add("Listeners.member.1.InstancePort", 80)
            $0.addMemberList("Subnets", subnets)
        }
        return MotoWorld(client: client, suffix: suffix, vpcId: vpcId, subnetIds: subnets, webGroupId: web,
                         autoScalingGroupName: group, targetGroupArn: targetGroupArn, loadBalancerName: balancer)
    }

    /// Launches an instance in `web` with a second (data) volume, and puts it where asked.
    func instance(inAutoScalingGroup: Bool = true, inTargetGroup: Bool = true, inLoadBalancer: Bool = true, tags: [Providers.Tag] = []) async throws -> MotoInstance {
        let raw = RawCalls(client: client)
        let reservation = try await raw.call(.ec2, "RunInstances") {
            $0.add("ImageId", "ami-12c6146b")
            $0.add("InstanceType", "t3.micro")
            $0.add("MinCount", 1)
            $0.add("MaxCount", 1)
            $0.add("SubnetId", subnetIds[0])
            $0.addEC2List("SecurityGroupId", [webGroupId])
        }
        let id = try #require(reservation.list("instancesSet").first?.string("instanceId"))
        let volume = try await raw.call(.ec2, "CreateVolume") {
            $0.add("AvailabilityZone", "us-east-1a")
            $0.add("Size", 8)
        }
        let volumeId = try #require(volume.string("volumeId"))
        _ = try await raw.call(.ec2, "AttachVolume") {
            $0.add("VolumeId", volumeId)
            $0.add("InstanceId", id)
            $0.add("Device", "/dev/sdf")
        }
        if !tags.isEmpty { try await client.createTags(CreateTagsInput(resources: [id], tags: tags)) }
        if inAutoScalingGroup { try await client.attachInstances(AttachInstancesInput(instanceIds: [id], autoScalingGroupName: autoScalingGroupName)) }
        if inTargetGroup { try await client.registerTargets(RegisterTargetsInput(targetGroupArn: targetGroupArn, targets: [TargetDescription(id: id, port: 80)])) }
        if inLoadBalancer { _ = try await client.registerInstancesWithLoadBalancer(RegisterInstancesWithLoadBalancerInput(loadBalancerName: loadBalancerName, instanceIds: [id])) }
        let instance = try #require(try await client.describeInstances(DescribeInstancesInput(instanceIds: [id])).instances.first)
        let volumes = try await client.describeVolumes(DescribeVolumesInput(filters: [Filter(name: "attachment.instance-id", values: [id])])).volumes
        return MotoInstance(id: id, interfaceId: try #require(instance.networkInterfaces.first?.networkInterfaceId), volumeIds: volumes.map(\.volumeId).sorted())
    }

    // MARK: Reading back

    func terminationProtection(_ id: String) async throws -> Bool {
        try await client.describeInstanceAttribute(DescribeInstanceAttributeInput(instanceId: id, attribute: .disableApiTermination)).disableApiTermination ?? false
    }

    func shutdownBehaviour(_ id: String) async throws -> String? {
        try await client.describeInstanceAttribute(DescribeInstanceAttributeInput(instanceId: id, attribute: .instanceInitiatedShutdownBehavior)).instanceInitiatedShutdownBehavior
    }

    func interfaces(of id: String) async throws -> [NetworkInterface] {
        try await client.describeNetworkInterfaces(DescribeNetworkInterfacesInput(filters: [Filter(name: "attachment.instance-id", values: [id])])).networkInterfaces
    }

    func autoScalingGroups(of id: String) async throws -> [String] {
        try await client.describeAutoScalingInstances(DescribeAutoScalingInstancesInput(instanceIds: [id])).autoScalingInstances.map(\.autoScalingGroupName)
    }

    func isInLoadBalancer(_ id: String) async throws -> Bool {
        let balancers = try await client.describeLoadBalancers(DescribeLoadBalancersInput(loadBalancerNames: [loadBalancerName])).loadBalancerDescriptions
        return balancers.contains { $0.instances.contains(id) }
    }

    func isInTargetGroup(_ id: String) async throws -> Bool {
        let health = try await client.describeTargetHealth(DescribeTargetHealthInput(targetGroupArn: targetGroupArn)).targetHealthDescriptions
        return health.contains { $0.target.id == id && $0.state != "draining" && $0.state != "unused" }
    }

    func tags(of id: String) async throws -> [Providers.Tag] {
        try await client.describeInstances(DescribeInstancesInput(instanceIds: [id])).instances.first?.tags ?? []
    }

    func snapshots(taggedRun run: String) async throws -> [Snapshot] {
        try await client.describeSnapshots(DescribeSnapshotsInput(filters: [Filter(name: "tag:quarantine-run", values: [run])])).snapshots
    }

    func securityGroup(named name: String) async throws -> SecurityGroup? {
        try await client.describeSecurityGroups(DescribeSecurityGroupsInput(filters: [Filter(name: "group-name", values: [name]), Filter(name: "vpc-id", values: [vpcId])])).securityGroups.first
    }
}

/// Signed Query calls for what irun itself never calls (creating VPCs, instances, groups…).
struct RawCalls {
    let client: AWSClient

    func call(_ service: AWSService, _ action: String, _ build: (inout QueryParameters) -> Void) async throws -> XMLTree {
        var parameters = QueryParameters()
        build(&parameters)
        return try await client.send(AWSOperation(service, action, mutates: true), parameters: parameters)
    }
}
