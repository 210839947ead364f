/// `DescribeTags`: the tags of EC2 resources, one entry per tag, by filters (`resource-id`,
/// `resource-type`, `key`, `value`).
public struct DescribeTagsInput: AWSRequest, Hashable {
    public static let operation = AWSOperation.describeTags
    public var filters: [Filter]
    public var maxResults: Int?
    public var nextToken: String?
    public var resourceIDs: [String] { filters.filter { $0.name == "resource-id" }.flatMap(\.values) }

    public init(filters: [Filter] = [], maxResults: Int? = nil, nextToken: String? = nil) {
        self.filters = filters
        self.maxResults = maxResults
        self.nextToken = nextToken
    }
}

public struct DescribeTagsOutput: Hashable, Sendable, Codable {
    public var tags: [TagDescription]
    public var nextToken: String?

    public init(tags: [TagDescription], nextToken: String?) {
        self.tags = tags
        self.nextToken = nextToken
    }
}

/// One tag of one resource, as `DescribeTags` lists it.
public struct TagDescription: Hashable, Sendable, Codable {
    public var resourceId: String
    /// `instance`, `volume`, `snapshot`, `security-group`, `network-interface`…
    public var resourceType: String
    public var key: String
    public var value: String

    public init(resourceId: String, resourceType: String, key: String, value: String) {
        self.resourceId = resourceId
        self.resourceType = resourceType
        self.key = key
        self.value = value
    }

    public var tag: Tag { Tag(key: key, value: value) }
}
