/// `DescribeVolumes`: volumes by id and/or filters (`attachment.instance-id`, `status`, `tag:KEY`).
public struct DescribeVolumesInput: AWSRequest, Hashable {
    public static let operation = AWSOperation.describeVolumes
    public var volumeIds: [String]
    public var filters: [Filter]
    public var maxResults: Int?
    public var nextToken: String?
    public var resourceIDs: [String] { volumeIds + filters.filter { $0.name == "attachment.instance-id" }.flatMap(\.values) }

    public init(volumeIds: [String] = [], filters: [Filter] = [], maxResults: Int? = nil, nextToken: String? = nil) {
        self.volumeIds = volumeIds
        self.filters = filters
        self.maxResults = maxResults
        self.nextToken = nextToken
    }
}

public struct DescribeVolumesOutput: Hashable, Sendable, Codable {
    public var volumes: [Volume]
    public var nextToken: String?

    public init(volumes: [Volume], nextToken: String?) {
        self.volumes = volumes
        self.nextToken = nextToken
    }
}

/// `CreateSnapshot` of one volume, tagged at creation (`TagSpecification.N`).
public struct CreateSnapshotInput: AWSRequest, Hashable {
    public static let operation = AWSOperation.createSnapshot
    public var volumeId: String
    public var description: String
    public var tags: [Tag]
    public var resourceIDs: [String] { [volumeId] }

    public init(volumeId: String, description: String = "", tags: [Tag] = []) {
        self.volumeId = volumeId
        self.description = description
        self.tags = tags
    }
}

/// `CreateSnapshots`: one snapshot of every EBS volume attached to an instance, all taken at the
/// same point in time (crash-consistent across the volumes), tagged at creation (`TagSpecification.N`).
public struct CreateSnapshotsInput: AWSRequest, Hashable {
    public static let operation = AWSOperation.createSnapshots
    public var instanceId: String
    /// One description for every snapshot of the call.
    public var description: String
    public var tags: [Tag]
    public var resourceIDs: [String] { [instanceId] }

    public init(instanceId: String, description: String = "", tags: [Tag] = []) {
        self.instanceId = instanceId
        self.description = description
        self.tags = tags
    }
}

public struct CreateSnapshotsOutput: Hashable, Sendable, Codable {
    /// One snapshot per volume, each starting `pending`.
    public var snapshots: [Snapshot]

    public init(snapshots: [Snapshot]) { self.snapshots = snapshots }
}

/// `DescribeSnapshots`: snapshots by id and/or filters (`volume-id`, `status`, `tag:KEY`), owned by `self` by default.
public struct DescribeSnapshotsInput: AWSRequest, Hashable {
    public static let operation = AWSOperation.describeSnapshots
    public var snapshotIds: [String]
    public var filters: [Filter]
    public var ownerIds: [String]
    public var maxResults: Int?
    public var nextToken: String?
    public var resourceIDs: [String] { snapshotIds }

    public init(snapshotIds: [String] = [], filters: [Filter] = [], ownerIds: [String] = ["self"], maxResults: Int? = nil, nextToken: String? = nil) {
        self.snapshotIds = snapshotIds
        self.filters = filters
        self.ownerIds = ownerIds
        self.maxResults = maxResults
        self.nextToken = nextToken
    }
}

public struct DescribeSnapshotsOutput: Hashable, Sendable, Codable {
    public var snapshots: [Snapshot]
    public var nextToken: String?

    public init(snapshots: [Snapshot], nextToken: String?) {
        self.snapshots = snapshots
        self.nextToken = nextToken
    }
}
