/// A resource tag, as EC2, Auto Scaling and ELB return it.
public struct Tag: Hashable, Sendable, Codable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// A `Filters.N` entry of an EC2 describe call: a filter name and the values that match.
public struct Filter: Hashable, Sendable, Codable {
    /// The filter name, such as `instance-state-name`, `vpc-id` or `tag:Name`.
    public var name: String
    /// The accepted values; a resource matches when any value matches.
    public var values: [String]

    public init(name: String, values: [String]) {
        self.name = name
        self.values = values
    }
}

extension [Tag] {
    /// The value of the tag `key`, if present.
    ///
    /// - Parameter key: The tag key.
    /// - Returns: The tag's value, or `nil`.
    public func value(of key: String) -> String? { first { $0.key == key }?.value }
}
