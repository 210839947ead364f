public import Foundation

/// How a volume is attached to an instance.
public struct VolumeAttachment: Hashable, Sendable, Codable {
    public var instanceId: String
    public var device: String
    /// `attaching`, `attached`, `detaching`, `detached`.
    public var state: String
    public var deleteOnTermination: Bool

    public init(instanceId: String, device: String, state: String, deleteOnTermination: Bool) {
        self.instanceId = instanceId
        self.device = device
        self.state = state
        self.deleteOnTermination = deleteOnTermination
    }
}

/// An EBS volume.
public struct Volume: Hashable, Sendable, Codable {
    public var volumeId: String
    /// Size in GiB.
    public var size: Int
    public var volumeType: String
    /// `creating`, `available`, `in-use`, `deleting`, `deleted`, `error`.
    public var state: String
    public var availabilityZone: String
    public var encrypted: Bool
    public var createTime: Date
    public var attachments: [VolumeAttachment]
    public var tags: [Tag]

    public init(volumeId: String, size: Int, volumeType: String, state: String, availabilityZone: String, encrypted: Bool, createTime: Date, attachments: [VolumeAttachment], tags: [Tag]) {
        self.volumeId = volumeId
        self.size = size
        self.volumeType = volumeType
        self.state = state
        self.availabilityZone = availabilityZone
        self.encrypted = encrypted
        self.createTime = createTime
        self.attachments = attachments
        self.tags = tags
    }
}

/// The state of an EBS snapshot.
public enum SnapshotState: String, Hashable, Sendable, Codable {
    case pending, completed, error, recoverable, recovering
}

/// An EBS snapshot.
public struct Snapshot: Hashable, Sendable, Codable {
    public var snapshotId: String
    public var volumeId: String
    public var volumeSize: Int
    public var state: SnapshotState
    /// Percent done, such as `"42%"`.
    public var progress: String
    public var startTime: Date
    public var description: String
    public var ownerId: String
    public var encrypted: Bool
    public var tags: [Tag]

    public init(snapshotId: String, volumeId: String, volumeSize: Int, state: SnapshotState, progress: String, startTime: Date, description: String, ownerId: String, encrypted: Bool, tags: [Tag]) {
        self.snapshotId = snapshotId
        self.volumeId = volumeId
        self.volumeSize = volumeSize
        self.state = state
        self.progress = progress
        self.startTime = startTime
        self.description = description
        self.ownerId = ownerId
        self.encrypted = encrypted
        self.tags = tags
    }
}
