/// Encodes any `Encodable` straight into a ``Value``, without JSON text in between: how typed
/// event payloads become the payloads the audit chain stores, at the rate a fleet records them.
///
/// Absent optionals are left out (as `JSONEncoder` leaves them out); integers become `.int`,
/// floating-point numbers `.double`; a `Value` inside is kept as it is.
public struct ValueEncoder: Sendable {
    public init() {}

    /// - Parameter value: The value to encode.
    /// - Returns: Its `Value` form.
    /// - Throws: `EncodingError` for a value that encodes nothing.
    public func encode(_ value: some Encodable) throws -> Value {
        let root = ValueNode()
        try Self.encode(value, into: root, path: [])
        return try root.resolved(path: [])
    }

    static func encode(_ value: some Encodable, into node: ValueNode, path: [any CodingKey]) throws {
        if let plain = value as? Value {
            node.content = .value(plain)
            return
        }
        try value.encode(to: NodeEncoder(node: node, codingPath: path))
    }
}

/// A value under construction: containers stay open while nested values are encoded into them.
final class ValueNode {
    enum Content {
        case empty
        case value(Value)
        case object([String: ValueNode])
        case list([ValueNode])
    }

    var content: Content = .empty

    func resolved(path: [any CodingKey]) throws -> Value {
        switch content {
        case .empty:
            throw EncodingError.invalidValue((), .init(codingPath: path, debugDescription: "nothing was encoded"))
        case .value(let value): return value
        case .object(let members):
            var object: [String: Value] = [:]
            for (key, node) in members where node.content.isSet { object[key] = try node.resolved(path: path) }
            return .object(object)
        case .list(let items): return .list(try items.map { try $0.resolved(path: path) })
        }
    }

    func object() -> [String: ValueNode] {
        if case .object(let members) = content { return members }
        content = .object([:])
        return [:]
    }

    func child(for key: String) -> ValueNode {
        var members = object()
        if let existing = members[key] { return existing }
        let node = ValueNode()
        members[key] = node
        content = .object(members)
        return node
    }

    func appended() -> ValueNode {
        var items: [ValueNode] = if case .list(let existing) = content { existing } else { [] }
        let node = ValueNode()
        items.append(node)
        content = .list(items)
        return node
    }
}

extension ValueNode.Content {
    var isSet: Bool {
        if case .empty = self { return false }
        return true
    }
}

private struct NodeEncoder: Encoder {
    let node: ValueNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        _ = node.object()
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .list = node.content {} else { node.content = .list([]) }
        return UnkeyedNodeContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleNodeContainer(node: node, codingPath: codingPath) }
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: ValueNode
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.child(for: key.stringValue).content = .value(.null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { node.child(for: key.stringValue).content = .value(.bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { node.child(for: key.stringValue).content = .value(.string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { node.child(for: key.stringValue).content = .value(.double(value)) }
    mutating func encode(_ value: Int, forKey key: Key) throws { node.child(for: key.stringValue).content = .value(.int(value)) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try ValueEncoder.encode(value, into: node.child(for: key.stringValue), path: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = node.child(for: key.stringValue)
        _ = child.object()
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(node: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = node.child(for: key.stringValue)
        child.content = .list([])
        return UnkeyedNodeContainer(node: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { NodeEncoder(node: node.child(for: "super"), codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { NodeEncoder(node: node.child(for: key.stringValue), codingPath: codingPath + [key]) }
}

private struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let node: ValueNode
    let codingPath: [any CodingKey]
    var count: Int { if case .list(let items) = node.content { items.count } else { 0 } }

    mutating func encodeNil() throws { node.appended().content = .value(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws { try ValueEncoder.encode(value, into: node.appended(), path: codingPath) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = node.appended()
        _ = child.object()
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(node: child, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = node.appended()
        child.content = .list([])
        return UnkeyedNodeContainer(node: child, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder { NodeEncoder(node: node.appended(), codingPath: codingPath) }
}

private struct SingleNodeContainer: SingleValueEncodingContainer {
    let node: ValueNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.content = .value(.null) }
    mutating func encode(_ value: Bool) throws { node.content = .value(.bool(value)) }
    mutating func encode(_ value: String) throws { node.content = .value(.string(value)) }
    mutating func encode(_ value: Double) throws { node.content = .value(.double(value)) }
    mutating func encode(_ value: Float) throws { node.content = .value(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { node.content = .value(.int(value)) }
    mutating func encode(_ value: Int64) throws { node.content = .value(.int(Int(value))) }
    mutating func encode(_ value: Int32) throws { node.content = .value(.int(Int(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws { try ValueEncoder.encode(value, into: node, path: codingPath) }
}
