/// Which steps run before which: for every node, the set of its transitive dependencies, as
/// a bit set, computed once in topological order.
struct Ancestry {
    private let words: Int
    private var bits: [UInt64]

    init(_ plan: Plan) {
        let count = plan.nodes.count
        words = (count + 63) / 64
        bits = Array(repeating: 0, count: words * count)
        for index in plan.topology.order {
            for dependency in plan.nodes[index].dependencies {
                bits[index * words + dependency / 64] |= 1 << UInt64(dependency % 64)
                for word in 0..<words { bits[index * words + word] |= bits[dependency * words + word] }
            }
        }
    }

    /// Whether `ancestor` is a transitive dependency of `node`.
    func isAncestor(_ ancestor: Int, of node: Int) -> Bool {
        bits[node * words + ancestor / 64] & (1 << UInt64(ancestor % 64)) != 0
    }
}
