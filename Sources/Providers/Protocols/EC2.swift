/// The EC2 operations irun's actions and their undo need, one method per API operation.
public protocol EC2: Sendable {
    /// Describes instances by id and/or filters.
    ///
    /// - Throws: ``AWSError`` `InvalidInstanceID.NotFound` naming the missing ids, `InvalidInstanceID.Malformed`.
    func describeInstances(_ input: DescribeInstancesInput) async throws -> DescribeInstancesOutput
    /// Describes network interfaces by id and/or filters.
    func describeNetworkInterfaces(_ input: DescribeNetworkInterfacesInput) async throws -> DescribeNetworkInterfacesOutput
    /// Describes security groups by id and/or filters.
    ///
    /// - Throws: ``AWSError`` `InvalidGroup.NotFound`, `InvalidGroupId.Malformed`.
    func describeSecurityGroups(_ input: DescribeSecurityGroupsInput) async throws -> DescribeSecurityGroupsOutput
    /// Creates a security group in a VPC, with AWS's default allow-all egress rule.
    ///
    /// - Throws: ``AWSError`` `InvalidGroup.Duplicate`, `InvalidVpcID.NotFound`.
    func createSecurityGroup(_ input: CreateSecurityGroupInput) async throws -> CreateSecurityGroupOutput
    /// Adds inbound rules.
    ///
    /// - Throws: ``AWSError`` `InvalidPermission.Duplicate`, `InvalidGroup.NotFound`.
    func authorizeSecurityGroupIngress(_ input: AuthorizeSecurityGroupIngressInput) async throws
    /// Adds outbound rules.
    ///
    /// - Throws: ``AWSError`` `InvalidPermission.Duplicate`, `InvalidGroup.NotFound`.
    func authorizeSecurityGroupEgress(_ input: AuthorizeSecurityGroupEgressInput) async throws
    /// Removes outbound rules; rules that did not exist come back in the output.
    func revokeSecurityGroupEgress(_ input: RevokeSecurityGroupEgressInput) async throws -> RevokeSecurityGroupEgressOutput
    /// Changes one instance attribute.
    ///
    /// - Throws: ``AWSError`` `InvalidInstanceID` for groups on a multi-interface instance, `IncorrectInstanceState`.
    func modifyInstanceAttribute(_ input: ModifyInstanceAttributeInput) async throws
    /// Replaces the security groups of one network interface.
    ///
    /// - Throws: ``AWSError`` `InvalidNetworkInterfaceID.NotFound`, `InvalidGroup.NotFound` (also for a group of another VPC).
    func modifyNetworkInterfaceAttribute(_ input: ModifyNetworkInterfaceAttributeInput) async throws
    /// Describes EBS volumes.
    func describeVolumes(_ input: DescribeVolumesInput) async throws -> DescribeVolumesOutput
    /// Starts a snapshot of a volume; it begins `pending`.
    ///
    /// - Throws: ``AWSError`` `InvalidVolume.NotFound`, `IncorrectState`.
    func createSnapshot(_ input: CreateSnapshotInput) async throws -> Snapshot
    /// Starts one snapshot of each EBS volume attached to an instance, at the same point in time; each begins `pending`.
    ///
    /// - Throws: ``AWSError`` `InvalidInstanceID.NotFound`, `InvalidInstanceID.Malformed`.
    func createSnapshots(_ input: CreateSnapshotsInput) async throws -> CreateSnapshotsOutput
    /// Describes snapshots.
    func describeSnapshots(_ input: DescribeSnapshotsInput) async throws -> DescribeSnapshotsOutput
    /// Adds or overwrites tags.
    ///
    /// - Throws: ``AWSError`` `TagLimitExceeded`, `InvalidID`, or the resource's `…NotFound`.
    func createTags(_ input: CreateTagsInput) async throws
    /// Deletes tags.
    func deleteTags(_ input: DeleteTagsInput) async throws
    /// Lists tags, one entry per resource and key; an unknown resource id simply has none.
    func describeTags(_ input: DescribeTagsInput) async throws -> DescribeTagsOutput
    /// Stops instances.
    ///
    /// - Throws: ``AWSError`` `IncorrectInstanceState` for terminated or pending instances.
    func stopInstances(_ input: StopInstancesInput) async throws -> StopInstancesOutput
    /// Reads one instance attribute.
    func describeInstanceAttribute(_ input: DescribeInstanceAttributeInput) async throws -> DescribeInstanceAttributeOutput
}
