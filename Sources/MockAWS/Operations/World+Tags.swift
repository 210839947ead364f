import Providers

extension World {
    /// The tags of a taggable resource, or EC2's error for an id it does not know.
    func tags(of id: String) throws(AWSError) -> [Tag] {
        let kinds: [(prefix: String, code: AWSError.Code, noun: String)] = [
            ("i", .invalidInstanceIDNotFound, "instance"), ("sg", .invalidGroupNotFound, "security group"),
            ("vol", .invalidVolumeNotFound, "volume"), ("snap", .invalidSnapshotNotFound, "snapshot"),
            ("eni", .invalidNetworkInterfaceIDNotFound, "network interface"), ("vpc", .invalidVpcIDNotFound, "vpc"),
            ("subnet", "InvalidSubnetID.NotFound", "subnet"),
        ]
        guard let kind = kinds.first(where: { IDShape.isValid(id, prefix: $0.prefix) }) else {
            throw AWSError(.invalidID, "The ID '\(id)' is not valid")
        }
        let found: [Tag]? = switch kind.prefix {
        case "i": instances[id]?.tags
        case "sg": securityGroups[id]?.tags
        case "vol": volumes[id]?.tags
        case "snap": snapshots[id]?.snapshot.tags
        case "eni": interfaces[id]?.tags
        case "vpc": vpcs[id].map { _ in [] }
        default: subnets[id].map { _ in [] }
        }
        guard let found else { throw AWSError(kind.code, "The \(kind.noun) '\(id)' does not exist") }
        return found
    }

    /// Every tag of the resources the filters select, resource by resource; unknown ids are skipped.
    func describeTags(_ input: DescribeTagsInput) throws(AWSError) -> DescribeTagsOutput {
        try requireKnown(input.filters, ["resource-id", "resource-type", "key", "value"])
        let ids: [String]
        if let filter = input.filters.first(where: { $0.name == "resource-id" }),
           !filter.values.contains(where: { $0.utf8.contains(UInt8(ascii: "*")) || $0.utf8.contains(UInt8(ascii: "?")) }) {
            // The common question ("the tags of these resources") without scanning every resource.
            ids = filter.values
        } else {
            ids = instances.ids + volumes.ids + snapshots.ids + securityGroups.ids + interfaces.ids
        }
        var seen: Set<String> = []
        var described: [TagDescription] = []
        for id in ids where seen.insert(id).inserted {
            guard let type = Self.taggedResourceTypes[String(id.prefix { $0 != "-" })], let tags = try? self.tags(of: id) else { continue }
            for tag in tags {
                let entry = TagDescription(resourceId: id, resourceType: type, key: tag.key, value: tag.value)
                let matches = input.filters.allSatisfy { filter in
                    switch filter.name {
                    case "resource-id": FilterMatch.any(filter.values, entry.resourceId)
                    case "resource-type": FilterMatch.any(filter.values, entry.resourceType)
                    case "key": FilterMatch.any(filter.values, entry.key)
                    case "value": FilterMatch.any(filter.values, entry.value)
                    default: FilterMatch.tags(filter, tags) ?? false
                    }
                }
                if matches { described.append(entry) }
            }
        }
        let (page, next) = try Pagination.ec2.page(described, limit: input.maxResults, token: input.nextToken)
        return DescribeTagsOutput(tags: page, nextToken: next)
    }

    /// `DescribeTags`' resource type of each id prefix the world tags.
    static let taggedResourceTypes = ["i": "instance", "vol": "volume", "snap": "snapshot", "sg": "security-group", "eni": "network-interface"]

    mutating func setTags(_ tags: [Tag], of id: String) {
        switch id.prefix(while: { $0 != "-" }) {
        case "i": instances[id]?.tags = tags
        case "sg": securityGroups[id]?.tags = tags
        case "vol": volumes[id]?.tags = tags
        case "snap": snapshots[id]?.snapshot.tags = tags
        case "eni": interfaces[id]?.tags = tags
        default: break
        }
    }

    /// Checks tags as EC2 does: key 1–128 characters, not `aws:`, value ≤ 256, at most 50 per resource.
    func validateTags(_ tags: [Tag], existing: [Tag]) throws(AWSError) {
        for tag in tags {
            guard !tag.key.isEmpty, tag.key.count <= 128, tag.value.count <= 256 else {
                throw AWSError(.invalidParameterValue, "Tag keys must be 1 to 128 characters and values at most 256 characters (key '\(tag.key.prefix(40))')")
            }
            guard !tag.key.lowercased().hasPrefix("aws:") else {
                throw AWSError(.invalidParameterValue, "Tag keys starting with 'aws:' are reserved for internal use")
            }
        }
        let keys = Set(existing.map(\.key)).union(tags.map(\.key))
        guard keys.count <= 50 else { throw AWSError(.tagLimitExceeded, "The maximum number of tags (50) for a resource has been reached.") }
    }

    mutating func createTags(_ input: CreateTagsInput) throws(AWSError) {
        if input.resources.isEmpty || input.tags.isEmpty { throw AWSError(.missingParameter, "The request must name resources and tags") }
        var updated: [(String, [Tag])] = []
        for id in input.resources {
            var tags = try self.tags(of: id)
            try validateTags(input.tags, existing: tags)
            for tag in input.tags {
                if let index = tags.firstIndex(where: { $0.key == tag.key }) { tags[index].value = tag.value } else { tags.append(tag) }
            }
            updated.append((id, tags))
        }
        for (id, tags) in updated { setTags(tags, of: id) }
    }

    mutating func deleteTags(_ input: DeleteTagsInput) throws(AWSError) {
        if input.resources.isEmpty { throw AWSError(.missingParameter, "The request must name resources") }
        var updated: [(String, [Tag])] = []
        for id in input.resources {
            var tags = try self.tags(of: id)
            if input.tags.isEmpty {
                tags.removeAll()
            } else {
                tags.removeAll { tag in input.tags.contains { $0.key == tag.key && ($0.value == nil || $0.value == tag.value) } }
            }
            updated.append((id, tags))
        }
        for (id, tags) in updated { setTags(tags, of: id) }
    }
}
