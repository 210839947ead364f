public import Providers

extension MockAWS {
    public func describeInstances(_ input: DescribeInstancesInput) async throws -> DescribeInstancesOutput {
        try await perform(input) { world, _ throws(AWSError) in try world.describeInstances(input) }
    }

    public func describeNetworkInterfaces(_ input: DescribeNetworkInterfacesInput) async throws -> DescribeNetworkInterfacesOutput {
        try await perform(input) { world, _ throws(AWSError) in try world.describeNetworkInterfaces(input) }
    }

    public func describeSecurityGroups(_ input: DescribeSecurityGroupsInput) async throws -> DescribeSecurityGroupsOutput {
        try await perform(input) { world, _ throws(AWSError) in try world.describeSecurityGroups(input) }
    }

    public func createSecurityGroup(_ input: CreateSecurityGroupInput) async throws -> CreateSecurityGroupOutput {
        try await perform(input) { world, _ throws(AWSError) in try world.createSecurityGroup(input) }
    }

    public func authorizeSecurityGroupIngress(_ input: AuthorizeSecurityGroupIngressInput) async throws {
        try await perform(input) { world, _ throws(AWSError) in try world.authorize(input.ipPermissions, on: input.groupId, egress: false) }
    }

    public func authorizeSecurityGroupEgress(_ input: AuthorizeSecurityGroupEgressInput) async throws {
        try await perform(input) { world, _ throws(AWSError) in try world.authorize(input.ipPermissions, on: input.groupId, egress: true) }
    }

    public func revokeSecurityGroupEgress(_ input: RevokeSecurityGroupEgressInput) async throws -> RevokeSecurityGroupEgressOutput {
        try await perform(input) { world, _ throws(AWSError) in try world.revokeEgress(input) }
    }

    public func modifyInstanceAttribute(_ input: ModifyInstanceAttributeInput) async throws {
        try await perform(input) { world, _ throws(AWSError) in try world.modifyInstanceAttribute(input) }
    }

    public func modifyNetworkInterfaceAttribute(_ input: ModifyNetworkInterfaceAttributeInput) async throws {
        try await perform(input) { world, _ throws(AWSError) in try world.modifyNetworkInterfaceAttribute(input) }
    }

    public func describeVolumes(_ input: DescribeVolumesInput) async throws -> DescribeVolumesOutput {
        try await perform(input) { world, _ throws(AWSError) in try world.describeVolumes(input) }
    }

    public func createSnapshot(_ input: CreateSnapshotInput) async throws -> Snapshot {
        try await perform(input) { world, _ throws(AWSError) in try world.createSnapshot(input) }
    }

    public func createSnapshots(_ input: CreateSnapshotsInput) async throws -> CreateSnapshotsOutput {
        try await perform(input) { world, _ throws(AWSError) in try world.createSnapshots(input) }
    }

    public func describeSnapshots(_ input: DescribeSnapshotsInput) async throws -> DescribeSnapshotsOutput {
        try await perform(input) { world, _ throws(AWSError) in try world.describeSnapshots(input) }
    }

    public func createTags(_ input: CreateTagsInput) async throws {
        try await perform(input) { world, _ throws(AWSError) in try world.createTags(input) }
    }

    public func deleteTags(_ input: DeleteTagsInput) async throws {
        try await perform(input) { world, _ throws(AWSError) in try world.deleteTags(input) }
    }

    public func describeTags(_ input: DescribeTagsInput) async throws -> DescribeTagsOutput {
        try await perform(input) { world, _ throws(AWSError) in try world.describeTags(input) }
    }

    public func stopInstances(_ input: StopInstancesInput) async throws -> StopInstancesOutput {
        try await perform(input) { world, _ throws(AWSError) in try world.stopInstances(input) }
    }

    public func describeInstanceAttribute(_ input: DescribeInstanceAttributeInput) async throws -> DescribeInstanceAttributeOutput {
        try await perform(input) { world, _ throws(AWSError) in try world.describeInstanceAttribute(input) }
    }
}
