import Providers

// How the EC2 look-ups the actions make merge across a fleet's targets, and which of their
// answers are cached (see ``MergingMiddleware``).

extension DescribeInstancesInput: MergeableRequest, CachedRead {
    /// By ids only: one call for up to 100 instances.
    private var byIDsOnly: Bool { !instanceIds.isEmpty && filters.isEmpty && maxResults == nil && nextToken == nil }
    var mergeKey: (any Hashable & Sendable)? { byIDsOnly ? "ids" : nil }
    static var maxMerged: Int { 100 }

    static func sendMerged(_ requests: [Self], through send: @escaping Send<Self>) async -> [Result<DescribeInstancesOutput, any Error>] {
        await MergeRules.merged(requests, call: {
            try await send(DescribeInstancesInput(instanceIds: MergeRules.unique(requests.flatMap(\.instanceIds))))
        }, split: { output, request in
            let wanted = Set(request.instanceIds)
            let reservations = output.reservations.compactMap { reservation -> Reservation? in
                var kept = reservation
                kept.instances = reservation.instances.filter { wanted.contains($0.instanceId) }
                return kept.instances.isEmpty ? nil : kept
            }
            return DescribeInstancesOutput(reservations: reservations, nextToken: nil)
        }, single: send)
    }

    var isCacheable: Bool { byIDsOnly }

    /// The instances, and each interface's groups (not the interfaces' tags).
    func cacheTopics(of output: DescribeInstancesOutput) -> [String] {
        instanceIds + output.instances.flatMap { $0.networkInterfaces.map { MergeRules.groupsTopic($0.networkInterfaceId) } }
    }
}

extension DescribeNetworkInterfacesInput: MergeableRequest, CachedRead {
    /// By `attachment.instance-id` only: one call (paginated) for up to 100 instances.
    private var byInstance: Bool { MergeRules.byAttachedInstance(filters) && networkInterfaceIds.isEmpty && maxResults == nil && nextToken == nil }
    var mergeKey: (any Hashable & Sendable)? { byInstance ? "attachment.instance-id" : nil }
    static var maxMerged: Int { 100 }

    static func sendMerged(_ requests: [Self], through send: @escaping Send<Self>) async -> [Result<DescribeNetworkInterfacesOutput, any Error>] {
        await MergeRules.merged(requests, call: {
            let filter = [Filter(name: "attachment.instance-id", values: MergeRules.unique(requests.flatMap { $0.filters[0].values }))]
            return try await collectPages { token in
                let page = try await send(DescribeNetworkInterfacesInput(filters: filter, nextToken: token))
                return (page.networkInterfaces, page.nextToken)
            }
        }, split: { all, request in
            let wanted = Set(request.filters[0].values)
            return DescribeNetworkInterfacesOutput(networkInterfaces: all.filter { $0.attachment.map { wanted.contains($0.instanceId) } ?? false }, nextToken: nil)
        }, single: send)
    }

    var isCacheable: Bool { byInstance }

    func cacheTopics(of output: DescribeNetworkInterfacesOutput) -> [String] {
        filters[0].values + output.networkInterfaces.flatMap { [$0.networkInterfaceId, MergeRules.groupsTopic($0.networkInterfaceId)] }
    }
}

extension DescribeVolumesInput: MergeableRequest, CachedRead {
    private var byInstance: Bool { MergeRules.byAttachedInstance(filters) && volumeIds.isEmpty && maxResults == nil && nextToken == nil }
    var mergeKey: (any Hashable & Sendable)? { byInstance ? "attachment.instance-id" : nil }
    static var maxMerged: Int { 100 }

    static func sendMerged(_ requests: [Self], through send: @escaping Send<Self>) async -> [Result<DescribeVolumesOutput, any Error>] {
        await MergeRules.merged(requests, call: {
            let filter = [Filter(name: "attachment.instance-id", values: MergeRules.unique(requests.flatMap { $0.filters[0].values }))]
            return try await collectPages { token in
                let page = try await send(DescribeVolumesInput(filters: filter, nextToken: token))
                return (page.volumes, page.nextToken)
            }
        }, split: { all, request in
            let wanted = Set(request.filters[0].values)
            return DescribeVolumesOutput(volumes: all.filter { $0.attachments.contains { wanted.contains($0.instanceId) } }, nextToken: nil)
        }, single: send)
    }

    var isCacheable: Bool { byInstance }

    func cacheTopics(of output: DescribeVolumesOutput) -> [String] { filters[0].values + output.volumes.map(\.volumeId) }
}

/// Never cached: the snapshot action polls it for completion.
extension DescribeSnapshotsInput: MergeableRequest {
    /// By ids, or by `volume-id` and one tag (what `ec2.snapshot` looks its own snapshots up by).
    var mergeKey: (any Hashable & Sendable)? {
        guard maxResults == nil, nextToken == nil else { return nil }
        if !snapshotIds.isEmpty, filters.isEmpty { return ["ids"] + ownerIds }
        let names = filters.map(\.name)
        guard snapshotIds.isEmpty, names.count == 2, names[0] == "volume-id", names[1].hasPrefix("tag:") else { return nil }
        return names + ["owners"] + ownerIds
    }

    static var maxMerged: Int { 100 }

    static func sendMerged(_ requests: [Self], through send: @escaping Send<Self>) async -> [Result<DescribeSnapshotsOutput, any Error>] {
        await MergeRules.merged(requests, call: {
            var found: [Snapshot] = []
            // Look-ups by volume carry one value per volume: split so no call exceeds EC2's filter values.
            for part in parts(requests, maxFilterValues: MergeRules.maxFilterValues) {
                let first = part[0]
                let merged: DescribeSnapshotsInput
                if !first.snapshotIds.isEmpty {
                    merged = DescribeSnapshotsInput(snapshotIds: MergeRules.unique(part.flatMap(\.snapshotIds)), ownerIds: first.ownerIds)
                } else {
                    let filters = first.filters.indices.map { index in
                        Filter(name: first.filters[index].name, values: MergeRules.unique(part.flatMap { $0.filters[index].values }))
                    }
                    merged = DescribeSnapshotsInput(filters: filters, ownerIds: first.ownerIds)
                }
                found += try await collectPages { token in
                    var page = merged
                    page.nextToken = token
                    let output = try await send(page)
                    return (output.snapshots, output.nextToken)
                }
            }
            return found
        }, split: { all, request in
            DescribeSnapshotsOutput(snapshots: all.filter { request.asksFor($0) }, nextToken: nil)
        }, single: send)
    }

    /// `requests` in consecutive parts whose filter values add up to at most `maxFilterValues`
    /// (a request with more goes alone).
    static func parts(_ requests: [DescribeSnapshotsInput], maxFilterValues: Int) -> [[DescribeSnapshotsInput]] {
        var parts: [[DescribeSnapshotsInput]] = []
        var current: [DescribeSnapshotsInput] = []
        var values = 0
        for request in requests {
            let weight = request.filters.reduce(0) { $0 + $1.values.count }
            if !current.isEmpty, values + weight > maxFilterValues {
                parts.append(current)
                current = []
                values = 0
            }
            current.append(request)
            values += weight
        }
        if !current.isEmpty { parts.append(current) }
        return parts
    }

    /// Whether `snapshot` is one this request asks for (by id, or by volume and tag).
    func asksFor(_ snapshot: Snapshot) -> Bool {
        if !snapshotIds.isEmpty { return snapshotIds.contains(snapshot.snapshotId) }
        guard filters.count == 2, filters[0].values.contains(snapshot.volumeId) else { return false }
        let key = String(filters[1].name.dropFirst("tag:".count))
        return snapshot.tags.value(of: key).map { filters[1].values.contains($0) } ?? false
    }
}

/// Not cached: the tags are what `ec2.tag` decides on, so it reads them live.
extension DescribeTagsInput: MergeableRequest {
    var mergeKey: (any Hashable & Sendable)? {
        guard filters.count == 1, filters[0].name == "resource-id", !filters[0].values.isEmpty,
              !filters[0].values.contains(where: MergeRules.isPattern), maxResults == nil, nextToken == nil else { return nil }
        return "resource-id"
    }

    static var maxMerged: Int { 100 }

    static func sendMerged(_ requests: [Self], through send: @escaping Send<Self>) async -> [Result<DescribeTagsOutput, any Error>] {
        await MergeRules.merged(requests, call: {
            let filter = [Filter(name: "resource-id", values: MergeRules.unique(requests.flatMap { $0.filters[0].values }))]
            return try await collectPages { token in
                let page = try await send(DescribeTagsInput(filters: filter, nextToken: token))
                return (page.tags, page.nextToken)
            }
        }, split: { all, request in
            let wanted = Set(request.filters[0].values)
            return DescribeTagsOutput(tags: all.filter { wanted.contains($0.resourceId) }, nextToken: nil)
        }, single: send)
    }
}

/// Every target's isolation looks up the same two groups of its VPC.
extension DescribeSecurityGroupsInput: SharedRead, CachedRead {
    var isCacheable: Bool { true }
    func cacheTopics(of output: DescribeSecurityGroupsOutput) -> [String] { [MergeRules.securityGroupsTopic] }
}

/// Each step re-reads its instance's protection and shutdown behaviour.
extension DescribeInstanceAttributeInput: SharedRead, CachedRead {
    var isCacheable: Bool { true }
    func cacheTopics(of output: DescribeInstanceAttributeOutput) -> [String] { [MergeRules.attributesTopic(instanceId)] }
}

// MARK: - Writes

extension CreateTagsInput: MergeableRequest, StateChange {
    /// The same tags on many resources: one call.
    var mergeKey: (any Hashable & Sendable)? { tags }
    static var maxMerged: Int { 100 }

    static func sendMerged(_ requests: [Self], through send: @escaping Send<Self>) async -> [Result<Void, any Error>] {
        await MergeRules.merged(requests, call: {
            try await send(CreateTagsInput(resources: MergeRules.unique(requests.flatMap(\.resources)), tags: requests[0].tags))
        }, split: { _, _ in }, single: send)
    }

    var changedTopics: [String] { MergeRules.topics(tagging: resources) }
}

extension DeleteTagsInput: MergeableRequest, StateChange {
    var mergeKey: (any Hashable & Sendable)? { tags }
    static var maxMerged: Int { 100 }

    static func sendMerged(_ requests: [Self], through send: @escaping Send<Self>) async -> [Result<Void, any Error>] {
        await MergeRules.merged(requests, call: {
            try await send(DeleteTagsInput(resources: MergeRules.unique(requests.flatMap(\.resources)), tags: requests[0].tags))
        }, split: { _, _ in }, single: send)
    }

    var changedTopics: [String] { MergeRules.topics(tagging: resources) }
}

extension ModifyInstanceAttributeInput: StateChange {
    /// Protection and shutdown behaviour are not in `DescribeInstances`; the groups are.
    var changedTopics: [String] {
        let groups: [String] = if case .groups = change { [instanceId] } else { [] }
        return [MergeRules.attributesTopic(instanceId)] + groups
    }
}

extension ModifyNetworkInterfaceAttributeInput: StateChange {
    var changedTopics: [String] { [networkInterfaceId, MergeRules.groupsTopic(networkInterfaceId)] }
}

extension CreateSecurityGroupInput: StateChange {
    var changedTopics: [String] { [MergeRules.securityGroupsTopic] }
}

extension AuthorizeSecurityGroupIngressInput: StateChange {
    var changedTopics: [String] { [MergeRules.securityGroupsTopic] }
}

extension AuthorizeSecurityGroupEgressInput: StateChange {
    var changedTopics: [String] { [MergeRules.securityGroupsTopic] }
}

extension RevokeSecurityGroupEgressInput: StateChange {
    var changedTopics: [String] { [MergeRules.securityGroupsTopic] }
}

extension StopInstancesInput: StateChange {
    var changedTopics: [String] { instanceIds + instanceIds.map(MergeRules.attributesTopic) }
}
