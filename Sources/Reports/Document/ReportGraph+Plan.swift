public import RunbookModel
import Foundation

extension ReportGraph {
    /// The graph of a plan with each step's outcome.
    ///
    /// Within each layer, nodes are ordered by the mean position of their dependencies in the
    /// layers above (ties in the order written), which keeps most edges from crossing.
    ///
    /// - Parameters:
    ///   - plan: The plan; `nil` gives `nil`.
    ///   - outcomes: Outcomes by step name; a step without one did not run.
    public init?(plan: Plan?, outcomes: [String: StepOutcome]) {
        guard let plan, !plan.nodes.isEmpty else { return nil }
        func id(_ index: Int) -> String { "s\(index)" }
        let nodes = plan.nodes.map { node in
            let outcome = outcomes[node.name] ?? .notRun
            return Node(id: id(node.index), title: node.name, subtitle: node.step.action?.name.value ?? "decide", outcome: outcome.label,
                        tone: outcome.tone, isDecision: node.isDecision, layer: node.layer)
        }
        var edges: [Edge] = []
        for node in plan.nodes {
            for need in node.needs { edges.append(Edge(from: id(need), to: id(node.index), isChoice: false, label: nil)) }
            for gate in node.gates {
                let decision = plan.nodes[gate.decision]
                let label = gate.branches.map { branch -> String in
                    guard let branches = decision.step.branches, branches.indices.contains(branch) else { return "branch \(branch + 1)" }
                    return branches[branch].condition?.text.trimmingCharacters(in: .whitespacesAndNewlines) ?? "else"
                }.joined(separator: " or ")
                edges.append(Edge(from: id(gate.decision), to: id(node.index), isChoice: true, label: label))
            }
        }
        var position: [Int: Double] = [:]
        var layers: [[String]] = []
        for layer in plan.layers {
            let ordered = layer.enumerated().sorted { a, b in
                func center(_ index: Int) -> Double {
                    let parents = plan.nodes[index].dependencies.compactMap { position[$0] }
                    return parents.isEmpty ? Double(layer.firstIndex(of: index) ?? 0) : parents.reduce(0, +) / Double(parents.count)
                }
                let left = center(a.element), right = center(b.element)
                return left != right ? left < right : a.offset < b.offset
            }.map(\.element)
            for (slot, index) in ordered.enumerated() { position[index] = Double(slot) }
            layers.append(ordered.map(id))
        }
        self.init(nodes: nodes, edges: edges, layers: layers)
    }
}
