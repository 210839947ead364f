@testable import AWSClient
import Foundation
import Providers
import Testing

/// The same behaviour checks against the simulated account and against `AWSClient` → moto_server.
///
/// A check that moto does not implement as AWS does runs on the mock only; each such
/// difference is listed in `Sources/AWSClient/Documentation.docc/MotoDifferences.md`.
@Suite("Provider contract: MockAWS and AWSClient → moto behave alike")
struct ProviderContractTests {
    @Test func motoBackendIsConfigured() throws {
        if Backend.motoEndpoint == nil {
            try Test.cancel("IRUN_MOTO_ENDPOINT is not set: the contract tests ran against MockAWS only. Scripts/test starts moto_server and sets it.")
        }
        #expect(Backend.all == [.mock, .moto, .mockPipeline, .motoPipeline])
    }

    @Test(arguments: Backend.all)
    func describingUnknownInstanceIsNotFound(_ backend: Backend) async throws {
        let (aws, _) = try await backend.make()
        await #expect { _ = try await aws.describeInstances(.init(instanceIds: ["i-0000000000000dead"])) } throws: {
            ($0 as? AWSError)?.code == .invalidInstanceIDNotFound && ($0 as? AWSError)?.httpStatus == 400
        }
    }

    @Test(arguments: Backend.all)
    func describingAnInstanceShowsItsInterfacesAndVolumes(_ backend: Backend) async throws {
        let (aws, world) = try await backend.make()
        let single = try #require(try await aws.describeInstances(.init(instanceIds: [world.instanceId])).instances.first)
        #expect(single.state == .running)
        #expect(single.vpcId == world.vpcId)
        #expect(single.networkInterfaces.map(\.networkInterfaceId) == [world.interfaceId])
        #expect(single.blockDeviceMappings.contains { $0.volumeId == world.volumeId })
        let multi = try #require(try await aws.describeInstances(.init(instanceIds: [world.multiInterfaceInstanceId])).instances.first)
        #expect(multi.networkInterfaces.map(\.attachment.deviceIndex) == [0, 1])
        #expect(multi.networkInterfaces.first?.groups.map(\.groupId) == [world.webGroupId])
        #expect(multi.networkInterfaces.last?.groups.map(\.groupId).contains(world.mgmtGroupId) == true)
    }

    /// moto adds the instance's launch groups to every attached interface (MotoDifferences.md).
    @Test(arguments: [Backend.mock])
    func attachedInterfacesHaveOnlyTheirOwnGroups(_ backend: Backend) async throws {
        let (aws, world) = try await backend.make()
        let multi = try #require(try await aws.describeInstances(.init(instanceIds: [world.multiInterfaceInstanceId])).instances.first)
        #expect(multi.networkInterfaces.map { $0.groups.map(\.groupId) } == [[world.webGroupId], [world.mgmtGroupId]])
    }

    @Test(arguments: Backend.all)
    func interfaceGroupsAreSet(_ backend: Backend) async throws {
        // Given the single-interface instance in web
        let (aws, world) = try await backend.make()
        // When its interface is moved to mgmt
        try await aws.modifyNetworkInterfaceAttribute(.init(networkInterfaceId: world.interfaceId, groups: [world.mgmtGroupId]))
        // Then the interface is in mgmt, through both describe calls
        let interface = try #require(try await aws.describeNetworkInterfaces(.init(networkInterfaceIds: [world.interfaceId])).networkInterfaces.first)
        #expect(interface.groups.map(\.groupId).contains(world.mgmtGroupId))
        #expect(interface.attachment?.instanceId == world.instanceId)
        #expect(interface.vpcId == world.vpcId)
        let instance = try #require(try await aws.describeInstances(.init(instanceIds: [world.instanceId])).instances.first)
        #expect(instance.networkInterfaces.first?.groups.map(\.groupId).contains(world.mgmtGroupId) == true)
        // And an unknown interface is NotFound
        await #expect { try await aws.modifyNetworkInterfaceAttribute(.init(networkInterfaceId: "eni-0000000000000dead", groups: [world.mgmtGroupId])) } throws: {
            ($0 as? AWSError)?.code == .invalidNetworkInterfaceIDNotFound
        }
    }

    /// moto keeps the instance's launch groups on the interface whatever the call says (MotoDifferences.md).
    @Test(arguments: [Backend.mock])
    func interfaceGroupsAreReplacedNotAdded(_ backend: Backend) async throws {
        let (aws, world) = try await backend.make()
        try await aws.modifyNetworkInterfaceAttribute(.init(networkInterfaceId: world.interfaceId, groups: [world.mgmtGroupId]))
        let interface = try #require(try await aws.describeNetworkInterfaces(.init(networkInterfaceIds: [world.interfaceId])).networkInterfaces.first)
        #expect(interface.groups.map(\.groupId) == [world.mgmtGroupId])
    }

    @Test(arguments: Backend.all)
    func aNewGroupAllowsAllEgressUntilRevoked(_ backend: Backend) async throws {
        let (aws, world) = try await backend.make()
        // Given a new group
        let created = try await aws.createSecurityGroup(.init(groupName: "quarantine-\(UUID().uuidString.prefix(8))", description: "irun quarantine", vpcId: world.vpcId))
        // Then it has AWS's default egress rule and no ingress
        let group = try #require(try await aws.describeSecurityGroups(.init(groupIds: [created.groupId])).securityGroups.first)
        #expect(group.ipPermissionsEgress == [.allIPv4Traffic])
        #expect(group.ipPermissions.isEmpty)
        #expect(group.vpcId == world.vpcId)
        // When the default rule is revoked
        let revoked = try await aws.revokeSecurityGroupEgress(.init(groupId: created.groupId, ipPermissions: [.allIPv4Traffic]))
        // Then nothing was unknown and the group has no egress left
        #expect(revoked.unknownIpPermissions.isEmpty)
        #expect(try await aws.describeSecurityGroups(.init(groupIds: [created.groupId])).securityGroups.first?.ipPermissionsEgress == [])
        // And a duplicate name is refused
        await #expect { _ = try await aws.createSecurityGroup(.init(groupName: group.groupName, description: "again", vpcId: world.vpcId)) } throws: {
            ($0 as? AWSError)?.code == .invalidGroupDuplicate
        }
    }

    /// moto answers `InvalidPermission.NotFound`; AWS succeeds and lists the rule as unknown (MotoDifferences.md).
    @Test(arguments: [Backend.mock])
    func revokingAnAbsentRuleSucceedsAndReportsIt(_ backend: Backend) async throws {
        let (aws, world) = try await backend.make()
        let absent = IpPermission(ipProtocol: "tcp", fromPort: 1, toPort: 2, ipRanges: ["192.0.2.1/32"])
        let revoked = try await aws.revokeSecurityGroupEgress(.init(groupId: world.webGroupId, ipPermissions: [absent]))
        #expect(revoked.unknownIpPermissions == [absent])
    }

    @Test(arguments: Backend.all)
    func tagsAreCreatedOverwrittenAndDeleted(_ backend: Backend) async throws {
        let (aws, world) = try await backend.make()
        try await aws.createTags(.init(resources: [world.instanceId, world.volumeId], tags: [Tag(key: "irun:quarantined", value: "INC-1"), Tag(key: "keep", value: "1")]))
        try await aws.createTags(.init(resources: [world.instanceId], tags: [Tag(key: "irun:quarantined", value: "INC-2")]))
        var instance = try #require(try await aws.describeInstances(.init(instanceIds: [world.instanceId])).instances.first)
        #expect(instance.tags.value(of: "irun:quarantined") == "INC-2")
        #expect(try await aws.describeVolumes(.init(volumeIds: [world.volumeId])).volumes.first?.tags.value(of: "irun:quarantined") == "INC-1")
        try await aws.deleteTags(.init(resources: [world.instanceId], tags: [TagToDelete(key: "irun:quarantined")]))
        instance = try #require(try await aws.describeInstances(.init(instanceIds: [world.instanceId])).instances.first)
        #expect(instance.tags.value(of: "irun:quarantined") == nil)
        #expect(instance.tags.value(of: "keep") == "1")
    }

    @Test(arguments: Backend.all)
    func tagsAreListedByResourceAndKey(_ backend: Backend) async throws {
        // Given tags on the instance and on its volume
        let (aws, world) = try await backend.make()
        try await aws.createTags(.init(resources: [world.instanceId], tags: [Tag(key: "irun:run", value: "r-1"), Tag(key: "irun:case", value: "")]))
        try await aws.createTags(.init(resources: [world.volumeId], tags: [Tag(key: "irun:run", value: "r-1")]))
        // Then the instance's are listed as its own, whatever else it carries
        let mine = try await aws.describeTags(.init(filters: [Filter(name: "resource-id", values: [world.instanceId])])).tags
        #expect(mine.allSatisfy { $0.resourceId == world.instanceId && $0.resourceType == "instance" })
        #expect(Set(mine.filter { $0.key.hasPrefix("irun:") }.map(\.tag)) == [Tag(key: "irun:run", value: "r-1"), Tag(key: "irun:case", value: "")])
        // And a key filter across both resources finds one entry each
        let byKey = try await aws.describeTags(.init(filters: [Filter(name: "resource-id", values: [world.instanceId, world.volumeId]), Filter(name: "key", values: ["irun:run"])])).tags
        #expect(Set(byKey.map(\.resourceId)) == [world.instanceId, world.volumeId] && byKey.count == 2)
        #expect(byKey.first { $0.resourceId == world.volumeId }?.resourceType == "volume")
        // And an unknown instance simply has none
        #expect(try await aws.describeTags(.init(filters: [Filter(name: "resource-id", values: ["i-0000000000000dead"])])).tags.isEmpty)
    }

    @Test(arguments: Backend.all)
    func snapshotsOfAVolumeAreTaggedAndDescribed(_ backend: Backend) async throws {
        let (aws, world) = try await backend.make()
        let volumes = try await aws.describeVolumes(.init(filters: [Filter(name: "attachment.instance-id", values: [world.instanceId])])).volumes
        let volume = try #require(volumes.first { $0.volumeId == world.volumeId })
        #expect(volume.attachments.first?.instanceId == world.instanceId)
        #expect(volume.size == 8)
        let snapshot = try await aws.createSnapshot(.init(volumeId: world.volumeId, description: "irun evidence", tags: [Tag(key: "irun:incident", value: "INC-1")]))
        // AWS starts snapshots pending; moto completes them at once (MotoDifferences.md).
        #expect([.pending, .completed].contains(snapshot.state))
        #expect(snapshot.volumeId == world.volumeId)
        let described = try #require(try await aws.describeSnapshots(.init(snapshotIds: [snapshot.snapshotId])).snapshots.first)
        #expect(described.description == "irun evidence")
        #expect(described.tags.value(of: "irun:incident") == "INC-1")
        #expect(described.volumeSize == 8)
        await #expect { _ = try await aws.createSnapshot(.init(volumeId: "vol-0000000000000dead")) } throws: { ($0 as? AWSError)?.code == .invalidVolumeNotFound }
    }

    @Test(arguments: Backend.all)
    func snapshotsOfEveryVolumeOfAnInstanceAreTaggedAndDescribed(_ backend: Backend) async throws {
        // Given an instance and the volumes attached to it
        let (aws, world) = try await backend.make()
        let attached = try await aws.describeVolumes(.init(filters: [Filter(name: "attachment.instance-id", values: [world.instanceId])])).volumes
        #expect(attached.contains { $0.volumeId == world.volumeId })
        // When all of them are snapshotted in one call
        let tags = [Tag(key: "irun:incident", value: "INC-1"), Tag(key: "irun:run", value: "r-1")]
        let created = try await aws.createSnapshots(.init(instanceId: world.instanceId, description: "irun evidence of \(world.instanceId)", tags: tags))
        // Then there is one snapshot per attached volume, just started
        #expect(created.snapshots.map(\.volumeId).sorted() == attached.map(\.volumeId).sorted())
        #expect(created.snapshots.allSatisfy { [.pending, .completed].contains($0.state) })
        // And each is described with the description, the tags and its volume's size
        let described = try await aws.describeSnapshots(.init(snapshotIds: created.snapshots.map(\.snapshotId))).snapshots
        #expect(described.count == attached.count)
        #expect(described.allSatisfy { $0.description == "irun evidence of \(world.instanceId)" && $0.tags.value(of: "irun:incident") == "INC-1" && $0.tags.value(of: "irun:run") == "r-1" })
        #expect(described.first { $0.volumeId == world.volumeId }?.volumeSize == 8)
        // And an unknown instance is NotFound
        await #expect { _ = try await aws.createSnapshots(.init(instanceId: "i-0000000000000dead")) } throws: { ($0 as? AWSError)?.code == .invalidInstanceIDNotFound }
    }

    @Test(arguments: Backend.all)
    func terminationProtectionIsSetAndReadBack(_ backend: Backend) async throws {
        let (aws, world) = try await backend.make()
        #expect(try await aws.describeInstanceAttribute(.init(instanceId: world.instanceId, attribute: .disableApiTermination)).disableApiTermination == false)
        try await aws.modifyInstanceAttribute(.init(instanceId: world.instanceId, change: .disableApiTermination(true)))
        let read = try await aws.describeInstanceAttribute(.init(instanceId: world.instanceId, attribute: .disableApiTermination))
        #expect(read.instanceId == world.instanceId)
        #expect(read.disableApiTermination == true)
    }

    /// moto accepts `ModifyInstanceAttribute --groups` on a multi-interface instance; AWS refuses (MotoDifferences.md).
    @Test(arguments: [Backend.mock])
    func instanceGroupsCannotChangeOnAMultiInterfaceInstance(_ backend: Backend) async throws {
        let (aws, world) = try await backend.make()
        await #expect { try await aws.modifyInstanceAttribute(.init(instanceId: world.multiInterfaceInstanceId, change: .groups([world.mgmtGroupId]))) } throws: {
            ($0 as? AWSError)?.code == .invalidInstanceID
        }
    }

    @Test(arguments: Backend.all)
    func stoppingARunningInstance(_ backend: Backend) async throws {
        let (aws, world) = try await backend.make()
        let output = try await aws.stopInstances(.init(instanceIds: [world.instanceId]))
        let change = try #require(output.stoppingInstances.first)
        #expect(change.instanceId == world.instanceId)
        #expect(change.previousState == .running)
        #expect([.stopping, .stopped].contains(change.currentState))
    }

    @Test(arguments: Backend.all)
    func autoScalingMembersDetachAndAttach(_ backend: Backend) async throws {
        let (aws, world) = try await backend.make()
        // Given the group's member
        let before = try await aws.describeAutoScalingInstances(.init(instanceIds: [world.autoScalingMemberId, world.instanceId]))
        #expect(before.autoScalingInstances.map(\.instanceId) == [world.autoScalingMemberId])
        #expect(before.autoScalingInstances.first?.autoScalingGroupName == world.autoScalingGroupName)
        // When it is detached with the capacity decremented
        let detached = try await aws.detachInstances(.init(instanceIds: [world.autoScalingMemberId], autoScalingGroupName: world.autoScalingGroupName, shouldDecrementDesiredCapacity: true))
        #expect(detached.activities.count == 1)
        #expect(detached.activities.first?.autoScalingGroupName == world.autoScalingGroupName)
        // Then it is in no group and the group wants one instance fewer
        #expect(try await aws.describeAutoScalingInstances(.init(instanceIds: [world.autoScalingMemberId])).autoScalingInstances.isEmpty)
        let group = try #require(try await aws.describeAutoScalingGroups(.init(autoScalingGroupNames: [world.autoScalingGroupName])).autoScalingGroups.first)
        #expect(group.desiredCapacity == 0)
        // When it is attached again, it is a member again
        try await aws.attachInstances(.init(instanceIds: [world.autoScalingMemberId], autoScalingGroupName: world.autoScalingGroupName))
        let after = try await aws.describeAutoScalingInstances(.init(instanceIds: [world.autoScalingMemberId]))
        #expect(after.autoScalingInstances.first?.autoScalingGroupName == world.autoScalingGroupName)
    }

    /// moto detaches an instance that is not in the group without complaint (MotoDifferences.md).
    @Test(arguments: [Backend.mock])
    func detachingANonMemberIsAValidationError(_ backend: Backend) async throws {
        let (aws, world) = try await backend.make()
        await #expect { _ = try await aws.detachInstances(.init(instanceIds: [world.instanceId], autoScalingGroupName: world.autoScalingGroupName, shouldDecrementDesiredCapacity: true)) } throws: {
            ($0 as? AWSError)?.code == .validationError
        }
    }

    @Test(arguments: Backend.all)
    func classicLoadBalancerRegistration(_ backend: Backend) async throws {
        let (aws, world) = try await backend.make()
        _ = try await aws.registerInstancesWithLoadBalancer(.init(loadBalancerName: world.loadBalancerName, instanceIds: [world.instanceId]))
        var balancer = try #require(try await aws.describeLoadBalancers(.init(loadBalancerNames: [world.loadBalancerName])).loadBalancerDescriptions.first)
        #expect(balancer.instances == [world.instanceId])
        _ = try await aws.deregisterInstancesFromLoadBalancer(.init(loadBalancerName: world.loadBalancerName, instanceIds: [world.instanceId]))
        balancer = try #require(try await aws.describeLoadBalancers(.init(loadBalancerNames: [world.loadBalancerName])).loadBalancerDescriptions.first)
        #expect(balancer.instances.isEmpty)
        await #expect { _ = try await aws.describeLoadBalancers(.init(loadBalancerNames: ["no-such-clb"])) } throws: { ($0 as? AWSError)?.code == .loadBalancerNotFound }
    }

    /// moto's register/deregister answers list no instances; AWS lists those still registered (MotoDifferences.md).
    @Test(arguments: [Backend.mock])
    func classicRegistrationAnswersListTheRegisteredInstances(_ backend: Backend) async throws {
        let (aws, world) = try await backend.make()
        let registered = try await aws.registerInstancesWithLoadBalancer(.init(loadBalancerName: world.loadBalancerName, instanceIds: [world.instanceId]))
        #expect(registered.instanceIds == [world.instanceId])
        let left = try await aws.deregisterInstancesFromLoadBalancer(.init(loadBalancerName: world.loadBalancerName, instanceIds: [world.instanceId]))
        #expect(left.instanceIds.isEmpty)
    }

    @Test(arguments: Backend.all)
    func targetGroupRegistrationAndHealth(_ backend: Backend) async throws {
        let (aws, world) = try await backend.make()
        let group = try #require(try await aws.describeTargetGroups(.init(targetGroupArns: [world.targetGroupArn])).targetGroups.first)
        #expect(group.vpcId == world.vpcId)
        #expect(group.port == 80)
        try await aws.registerTargets(.init(targetGroupArn: world.targetGroupArn, targets: [TargetDescription(id: world.instanceId)]))
        let health = try await aws.describeTargetHealth(.init(targetGroupArn: world.targetGroupArn))
        #expect(health.targetHealthDescriptions.map(\.target.id) == [world.instanceId])
        try await aws.deregisterTargets(.init(targetGroupArn: world.targetGroupArn, targets: [TargetDescription(id: world.instanceId)]))
        // AWS (and the mock) keep a deregistered target `draining` for the deregistration delay; moto drops it at once.
        let after = try await aws.describeTargetHealth(.init(targetGroupArn: world.targetGroupArn)).targetHealthDescriptions
        #expect(after.allSatisfy { $0.target.id == world.instanceId && $0.state == "draining" })
        await #expect { _ = try await aws.describeTargetGroups(.init(names: ["no-such-tg"])) } throws: { ($0 as? AWSError)?.code == .targetGroupNotFound }
    }

    /// moto answers `InvalidTarget` for an instance that is not registered; AWS ignores it (MotoDifferences.md).
    @Test(arguments: [Backend.mock])
    func deregisteringAnUnregisteredTargetIsIgnored(_ backend: Backend) async throws {
        let (aws, world) = try await backend.make()
        try await aws.deregisterTargets(.init(targetGroupArn: world.targetGroupArn, targets: [TargetDescription(id: world.instanceId)]))
    }
}

/// Pins what moto does differently, so the list in MotoDifferences.md is noticed when moto changes.
@Suite("moto_server's known differences from AWS", .enabled(if: Backend.motoEndpoint != nil, "IRUN_MOTO_ENDPOINT is not set"))
struct MotoDifferenceTests {
    @Test func revokingAnAbsentEgressRuleIsAnError() async throws {
        let (aws, world) = try await Backend.moto.make()
        let absent = IpPermission(ipProtocol: "tcp", fromPort: 1, toPort: 2, ipRanges: ["192.0.2.1/32"])
        await #expect { _ = try await aws.revokeSecurityGroupEgress(.init(groupId: world.webGroupId, ipPermissions: [absent])) } throws: {
            ($0 as? AWSError)?.code == "InvalidPermission.NotFound"
        }
    }

    @Test func instanceGroupsChangeEvenWithSeveralInterfaces() async throws {
        let (aws, world) = try await Backend.moto.make()
        try await aws.modifyInstanceAttribute(.init(instanceId: world.multiInterfaceInstanceId, change: .groups([world.mgmtGroupId])))
    }

    @Test func classicRegistrationAnswersAreEmpty() async throws {
        let (aws, world) = try await Backend.moto.make()
        let registered = try await aws.registerInstancesWithLoadBalancer(.init(loadBalancerName: world.loadBalancerName, instanceIds: [world.instanceId]))
        #expect(registered.instanceIds.isEmpty)
    }

    @Test func deregisteringAnUnregisteredTargetIsInvalidTarget() async throws {
        let (aws, world) = try await Backend.moto.make()
        await #expect { try await aws.deregisterTargets(.init(targetGroupArn: world.targetGroupArn, targets: [TargetDescription(id: world.instanceId)])) } throws: {
            ($0 as? AWSError)?.code == .invalidTarget
        }
    }

    @Test func interfacesKeepTheInstancesLaunchGroups() async throws {
        let (aws, world) = try await Backend.moto.make()
        try await aws.modifyNetworkInterfaceAttribute(.init(networkInterfaceId: world.interfaceId, groups: [world.mgmtGroupId]))
        let interface = try #require(try await aws.describeNetworkInterfaces(.init(networkInterfaceIds: [world.interfaceId])).networkInterfaces.first)
        #expect(Set(interface.groups.map(\.groupId)) == [world.mgmtGroupId, world.webGroupId])
        // Only changing the instance's groups as well leaves the interface in the new group alone.
        try await aws.modifyInstanceAttribute(.init(instanceId: world.instanceId, change: .groups([world.mgmtGroupId])))
        let after = try #require(try await aws.describeNetworkInterfaces(.init(networkInterfaceIds: [world.interfaceId])).networkInterfaces.first)
        #expect(after.groups.map(\.groupId) == [world.mgmtGroupId])
    }

    @Test func detachingANonMemberSucceeds() async throws {
        let (aws, world) = try await Backend.moto.make()
        _ = try await aws.detachInstances(.init(instanceIds: [world.instanceId], autoScalingGroupName: world.autoScalingGroupName, shouldDecrementDesiredCapacity: true))
    }

    @Test func snapshotsCompleteAtOnce() async throws {
        let (aws, world) = try await Backend.moto.make()
        #expect(try await aws.createSnapshot(.init(volumeId: world.volumeId)).state == .completed)
    }

    /// moto's CreateSnapshots answer has no `<state>`: the client reads it as `pending`, and
    /// DescribeSnapshots shows the snapshots already completed.
    @Test func multiVolumeSnapshotsAnswerNoStateAndCompleteAtOnce() async throws {
        let (aws, world) = try await Backend.moto.make()
        let created = try await aws.createSnapshots(.init(instanceId: world.instanceId))
        #expect(!created.snapshots.isEmpty && created.snapshots.allSatisfy { $0.state == .pending })
        let described = try await aws.describeSnapshots(.init(snapshotIds: created.snapshots.map(\.snapshotId))).snapshots
        #expect(described.count == created.snapshots.count && described.allSatisfy { $0.state == .completed })
    }
}
