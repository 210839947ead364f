import Foundation
import Providers

extension World {
    func describeVolumes(_ input: DescribeVolumesInput) throws(AWSError) -> DescribeVolumesOutput {
        try requireKnown(input.filters, ["volume-id", "attachment.instance-id", "status", "attachment.status", "availability-zone"])
        var records: [VolumeRecord] = []
        if input.volumeIds.isEmpty, let attached = Self.singleValue(of: "attachment.instance-id", in: input.filters) {
            // The common question ("the volumes of this instance") without scanning every volume.
            records = (instances[attached]?.volumeIds ?? []).compactMap { volumes[$0] }
        } else if input.volumeIds.isEmpty {
            records = volumes.values
        } else {
            for id in input.volumeIds { try IDShape.require(id, prefix: "vol", code: .invalidVolumeIDMalformed) }
            let missing = input.volumeIds.filter { volumes[$0] == nil }
            guard missing.isEmpty else { throw AWSError(.invalidVolumeNotFound, "The volume '\(missing[0])' does not exist.") }
            records = input.volumeIds.compactMap { volumes[$0] }
        }
        let described = records.map(describe).filter { volume in
            input.filters.allSatisfy { filter in
                if let byTag = FilterMatch.tags(filter, volume.tags) { return byTag }
                switch filter.name {
                case "volume-id": return FilterMatch.any(filter.values, volume.volumeId)
                case "attachment.instance-id": return volume.attachments.contains { FilterMatch.any(filter.values, $0.instanceId) }
                case "attachment.status": return volume.attachments.contains { FilterMatch.any(filter.values, $0.state) }
                case "availability-zone": return FilterMatch.any(filter.values, volume.availabilityZone)
                default: return FilterMatch.any(filter.values, volume.state)
                }
            }
        }
        let (page, next) = try Pagination.ec2.page(described, limit: input.maxResults, token: input.nextToken)
        return DescribeVolumesOutput(volumes: page, nextToken: next)
    }

    mutating func createSnapshot(_ input: CreateSnapshotInput) throws(AWSError) -> Snapshot {
        try IDShape.require(input.volumeId, prefix: "vol", code: .invalidVolumeIDMalformed)
        guard let volume = volumes[input.volumeId] else { throw AWSError(.invalidVolumeNotFound, "The volume '\(input.volumeId)' does not exist.") }
        guard volume.state == "in-use" || volume.state == "available" else {
            throw AWSError(.incorrectState, "The volume '\(volume.id)' is '\(volume.state)' and cannot be snapshotted.")
        }
        try Self.requireSnapshotDescription(input.description)
        try validateTags(input.tags, existing: [])
        return startSnapshot(of: volume, description: input.description, tags: input.tags)
    }

    /// One snapshot of every volume attached to the instance (root first), all started now; an
    /// instance with no volume attached (a terminated one) gets none.
    mutating func createSnapshots(_ input: CreateSnapshotsInput) throws(AWSError) -> CreateSnapshotsOutput {
        let instance = try requireInstance(input.instanceId)
        try Self.requireSnapshotDescription(input.description)
        try validateTags(input.tags, existing: [])
        let attached = instance.volumeIds.compactMap { volumes[$0] }.filter { $0.attachment?.instanceId == instance.id }
        return CreateSnapshotsOutput(snapshots: attached.map { startSnapshot(of: $0, description: input.description, tags: input.tags) })
    }

    static func requireSnapshotDescription(_ description: String) throws(AWSError) {
        guard description.count <= 255 else { throw AWSError(.invalidParameterValue, "The snapshot description must be at most 255 characters.") }
    }

    /// Starts a `pending` snapshot that completes after the world's snapshot timings.
    private mutating func startSnapshot(of volume: VolumeRecord, description: String, tags: [Tag]) -> Snapshot {
        let id = ids.next("snap")
        let seconds = max(timings.snapshotMinimum.timeInterval, Double(volume.size) * timings.snapshotSecondsPerGiB)
        let started = min(callTime ?? now, now)
        let completesAt = started.addingTimeInterval(seconds)
        let snapshot = Snapshot(
            snapshotId: id, volumeId: volume.id, volumeSize: volume.size, state: .pending, progress: "0%", startTime: started,
            description: description, ownerId: accountId, encrypted: volume.encrypted, tags: tags
        )
        snapshots[id] = SnapshotRecord(snapshot: snapshot, completesAt: completesAt)
        timeline.schedule(.snapshotCompletes(snapshotId: id), at: completesAt)
        return snapshot
    }

    func describeSnapshots(_ input: DescribeSnapshotsInput) throws(AWSError) -> DescribeSnapshotsOutput {
        try requireKnown(input.filters, ["snapshot-id", "volume-id", "status", "owner-id", "description"])
        var records: [SnapshotRecord] = []
        if input.snapshotIds.isEmpty {
            records = snapshots.values
        } else {
            for id in input.snapshotIds { try IDShape.require(id, prefix: "snap", code: .invalidSnapshotIDMalformed) }
            let missing = input.snapshotIds.filter { snapshots[$0] == nil }
            guard missing.isEmpty else { throw AWSError(.invalidSnapshotNotFound, "The snapshot '\(missing[0])' does not exist.") }
            records = input.snapshotIds.compactMap { snapshots[$0] }
        }
        let owners = input.ownerIds.map { $0 == "self" ? accountId : $0 }
        let described = records.map(describe).filter { snapshot in
            (owners.isEmpty || owners.contains(snapshot.ownerId)) && input.filters.allSatisfy { filter in
                if let byTag = FilterMatch.tags(filter, snapshot.tags) { return byTag }
                switch filter.name {
                case "snapshot-id": return FilterMatch.any(filter.values, snapshot.snapshotId)
                case "volume-id": return FilterMatch.any(filter.values, snapshot.volumeId)
                case "owner-id": return FilterMatch.any(filter.values, snapshot.ownerId)
                case "description": return FilterMatch.any(filter.values, snapshot.description)
                default: return FilterMatch.any(filter.values, snapshot.state.rawValue)
                }
            }
        }
        let (page, next) = try Pagination.ec2.page(described, limit: input.maxResults, token: input.nextToken)
        return DescribeSnapshotsOutput(snapshots: page, nextToken: next)
    }

    /// The one value of a filter named `name` that has exactly one exact value, if any.
    static func singleValue(of name: String, in filters: [Filter]) -> String? {
        guard let filter = filters.first(where: { $0.name == name }), filter.values.count == 1,
              !filter.values[0].utf8.contains(where: { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") }) else { return nil }
        return filter.values[0]
    }
}
