/// The form parameters of one Query API call, in the order they are added.
///
/// Lists flatten in one of two styles: EC2's (`InstanceId.1`, `Filter.1.Value.1`) and the
/// other Query services' (`InstanceIds.member.1`, `Targets.member.1.Id`).
public struct QueryParameters: Hashable, Sendable {
    /// `(name, value)` pairs, unencoded.
    public private(set) var pairs: [QueryPair] = []

    /// One parameter.
    public struct QueryPair: Hashable, Sendable {
        public var name: String
        public var value: String
    }

    public init() {}

    /// Adds one parameter; `nil` adds nothing.
    ///
    /// - Parameters:
    ///   - name: The name, such as `InstanceId` or `Filter.1.Name`.
    ///   - value: The value.
    public mutating func add(_ name: String, _ value: String?) {
        guard let value else { return }
        pairs.append(QueryPair(name: name, value: value))
    }

    /// Adds an integer parameter; `nil` adds nothing.
    public mutating func add(_ name: String, _ value: Int?) {
        add(name, value.map(String.init))
    }

    /// Adds a boolean as `true` / `false`; `nil` adds nothing.
    public mutating func add(_ name: String, _ value: Bool?) {
        add(name, value.map { $0 ? "true" : "false" })
    }

    /// Adds `prefix.1`, `prefix.2`, … (EC2) for each value.
    public mutating func addEC2List(_ prefix: String, _ values: [String]) {
        for (index, value) in values.enumerated() { add("\(prefix).\(index + 1)", value) }
    }

    /// Adds `prefix.member.1`, … (Auto Scaling, ELB, ELBv2) for each value.
    public mutating func addMemberList(_ prefix: String, _ values: [String]) {
        for (index, value) in values.enumerated() { add("\(prefix).member.\(index + 1)", value) }
    }

    /// Adds one structure per element under `prefix.N` (EC2) or `prefix.member.N`.
    ///
    /// - Parameters:
    ///   - prefix: The list's name.
    ///   - elements: The elements.
    ///   - member: Whether to use the `member` style.
    ///   - encode: Adds one element's fields under the given prefix (`Filter.1`).
    public mutating func addStructures<Element>(
        _ prefix: String, _ elements: [Element], member: Bool = false, _ encode: (inout QueryParameters, String, Element) -> Void
    ) {
        for (index, element) in elements.enumerated() {
            encode(&self, member ? "\(prefix).member.\(index + 1)" : "\(prefix).\(index + 1)", element)
        }
    }

    /// `application/x-www-form-urlencoded` bytes: RFC 3986 encoding of names and values.
    public var formEncoded: String {
        pairs.map { "\(PercentEncoding.encode($0.name))=\(PercentEncoding.encode($0.value))" }.joined(separator: "&")
    }
}
