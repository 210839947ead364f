import Yams

/// A YAML mapping indexed by its string keys once, so each field lookup is a hash lookup
/// instead of Yams' linear scan with node comparisons.
struct MappingFields: Sequence {
    /// The key/value pairs in the order written.
    let pairs: [(key: Node, value: Node)]
    private let index: [String: Int]

    init(_ mapping: Node.Mapping) {
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
    subscript(name: String) -> Node? { index[name].map { pairs[$0].value } }

    /// How many pairs there are.
    var count: Int { pairs.count }

    /// The keys in the order written.
    var keys: [Node] { pairs.map(\.key) }

    func makeIterator() -> IndexingIterator<[(key: Node, value: Node)]> { pairs.makeIterator() }
}
