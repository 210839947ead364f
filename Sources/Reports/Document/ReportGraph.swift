/// A graph of a runbook's steps with their outcomes, laid out in layers: what the Markdown
/// renderer writes as Mermaid and the HTML renderer draws as SVG.
public struct ReportGraph: Hashable, Sendable {
    /// A step.
    public struct Node: Hashable, Sendable {
        /// A stable id (`s0`, `s1`, …).
        public var id: String
        /// The step name.
        public var title: String
        /// The action, or `decide`.
        public var subtitle: String
        /// The outcome label, such as `succeeded`.
        public var outcome: String
        /// The outcome's colour.
        public var tone: ReportTone
        /// Whether it is a decision (drawn as a diamond in Mermaid, with a double border in SVG).
        public var isDecision: Bool
        /// Its topological layer, from 0.
        public var layer: Int

        /// Creates a node.
        ///
        /// - Parameters:
        ///   - id: The id.
        ///   - title: The step name.
        ///   - subtitle: The action.
        ///   - outcome: The outcome label.
        ///   - tone: Its colour.
        ///   - isDecision: Whether it is a decision.
        ///   - layer: Its layer.
        public init(id: String, title: String, subtitle: String, outcome: String, tone: ReportTone, isDecision: Bool, layer: Int) {
            self.id = id
            self.title = title
            self.subtitle = subtitle
            self.outcome = outcome
            self.tone = tone
            self.isDecision = isDecision
            self.layer = layer
        }
    }

    /// A dependency: `needs` (solid) or a decision's choice (dashed, labelled with the condition).
    public struct Edge: Hashable, Sendable {
        /// The node it leaves.
        public var from: String
        /// The node it reaches.
        public var to: String
        /// Whether it is a decision's choice.
        public var isChoice: Bool
        /// The condition, for choices.
        public var label: String?

        /// Creates an edge.
        ///
        /// - Parameters:
        ///   - from: The source node id.
        ///   - to: The target node id.
        ///   - isChoice: Whether it is a choice.
        ///   - label: The condition.
        public init(from: String, to: String, isChoice: Bool, label: String?) {
            self.from = from
            self.to = to
            self.isChoice = isChoice
            self.label = label
        }
    }

    /// The nodes, in the order written.
    public var nodes: [Node]
    /// The edges.
    public var edges: [Edge]
    /// Node ids by layer, top to bottom.
    public var layers: [[String]]

    /// Creates a graph.
    ///
    /// - Parameters:
    ///   - nodes: The nodes.
    ///   - edges: The edges.
    ///   - layers: Node ids by layer.
    public init(nodes: [Node], edges: [Edge], layers: [[String]]) {
        self.nodes = nodes
        self.edges = edges
        self.layers = layers
    }
}
