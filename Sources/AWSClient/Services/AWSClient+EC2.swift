public import Providers

extension AWSClient {
    public func describeInstances(_ input: DescribeInstancesInput) async throws -> DescribeInstancesOutput {
        try await decode(call(input)) { try DescribeInstancesOutput(xml: $0) }
    }

    public func describeNetworkInterfaces(_ input: DescribeNetworkInterfacesInput) async throws -> DescribeNetworkInterfacesOutput {
        try await decode(call(input)) {
            DescribeNetworkInterfacesOutput(networkInterfaces: $0.list("networkInterfaceSet").map(NetworkInterface.init(xml:)), nextToken: $0.nextToken)
        }
    }

    public func describeSecurityGroups(_ input: DescribeSecurityGroupsInput) async throws -> DescribeSecurityGroupsOutput {
        try await decode(call(input)) {
            DescribeSecurityGroupsOutput(securityGroups: $0.list("securityGroupInfo").map(SecurityGroup.init(xml:)), nextToken: $0.nextToken)
        }
    }

    public func createSecurityGroup(_ input: CreateSecurityGroupInput) async throws -> CreateSecurityGroupOutput {
        try await decode(call(input)) { CreateSecurityGroupOutput(groupId: try $0.required("groupId")) }
    }

    public func authorizeSecurityGroupIngress(_ input: AuthorizeSecurityGroupIngressInput) async throws {
        _ = try await call(input)
    }

    public func authorizeSecurityGroupEgress(_ input: AuthorizeSecurityGroupEgressInput) async throws {
        _ = try await call(input)
    }

    public func revokeSecurityGroupEgress(_ input: RevokeSecurityGroupEgressInput) async throws -> RevokeSecurityGroupEgressOutput {
        try await decode(call(input)) {
            RevokeSecurityGroupEgressOutput(unknownIpPermissions: $0.list("unknownIpPermissionSet").map(IpPermission.init(xml:)))
        }
    }

    public func modifyInstanceAttribute(_ input: ModifyInstanceAttributeInput) async throws {
        _ = try await call(input)
    }

    public func modifyNetworkInterfaceAttribute(_ input: ModifyNetworkInterfaceAttributeInput) async throws {
        _ = try await call(input)
    }

    public func describeVolumes(_ input: DescribeVolumesInput) async throws -> DescribeVolumesOutput {
        try await decode(call(input)) { DescribeVolumesOutput(volumes: $0.list("volumeSet").map(Volume.init(xml:)), nextToken: $0.nextToken) }
    }

    public func createSnapshot(_ input: CreateSnapshotInput) async throws -> Snapshot {
        try await decode(call(input)) { try Snapshot(xml: $0) }
    }

    public func createSnapshots(_ input: CreateSnapshotsInput) async throws -> CreateSnapshotsOutput {
        try await decode(call(input)) { CreateSnapshotsOutput(snapshots: try $0.list("snapshotSet").map(Snapshot.init(snapshotInfo:))) }
    }

    public func describeSnapshots(_ input: DescribeSnapshotsInput) async throws -> DescribeSnapshotsOutput {
        try await decode(call(input)) {
            DescribeSnapshotsOutput(snapshots: try $0.list("snapshotSet").map(Snapshot.init(xml:)), nextToken: $0.nextToken)
        }
    }

    public func createTags(_ input: CreateTagsInput) async throws {
        _ = try await call(input)
    }

    public func deleteTags(_ input: DeleteTagsInput) async throws {
        _ = try await call(input)
    }

    public func describeTags(_ input: DescribeTagsInput) async throws -> DescribeTagsOutput {
        try await decode(call(input)) { DescribeTagsOutput(tags: $0.list("tagSet").map(TagDescription.init(xml:)), nextToken: $0.nextToken) }
    }

    public func stopInstances(_ input: StopInstancesInput) async throws -> StopInstancesOutput {
        try await decode(call(input)) { StopInstancesOutput(stoppingInstances: try $0.list("instancesSet").map(InstanceStateChange.init(xml:))) }
    }

    public func describeInstanceAttribute(_ input: DescribeInstanceAttributeInput) async throws -> DescribeInstanceAttributeOutput {
        try await decode(call(input)) { DescribeInstanceAttributeOutput(xml: $0) }
    }
}

extension AWSClient {
    /// Runs a decoder over a response, turning a shape mismatch into an ``AWSError`` with code `InvalidResponse`.
    func decode<Output>(_ xml: XMLTree, _ decoder: (XMLTree) throws -> Output) throws -> Output {
        do {
            return try decoder(xml)
        } catch let error as ResponseShapeError {
            throw AWSError("InvalidResponse", "unexpected \(xml.name) response: \(error.message)", httpStatus: 200, isRetryable: false)
        }
    }
}
