import Foundation
import MockAWS
import Providers
import Testing

@Suite("Auto Scaling and load balancer behaviour of the simulated world")
struct AutoScalingBehaviourTests {
    /// Moves every interface of i-123 into a fresh group with no rules (what a naive isolation does).
    func isolate(_ aws: MockAWS) async throws {
        let quarantine = try await aws.createSecurityGroup(CreateSecurityGroupInput(groupName: "quarantine", description: "no rules", vpcId: "vpc-0a")).groupId
        _ = try await aws.revokeSecurityGroupEgress(RevokeSecurityGroupEgressInput(groupId: quarantine, ipPermissions: [.allIPv4Traffic]))
        for interface in try await aws.instance("i-123").networkInterfaces {
            try await aws.modifyNetworkInterfaceAttribute(ModifyNetworkInterfaceAttributeInput(networkInterfaceId: interface.networkInterfaceId, groups: [quarantine]))
        }
    }

    @Test func isolatingAnInstanceStillInItsGroupGetsItTerminatedDespiteProtection() async throws {
        // Given i-123 protected from termination, still in web-asg (ELB health checks)
        let (aws, clock) = try TestWorld.make()
        try await aws.modifyInstanceAttribute(ModifyInstanceAttributeInput(instanceId: "i-123", change: .disableApiTermination(true)))
        let dataVolumes = await aws.world.instances["i-123"]!.volumeIds
        // When it is isolated first (the naive order) and an hour passes
        try await isolate(aws)
        clock.advance(by: .seconds(3600))
        let world = await aws.settle()
        // Then the group terminated it, its volumes went with it, and a replacement took its place
        #expect(world.instances["i-123"]?.state == .terminated)
        #expect(world.terminatedByAutoScaling == ["i-123"])
        #expect(dataVolumes.allSatisfy { world.volumes[$0] == nil })
        let group = try await aws.describeAutoScalingGroups(DescribeAutoScalingGroupsInput(autoScalingGroupNames: ["web-asg"])).autoScalingGroups[0]
        #expect(group.instances.count == 2 && !group.instances.contains { $0.instanceId == "i-123" })
        #expect(group.instances.allSatisfy { $0.lifecycleState == "InService" })
    }

    @Test func theGracePeriodDelaysTheTermination() async throws {
        // Given a replacement-fresh member: grace period counts from when it entered service
        let (aws, clock) = try TestWorld.make()
        await aws.change { world in world.terminate("i-456", reason: "test") }
        clock.advance(by: .seconds(60))   // the group notices and launches a replacement (45 s to run)
        clock.advance(by: .seconds(60))
        let replacement = await aws.settle().autoScalingGroups["web-asg"]!.members.map(\.instanceId).first { $0 != "i-123" }!
        // When the replacement is isolated right away
        let quarantine = try await aws.createSecurityGroup(CreateSecurityGroupInput(groupName: "q", description: "q", vpcId: "vpc-0a")).groupId
        let eni = try await aws.instance(replacement).networkInterfaces[0].networkInterfaceId
        try await aws.modifyNetworkInterfaceAttribute(ModifyNetworkInterfaceAttributeInput(networkInterfaceId: eni, groups: [quarantine]))
        // Then it survives the grace period (failing checks ignored) and is replaced only after it
        clock.advance(by: .seconds(200))
        #expect(await aws.settle().instances[replacement]?.state == .running)
        clock.advance(by: .seconds(120))
        #expect(await aws.settle().terminatedByAutoScaling.contains(replacement))
    }

    @Test func detachingWithoutDecrementLaunchesAReplacementAndLeavesTheLoadBalancers() async throws {
        // Given i-123 in web-asg, web-clb and web-tg
        let (aws, clock) = try TestWorld.make()
        let tg = try await aws.targetGroupArn("web-tg")
        // When it is detached without decrementing the desired capacity
        let detached = try await aws.detachInstances(DetachInstancesInput(instanceIds: ["i-123"], autoScalingGroupName: "web-asg", shouldDecrementDesiredCapacity: false))
        // Then it left the group, the classic ELB at once, and the target group after draining
        #expect(detached.activities.map(\.description) == ["Detaching EC2 instance: i-123"])
        #expect(try await aws.describeAutoScalingInstances(DescribeAutoScalingInstancesInput(instanceIds: ["i-123"])).autoScalingInstances.isEmpty)
        #expect(try await aws.describeLoadBalancers(DescribeLoadBalancersInput(loadBalancerNames: ["web-clb"])).loadBalancerDescriptions[0].instances == ["i-456"])
        let draining = try await aws.describeTargetHealth(DescribeTargetHealthInput(targetGroupArn: tg, targets: [TargetDescription(id: "i-123")]))
        #expect(draining.targetHealthDescriptions.map(\.state) == ["draining"])
        // And the group launched a replacement that comes into service and joins the load balancers
        var group = try await aws.describeAutoScalingGroups(DescribeAutoScalingGroupsInput()).autoScalingGroups[0]
        #expect(group.desiredCapacity == 2 && group.instances.map(\.lifecycleState) == ["InService", "Pending"])
        clock.advance(by: .seconds(61))
        group = try await aws.describeAutoScalingGroups(DescribeAutoScalingGroupsInput()).autoScalingGroups[0]
        #expect(group.instances.map(\.lifecycleState) == ["InService", "InService"])
        let health = try await aws.describeTargetHealth(DescribeTargetHealthInput(targetGroupArn: tg))
        #expect(!health.targetHealthDescriptions.contains { $0.target.id == "i-123" })
        #expect(health.targetHealthDescriptions.count == 2)
        // And once detached, isolation no longer costs the instance
        try await isolate(aws)
        clock.advance(by: .seconds(3600))
        #expect(await aws.settle().instances["i-123"]?.state == .running)
    }

    @Test func detachRefusesNonMembersAndCapacityBelowMinimum() async throws {
        let (aws, _) = try TestWorld.make { $0.autoScalingGroups[0].min = 2 }
        #expect(await awsErrorCode { _ = try await aws.detachInstances(DetachInstancesInput(instanceIds: ["i-0db"], autoScalingGroupName: "web-asg", shouldDecrementDesiredCapacity: false)) } == "ValidationError")
        #expect(await awsErrorCode { _ = try await aws.detachInstances(DetachInstancesInput(instanceIds: ["i-123"], autoScalingGroupName: "web-asg", shouldDecrementDesiredCapacity: true)) } == "ValidationError")
        #expect(await awsErrorCode { _ = try await aws.detachInstances(DetachInstancesInput(instanceIds: ["i-123"], autoScalingGroupName: "nope", shouldDecrementDesiredCapacity: false)) } == "ValidationError")
        // Nothing changed.
        #expect(try await aws.describeAutoScalingInstances(DescribeAutoScalingInstancesInput(instanceIds: ["i-123", "i-0db"])).autoScalingInstances.map(\.instanceId) == ["i-123"])
    }

    @Test func attachingRaisesDesiredCapacityWithinTheMaximum() async throws {
        let (aws, _) = try TestWorld.make { $0.autoScalingGroups[0].max = 3 }
        try await aws.attachInstances(AttachInstancesInput(instanceIds: ["i-0db"], autoScalingGroupName: "web-asg"))
        let group = try await aws.describeAutoScalingGroups(DescribeAutoScalingGroupsInput(autoScalingGroupNames: ["web-asg"])).autoScalingGroups[0]
        #expect(group.desiredCapacity == 3 && group.instances.map(\.instanceId) == ["i-123", "i-456", "i-0db"])
        #expect(try await aws.describeLoadBalancers(DescribeLoadBalancersInput()).loadBalancerDescriptions[0].instances.contains("i-0db"))
        _ = try await aws.detachInstances(DetachInstancesInput(instanceIds: ["i-0db"], autoScalingGroupName: "web-asg", shouldDecrementDesiredCapacity: true))
        try await aws.attachInstances(AttachInstancesInput(instanceIds: ["i-0db"], autoScalingGroupName: "web-asg"))
        #expect(await awsErrorCode { try await aws.attachInstances(AttachInstancesInput(instanceIds: ["i-0db"], autoScalingGroupName: "web-asg")) } == "ValidationError")
    }

    @Test func aStoppedMemberFailsItsEC2HealthCheckAndIsReplaced() async throws {
        let (aws, clock) = try TestWorld.make()
        _ = try await aws.stopInstances(StopInstancesInput(instanceIds: ["i-123"]))
        clock.advance(by: .seconds(20))
        #expect(await aws.settle().terminatedByAutoScaling == ["i-123"])
    }

    @Test func targetRegistrationFollowsELBv2Semantics() async throws {
        let (aws, _) = try TestWorld.make()
        let tg = try await aws.targetGroupArn("web-tg")
        // Deregistering a target that is not registered succeeds; describing it says unused.
        try await aws.deregisterTargets(DeregisterTargetsInput(targetGroupArn: tg, targets: [TargetDescription(id: "i-0db")]))
        let unused = try await aws.describeTargetHealth(DescribeTargetHealthInput(targetGroupArn: tg, targets: [TargetDescription(id: "i-0db")]))
        #expect(unused.targetHealthDescriptions.map(\.state) == ["unused"] && unused.targetHealthDescriptions[0].reason == "Target.NotRegistered")
        // Registering on a custom port, then deregistering on the group's port, leaves the custom one.
        try await aws.registerTargets(RegisterTargetsInput(targetGroupArn: tg, targets: [TargetDescription(id: "i-0db", port: 8080)]))
        try await aws.deregisterTargets(DeregisterTargetsInput(targetGroupArn: tg, targets: [TargetDescription(id: "i-0db")]))
        let registered = try await aws.describeTargetHealth(DescribeTargetHealthInput(targetGroupArn: tg, targets: [TargetDescription(id: "i-0db")]))
        #expect(registered.targetHealthDescriptions.map(\.target.port) == [8080])
        #expect(registered.targetHealthDescriptions.map(\.state) == ["initial"])
        #expect(await awsErrorCode { try await aws.registerTargets(RegisterTargetsInput(targetGroupArn: tg, targets: [TargetDescription(id: "i-0ffff")])) } == "InvalidTarget")
        #expect(await awsErrorCode { _ = try await aws.describeTargetHealth(DescribeTargetHealthInput(targetGroupArn: tg + "x")) } == "TargetGroupNotFound")
        #expect(await awsErrorCode { _ = try await aws.describeTargetGroups(DescribeTargetGroupsInput(names: ["nope"])) } == "TargetGroupNotFound")
    }

    @Test func classicLoadBalancersRegisterAndDeregisterInstances() async throws {
        let (aws, _) = try TestWorld.make()
        let remaining = try await aws.deregisterInstancesFromLoadBalancer(DeregisterInstancesFromLoadBalancerInput(loadBalancerName: "web-clb", instanceIds: ["i-123"]))
        #expect(remaining.instanceIds == ["i-456"])
        let again = try await aws.deregisterInstancesFromLoadBalancer(DeregisterInstancesFromLoadBalancerInput(loadBalancerName: "web-clb", instanceIds: ["i-123"]))
        #expect(again.instanceIds == ["i-456"])
        let all = try await aws.registerInstancesWithLoadBalancer(RegisterInstancesWithLoadBalancerInput(loadBalancerName: "web-clb", instanceIds: ["i-123"]))
        #expect(all.instanceIds == ["i-456", "i-123"])
        #expect(await awsErrorCode { _ = try await aws.describeLoadBalancers(DescribeLoadBalancersInput(loadBalancerNames: ["nope"])) } == "LoadBalancerNotFound")
        #expect(await awsErrorCode { _ = try await aws.registerInstancesWithLoadBalancer(RegisterInstancesWithLoadBalancerInput(loadBalancerName: "web-clb", instanceIds: ["i-0ffff"])) } == "InvalidInstance")
    }

    @Test func describeAutoScalingInstancesOmitsInstancesInNoGroup() async throws {
        let (aws, _) = try TestWorld.make()
        let answer = try await aws.describeAutoScalingInstances(DescribeAutoScalingInstancesInput(instanceIds: ["i-0db", "i-123"]))
        #expect(answer.autoScalingInstances.map(\.instanceId) == ["i-123"])
        #expect(answer.autoScalingInstances[0].autoScalingGroupName == "web-asg" && answer.autoScalingInstances[0].healthStatus == "HEALTHY")
    }

    @Test func onlyRunningInstancesCanBeRegisteredAsTargets() async throws {
        let (aws, clock) = try TestWorld.make()
        let tg = try await aws.targetGroupArn("web-tg")
        _ = try await aws.stopInstances(StopInstancesInput(instanceIds: ["i-0db"]))
        clock.advance(by: .seconds(31))
        #expect(await awsErrorCode { try await aws.registerTargets(RegisterTargetsInput(targetGroupArn: tg, targets: [TargetDescription(id: "i-0db")])) } == "InvalidTarget")
    }
}
