package import Yams

/// A YAML mapping indexed by its string keys once, so each field lookup is a hash lookup
/// instead of Yams' linear scan with node comparisons.
package struct MappingFields: Sequence {
    /// The key/value pairs in the order written.
    package let pairs: [(key: Node, value: Node)]
    private let index: [String: Int]

    /// Indexes `mapping`; when a key is written twice, the first one wins.
    ///
    /// - Parameter mapping: The mapping to index.
    package init(_ mapping: Node.Mapping) {
        var pairs: [(key: Node, value: Node)] = []
        pairs.reserveCapacity(mapping.count)
        var index: [String: Int] = [:]
        for (key, value) in mapping {
            if case .scalar(let scalar) = key, index[scalar.string] == nil { index[scalar.string] = pairs.count }
            pairs.append((key, value))
        }
        self.pairs = pairs
        self.index = index
    }

    /// The value of the key spelled `name`.
    package subscript(name: String) -> Node? { index[name].map { pairs[$0].value } }

    /// How many pairs there are.
    package var count: Int { pairs.count }

    /// The keys in the order written.
    package var keys: [Node] { pairs.map(\.key) }

    /// The key node spelled `name`, for diagnostics that point at a key rather than its value.
    ///
    /// - Parameter name: The key.
    /// - Returns: The key's node, or `nil` when it is absent.
    package func keyNode(_ name: String) -> Node? { index[name].map { pairs[$0].key } }

    /// Iterates the pairs in the order written.
    ///
    /// - Returns: The iterator.
    package func makeIterator() -> IndexingIterator<[(key: Node, value: Node)]> { pairs.makeIterator() }
}
