/// A valid runbook turned into an immutable DAG, ready for the executor.
///
/// Nodes are the steps in the order written, addressed by index. Every node lists its
/// dependencies: the steps it `needs` plus the decisions that gate it (a step named in a
/// decision's `goto` runs only when that decision chooses it). ``layers`` groups the nodes
/// topologically: a node's dependencies all sit in earlier layers.
public struct Plan: Sendable {
    /// A decision that gates a step, and the branches of it that choose the step.
    public struct Gate: Hashable, Sendable {
        /// The decision's node index.
        public var decision: Int
        /// The indices of the decision's branches that name the step in `goto` (or `else`).
        public var branches: [Int]
    }

    /// One step of the plan.
    public struct Node: Sendable {
        /// Its index in ``Plan/nodes``.
        public var index: Int
        /// The step as written.
        public var step: Step
        /// The indices of the steps it `needs`.
        public var needs: [Int]
        /// The decisions that gate it.
        public var gates: [Gate]
        /// Needs and gating decisions together, sorted, without repeats.
        public var dependencies: [Int]
        /// The nodes that depend on this one, sorted.
        public var dependents: [Int]
        /// For decision nodes, the target node indices of each branch, in branch order.
        public var branchTargets: [[Int]]
        /// The topological layer: 0 for steps without dependencies.
        public var layer: Int

        /// The step's name.
        public var name: String { step.name }
        /// Whether the step is a decision.
        public var isDecision: Bool { step.branches != nil }
    }

    /// The graph alone, as flat arrays indexed by node, for hot loops that must not copy nodes.
    public struct Topology: Sendable {
        /// Each node's dependencies (needs and gating decisions), sorted.
        public let dependencies: [[Int]]
        /// Each node's dependents, sorted.
        public let dependents: [[Int]]
        /// Each node's gates.
        public let gates: [[Gate]]
        /// Whether each node is a decision.
        public let isDecision: [Bool]
        /// Every node, layer by layer: an order in which each node follows all its dependencies.
        public let order: [Int]
    }

    /// The runbook the plan was made from.
    public let runbook: Runbook
    /// The graph as flat arrays.
    public let topology: Topology
    /// The steps, in the order written.
    public let nodes: [Node]
    /// Node indices grouped by topological layer.
    public let layers: [[Int]]
    private let indexByName: [String: Int]

    init(runbook: Runbook, nodes: [Node], layers: [[Int]], indexByName: [String: Int]) {
        self.runbook = runbook
        self.nodes = nodes
        self.layers = layers
        self.indexByName = indexByName
        topology = Topology(dependencies: nodes.map { $0.dependencies }, dependents: nodes.map { $0.dependents },
                            gates: nodes.map { $0.gates }, isDecision: nodes.map { $0.isDecision }, order: layers.flatMap { $0 })
    }

    /// The index of the step called `name`.
    ///
    /// - Parameter name: The step's name.
    /// - Returns: Its node index, if the plan has such a step.
    public func index(of name: String) -> Int? { indexByName[name] }

    /// The node of the step called `name`.
    ///
    /// - Parameter name: The step's name.
    public subscript(name: String) -> Node? { indexByName[name].map { nodes[$0] } }

    /// The indices of the decision nodes.
    public var decisions: [Int] { nodes.filter(\.isDecision).map(\.index) }
}
