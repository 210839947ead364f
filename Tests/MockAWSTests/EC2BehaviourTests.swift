import Foundation
import MockAWS
import Providers
import Testing

@Suite("EC2 behaviour of the simulated world")
struct EC2BehaviourTests {
    @Test func describingAnInstanceShowsEveryInterfaceAndVolume() async throws {
        // Given the web tier
        let (aws, _) = try TestWorld.make()
        // When i-123 is described
        let instance = try await aws.instance("i-123")
        // Then both interfaces with their groups, both volumes and the profile are there
        #expect(instance.networkInterfaces.map { $0.groups.map(\.groupId) } == [["sg-0eb"], ["sg-0a9"]])
        #expect(instance.networkInterfaces.map(\.attachment.deviceIndex) == [0, 1])
        #expect(instance.blockDeviceMappings.count == 2)
        #expect(instance.securityGroups.map(\.groupId) == ["sg-0eb"])
        #expect(instance.iamInstanceProfile?.arn == "arn:aws:iam::123456789012:instance-profile/web-server")
        #expect(instance.state == .running)
    }

    @Test func unknownAndMalformedInstanceIDsFailLikeEC2() async throws {
        let (aws, _) = try TestWorld.make()
        #expect(await awsErrorCode { _ = try await aws.describeInstances(DescribeInstancesInput(instanceIds: ["i-0000000000000dead"])) } == "InvalidInstanceID.NotFound")
        #expect(await awsErrorCode { _ = try await aws.describeInstances(DescribeInstancesInput(instanceIds: ["i-123", "nope"])) } == "InvalidInstanceID.Malformed")
        #expect(await awsErrorCode { _ = try await aws.describeInstances(DescribeInstancesInput(instanceIds: ["i-123"], maxResults: 5)) } == "InvalidParameterCombination")
        do {
            _ = try await aws.describeInstances(DescribeInstancesInput(instanceIds: ["i-123", "i-aa", "i-bb"]))
            Issue.record("expected NotFound")
        } catch let error as AWSError {
            // The message names every missing id, and the error is not retryable.
            #expect(error.message == "The instance IDs 'i-aa, i-bb' do not exist")
            #expect(!error.isRetryable)
            #expect(error.requestID != nil)
        }
    }

    @Test func filtersAndPaginationWalkEveryInstanceOnce() async throws {
        let (aws, _) = try TestWorld.make()
        let web = try await aws.describeInstances(DescribeInstancesInput(filters: [Filter(name: "tag:Name", values: ["web-*"])]))
        #expect(web.instances.map(\.instanceId) == ["i-123", "i-456"])
        var seen: [String] = []
        var token: String?
        repeat {
            let page = try await aws.describeInstances(DescribeInstancesInput(maxResults: 5, nextToken: token))
            seen += page.instances.map(\.instanceId)
            token = page.nextToken
        } while token != nil
        #expect(seen == ["i-123", "i-456", "i-0db"])
        #expect(await awsErrorCode { _ = try await aws.describeInstances(DescribeInstancesInput(filters: [Filter(name: "colour", values: ["red"])])) } == "InvalidParameterValue")
        #expect(await awsErrorCode { _ = try await aws.describeInstances(DescribeInstancesInput(maxResults: 5, nextToken: "garbage")) } == "InvalidPaginationToken")
    }

    @Test func changingInstanceGroupsFailsOnAMultiInterfaceInstance() async throws {
        // Given i-123 with two interfaces and i-0db with one
        let (aws, _) = try TestWorld.make()
        // When ModifyInstanceAttribute --groups is used on each
        let code = await awsErrorCode { try await aws.modifyInstanceAttribute(ModifyInstanceAttributeInput(instanceId: "i-123", change: .groups(["sg-0a9"]))) }
        try await aws.modifyInstanceAttribute(ModifyInstanceAttributeInput(instanceId: "i-0db", change: .groups(["sg-0eb"])))
        // Then the multi-interface instance is refused as on AWS and keeps its groups; the other moves
        #expect(code == "InvalidInstanceID")
        #expect(try await aws.instance("i-123").networkInterfaces.map { $0.groups.map(\.groupId) } == [["sg-0eb"], ["sg-0a9"]])
        #expect(try await aws.instance("i-0db").securityGroups.map(\.groupId) == ["sg-0eb"])
    }

    @Test func interfaceGroupsMustExistInTheInterfacesVPC() async throws {
        let (aws, _) = try TestWorld.make()
        let eni = try await aws.instance("i-123").networkInterfaces[1].networkInterfaceId
        #expect(await awsErrorCode { try await aws.modifyNetworkInterfaceAttribute(ModifyNetworkInterfaceAttributeInput(networkInterfaceId: eni, groups: ["sg-0b0"])) } == "InvalidGroup.NotFound")
        #expect(await awsErrorCode { try await aws.modifyNetworkInterfaceAttribute(ModifyNetworkInterfaceAttributeInput(networkInterfaceId: eni, groups: ["sg-0fff"])) } == "InvalidGroup.NotFound")
        #expect(await awsErrorCode { try await aws.modifyNetworkInterfaceAttribute(ModifyNetworkInterfaceAttributeInput(networkInterfaceId: "eni-0bad", groups: ["sg-0eb"])) } == "InvalidNetworkInterfaceID.NotFound")
        #expect(await awsErrorCode { try await aws.modifyNetworkInterfaceAttribute(ModifyNetworkInterfaceAttributeInput(networkInterfaceId: eni, groups: [])) } == "MissingParameter")
        try await aws.modifyNetworkInterfaceAttribute(ModifyNetworkInterfaceAttributeInput(networkInterfaceId: eni, groups: ["sg-0eb", "sg-0a9"]))
        let interfaces = try await aws.describeNetworkInterfaces(DescribeNetworkInterfacesInput(filters: [Filter(name: "attachment.instance-id", values: ["i-123"])]))
        #expect(interfaces.networkInterfaces.map { $0.groups.map(\.groupId) } == [["sg-0eb"], ["sg-0eb", "sg-0a9"]])
    }

    @Test func aNewGroupAllowsAllEgressUntilRevokedAndRulesAreNotDuplicated() async throws {
        let (aws, _) = try TestWorld.make()
        let created = try await aws.createSecurityGroup(CreateSecurityGroupInput(groupName: "quarantine", description: "irun quarantine", vpcId: "vpc-0a"))
        var group = try await aws.describeSecurityGroups(DescribeSecurityGroupsInput(groupIds: [created.groupId])).securityGroups[0]
        #expect(group.ipPermissions.isEmpty)
        #expect(group.ipPermissionsEgress == [.allIPv4Traffic])
        // Revoking the default egress rule empties the group; revoking again reports the rule unknown.
        let first = try await aws.revokeSecurityGroupEgress(RevokeSecurityGroupEgressInput(groupId: created.groupId, ipPermissions: [.allIPv4Traffic]))
        let second = try await aws.revokeSecurityGroupEgress(RevokeSecurityGroupEgressInput(groupId: created.groupId, ipPermissions: [.allIPv4Traffic]))
        group = try await aws.describeSecurityGroups(DescribeSecurityGroupsInput(groupIds: [created.groupId])).securityGroups[0]
        #expect(first.unknownIpPermissions.isEmpty)
        #expect(second.unknownIpPermissions == [.allIPv4Traffic])
        #expect(group.ipPermissionsEgress.isEmpty)
        // Same name in the same VPC is a duplicate; the same rule twice is a duplicate.
        #expect(await awsErrorCode { _ = try await aws.createSecurityGroup(CreateSecurityGroupInput(groupName: "quarantine", description: "again", vpcId: "vpc-0a")) } == "InvalidGroup.Duplicate")
        #expect(await awsErrorCode { _ = try await aws.createSecurityGroup(CreateSecurityGroupInput(groupName: "q", description: "d", vpcId: "vpc-0fff")) } == "InvalidVpcID.NotFound")
        let rule = IpPermission(ipProtocol: "tcp", fromPort: 443, toPort: 443, ipRanges: ["0.0.0.0/0"])
        try await aws.authorizeSecurityGroupIngress(AuthorizeSecurityGroupIngressInput(groupId: created.groupId, ipPermissions: [rule]))
        #expect(await awsErrorCode { try await aws.authorizeSecurityGroupIngress(AuthorizeSecurityGroupIngressInput(groupId: created.groupId, ipPermissions: [rule])) } == "InvalidPermission.Duplicate")
        #expect(await awsErrorCode { try await aws.authorizeSecurityGroupEgress(AuthorizeSecurityGroupEgressInput(groupId: created.groupId, ipPermissions: [IpPermission(ipProtocol: "tcp", ipRanges: ["0.0.0.0/0"])])) } == "InvalidParameterValue")
    }

    @Test func trackedConnectionsSurviveADirectMoveButNotATwoStepMove() async throws {
        // Given two copies of the world, each with an attacker session on i-123's eth0
        for twoStep in [false, true] {
            let (aws, _) = try TestWorld.make()
            let quarantine = try await aws.createSecurityGroup(CreateSecurityGroupInput(groupName: "quarantine", description: "no rules", vpcId: "vpc-0a")).groupId
            _ = try await aws.revokeSecurityGroupEgress(RevokeSecurityGroupEgressInput(groupId: quarantine, ipPermissions: [.allIPv4Traffic]))
            let eth0 = try await aws.instance("i-123").networkInterfaces[0].networkInterfaceId
            #expect(await aws.world.openConnections(of: "i-123") == 1)
            // When the interface moves to the quarantine group, directly or through an allow-all group
            if twoStep {
                let open = try await aws.createSecurityGroup(CreateSecurityGroupInput(groupName: "allow-all", description: "untrack", vpcId: "vpc-0a")).groupId
                try await aws.authorizeSecurityGroupIngress(AuthorizeSecurityGroupIngressInput(groupId: open, ipPermissions: [.allIPv4Traffic]))
                try await aws.modifyNetworkInterfaceAttribute(ModifyNetworkInterfaceAttributeInput(networkInterfaceId: eth0, groups: [open]))
            }
            try await aws.modifyNetworkInterfaceAttribute(ModifyNetworkInterfaceAttributeInput(networkInterfaceId: eth0, groups: [quarantine]))
            // Then only the two-step move cut the session
            #expect(await aws.world.openConnections(of: "i-123") == (twoStep ? 0 : 1))
        }
    }

    @Test func protectionAndShutdownBehaviourAreReadBack() async throws {
        let (aws, _) = try TestWorld.make()
        try await aws.modifyInstanceAttribute(ModifyInstanceAttributeInput(instanceId: "i-123", change: .disableApiTermination(true)))
        try await aws.modifyInstanceAttribute(ModifyInstanceAttributeInput(instanceId: "i-123", change: .instanceInitiatedShutdownBehavior("stop")))
        let protection = try await aws.describeInstanceAttribute(DescribeInstanceAttributeInput(instanceId: "i-123", attribute: .disableApiTermination))
        let behaviour = try await aws.describeInstanceAttribute(DescribeInstanceAttributeInput(instanceId: "i-123", attribute: .instanceInitiatedShutdownBehavior))
        #expect(protection.disableApiTermination == true)
        #expect(behaviour.instanceInitiatedShutdownBehavior == "stop")
        #expect(await awsErrorCode { try await aws.modifyInstanceAttribute(ModifyInstanceAttributeInput(instanceId: "i-123", change: .instanceInitiatedShutdownBehavior("hibernate"))) } == "InvalidParameterValue")
    }

    @Test func aSnapshotTakenByAStepBehindTheWorldCountsFromTheStepsOwnTime() async throws {
        // Given parallel simulated timelines, one of which has moved the world an hour ahead
        let spec = TestWorld.spec()
        let clock = TimelineClock(start: spec.start)
        let aws = try MockAWS(spec: spec, clock: clock)
        let start = clock.now
        _ = try await clock.fork(at: start.addingTimeInterval(3600)) { try await aws.instance("i-0db") }
        // When a step at the start snapshots i-123's 100 GiB volume (200 s) and looks 201 s later
        let states = try await clock.fork(at: start) {
            let volume = try await aws.describeVolumes(DescribeVolumesInput(filters: [Filter(name: "attachment.instance-id", values: ["i-123"])])).volumes.first { $0.size == 100 }!
            let snapshot = try await aws.createSnapshot(CreateSnapshotInput(volumeId: volume.volumeId))
            try await clock.sleep(until: start.addingTimeInterval(201))
            return (snapshot, try await aws.describeSnapshots(DescribeSnapshotsInput(snapshotIds: [snapshot.snapshotId])).snapshots[0])
        }.result
        // Then it started at the step's time and is done after its own 200 s, not the world's hour plus 200 s
        #expect(states.0.startTime == start)
        #expect(states.1.state == .completed)
    }

    @Test func snapshotsGoFromPendingToCompletedOnTheClock() async throws {
        // Given i-123's 100 GiB data volume (2 s per GiB → 200 s)
        let (aws, clock) = try TestWorld.make()
        let volume = try await aws.describeVolumes(DescribeVolumesInput(filters: [Filter(name: "attachment.instance-id", values: ["i-123"])])).volumes.first { $0.size == 100 }!
        // When a snapshot is taken
        let snapshot = try await aws.createSnapshot(CreateSnapshotInput(volumeId: volume.volumeId, description: "case-1", tags: [Tag(key: "quarantine-case", value: "case-1")]))
        #expect(snapshot.state == .pending)
        clock.advance(by: .seconds(100))
        let halfway = try await aws.describeSnapshots(DescribeSnapshotsInput(snapshotIds: [snapshot.snapshotId])).snapshots[0]
        clock.advance(by: .seconds(101))
        let done = try await aws.describeSnapshots(DescribeSnapshotsInput(filters: [Filter(name: "tag:quarantine-case", values: ["case-1"])])).snapshots
        // Then it is half done at 100 s and completed after 200 s
        #expect(halfway.state == .pending && halfway.progress == "50%")
        #expect(done.map(\.state) == [.completed] && done[0].progress == "100%")
        #expect(await awsErrorCode { _ = try await aws.createSnapshot(CreateSnapshotInput(volumeId: "vol-0ffff")) } == "InvalidVolume.NotFound")
        #expect(await awsErrorCode { _ = try await aws.describeSnapshots(DescribeSnapshotsInput(snapshotIds: ["snap-0ffff"])) } == "InvalidSnapshot.NotFound")
    }

    @Test func multiVolumeSnapshotsStartTogetherAndCompleteEachOnItsOwnClock() async throws {
        // Given i-123 with an 8 GiB (20 s minimum) and a 100 GiB volume (2 s per GiB: 200 s)
        let rule = FaultRule(name: "second-fails", operations: ["CreateSnapshots"], window: .calls(2...2), effect: .fail(code: "InternalError", message: "An internal error has occurred."))
        let (aws, clock) = try TestWorld.make { $0.behaviour.faults = [rule] }
        // When all its volumes are snapshotted in one call
        let created = try await aws.createSnapshots(CreateSnapshotsInput(instanceId: "i-123", description: "case-1", tags: [Tag(key: "quarantine-case", value: "case-1")]))
        // Then there is one pending snapshot per volume, root first, started at the same time, tagged and described
        let volumes = await aws.world.instances["i-123"]!.volumeIds
        #expect(created.snapshots.map(\.volumeId) == volumes)
        #expect(created.snapshots.allSatisfy { $0.state == .pending && $0.startTime == clock.now && $0.description == "case-1" && $0.tags == [Tag(key: "quarantine-case", value: "case-1")] })
        #expect(created.snapshots.map(\.volumeSize) == [8, 100])
        // And each completes after its own volume's time
        clock.advance(by: .seconds(21))
        let early = try await aws.describeSnapshots(DescribeSnapshotsInput(snapshotIds: created.snapshots.map(\.snapshotId))).snapshots
        #expect(early.map(\.state) == [.completed, .pending])
        clock.advance(by: .seconds(180))
        #expect(try await aws.describeSnapshots(DescribeSnapshotsInput(filters: [Filter(name: "tag:quarantine-case", values: ["case-1"])])).snapshots.allSatisfy { $0.state == .completed })
        // And it is one logged, mutating call that fault rules hit; a failed one takes nothing
        #expect(await awsErrorCode { _ = try await aws.createSnapshots(CreateSnapshotsInput(instanceId: "i-123")) } == "InternalError")
        #expect(await aws.world.snapshots.count == 2)
        #expect(await aws.calls.calls(to: .createSnapshots).map(\.resourceIDs) == [["i-123"], ["i-123"]])
        #expect(CreateSnapshotsInput.operation.mutates)
        // Unknown and malformed ids and over-long descriptions are refused
        #expect(await awsErrorCode { _ = try await aws.createSnapshots(CreateSnapshotsInput(instanceId: "i-0ffff")) } == "InvalidInstanceID.NotFound")
        #expect(await awsErrorCode { _ = try await aws.createSnapshots(CreateSnapshotsInput(instanceId: "vol-0123")) } == "InvalidInstanceID.Malformed")
        #expect(await awsErrorCode { _ = try await aws.createSnapshots(CreateSnapshotsInput(instanceId: "i-123", description: String(repeating: "x", count: 256))) } == "InvalidParameterValue")
    }

    @Test func stoppingTakesTimeAndTerminatedInstancesCannotStop() async throws {
        let (aws, clock) = try TestWorld.make()
        let change = try await aws.stopInstances(StopInstancesInput(instanceIds: ["i-0db"]))
        #expect(change.stoppingInstances == [InstanceStateChange(instanceId: "i-0db", previousState: .running, currentState: .stopping)])
        clock.advance(by: .seconds(31))
        #expect(try await aws.instance("i-0db").state == .stopped)
        let again = try await aws.stopInstances(StopInstancesInput(instanceIds: ["i-0db"]))
        #expect(again.stoppingInstances[0].currentState == .stopped)
        await aws.change { $0.terminate("i-456", reason: "test") }
        #expect(await awsErrorCode { _ = try await aws.stopInstances(StopInstancesInput(instanceIds: ["i-456"])) } == "IncorrectInstanceState")
    }

    @Test func tagsAreAddedOverwrittenAndDeletedWithAWSLimits() async throws {
        let (aws, _) = try TestWorld.make()
        try await aws.createTags(CreateTagsInput(resources: ["i-123"], tags: [Tag(key: "quarantine", value: "true"), Tag(key: "Name", value: "web-1-q")]))
        var tags = try await aws.instance("i-123").tags
        #expect(tags.value(of: "quarantine") == "true" && tags.value(of: "Name") == "web-1-q" && tags.count == 2)
        try await aws.deleteTags(DeleteTagsInput(resources: ["i-123"], tags: [TagToDelete(key: "quarantine", value: "false"), TagToDelete(key: "Name")]))
        tags = try await aws.instance("i-123").tags
        #expect(tags == [Tag(key: "quarantine", value: "true")])
        #expect(await awsErrorCode { try await aws.createTags(CreateTagsInput(resources: ["i-123"], tags: [Tag(key: "aws:x", value: "1")])) } == "InvalidParameterValue")
        #expect(await awsErrorCode { try await aws.createTags(CreateTagsInput(resources: ["i-123"], tags: (1...50).map { Tag(key: "k\($0)", value: "v") })) } == "TagLimitExceeded")
        #expect(await awsErrorCode { try await aws.createTags(CreateTagsInput(resources: ["bogus-1"], tags: [Tag(key: "a", value: "b")])) } == "InvalidID")
        #expect(await awsErrorCode { try await aws.createTags(CreateTagsInput(resources: ["i-123", "i-0ffff"], tags: [Tag(key: "a", value: "b")])) } == "InvalidInstanceID.NotFound")
        // A failed multi-resource call changes nothing.
        #expect(try await aws.instance("i-123").tags.value(of: "a") == nil)
    }

    @Test func aTerminatedInstanceStaysVisibleForAnHourThenIsNotFound() async throws {
        // Given i-0db terminated (as if by a game day)
        let (aws, clock) = try TestWorld.make()
        await aws.change { $0.terminate("i-0db", reason: "test") }
        clock.advance(by: .seconds(31))
        // Then it shows as terminated, without its delete-on-termination volumes, for an hour
        #expect(try await aws.instance("i-0db").state == .terminated)
        #expect(try await aws.instance("i-0db").blockDeviceMappings.isEmpty)
        clock.advance(by: .seconds(3600))
        #expect(await awsErrorCode { _ = try await aws.describeInstances(DescribeInstancesInput(instanceIds: ["i-0db"])) } == "InvalidInstanceID.NotFound")
    }

    @Test func egressRulesCanBeAddedAndTheGroupSetIsReadBack() async throws {
        let (aws, _) = try TestWorld.make()
        let rule = IpPermission(ipProtocol: "tcp", fromPort: 443, toPort: 443, ipRanges: ["10.0.0.0/8"])
        try await aws.authorizeSecurityGroupEgress(AuthorizeSecurityGroupEgressInput(groupId: "sg-0a9", ipPermissions: [rule]))
        let group = try await aws.describeSecurityGroups(DescribeSecurityGroupsInput(filters: [Filter(name: "group-name", values: ["mgmt"])])).securityGroups
        #expect(group.map(\.ipPermissionsEgress) == [[.allIPv4Traffic, rule]])
        let set = try await aws.describeInstanceAttribute(DescribeInstanceAttributeInput(instanceId: "i-0db", attribute: .groupSet))
        #expect(set.groups == [GroupIdentifier(groupId: "sg-0a9", groupName: "mgmt")])
        #expect(await awsErrorCode { _ = try await aws.describeSecurityGroups(DescribeSecurityGroupsInput(groupIds: ["sg-0fff"])) } == "InvalidGroup.NotFound")
        #expect(await awsErrorCode { _ = try await aws.describeSecurityGroups(DescribeSecurityGroupsInput(groupIds: ["web"])) } == "InvalidGroupId.Malformed")
    }
}
