/// Draws a plan's graph as text for a terminal, as Graphviz DOT, or as a Mermaid flowchart.
public enum PlanRenderer {
    /// The layers of the plan, one step a line, with each step's action or branches and dependencies.
    ///
    /// - Parameters:
    ///   - plan: The plan.
    ///   - catalog: When given, actions that mutate cloud state are marked with `*`.
    /// - Returns: Lines of text, ending with a newline.
    public static func text(_ plan: Plan, markingMutationsFrom catalog: ActionCatalog? = nil) -> String {
        let width = plan.nodes.map(\.name.count).max() ?? 0
        var out = ""
        for (number, layer) in plan.layers.enumerated() {
            out += "layer \(number)\n"
            for index in layer {
                let node = plan.nodes[index]
                let pad = String(repeating: " ", count: width - node.name.count)
                var line = "  \(node.name)\(pad)  "
                if let call = node.step.action {
                    line += call.name.value
                    if catalog?[call.name.value]?.mutates == true { line += "*" }
                } else {
                    line += "decide"
                }
                var notes: [String] = []
                if !node.needs.isEmpty { notes.append("needs " + node.needs.map { plan.nodes[$0].name }.joined(separator: ", ")) }
                for gate in node.gates {
                    notes.append("if \(plan.nodes[gate.decision].name) chooses " + gate.branches.map { branchLabel(plan.nodes[gate.decision], $0) }.joined(separator: " or "))
                }
                if let when = node.step.when { notes.append("when \(when.text)") }
                if node.step.approval != nil { notes.append("approval") }
                if !notes.isEmpty { line += "  (" + notes.joined(separator: "; ") + ")" }
                out += line + "\n"
                for (branch, targets) in node.branchTargets.enumerated() {
                    out += "  \(String(repeating: " ", count: width))    \(branchLabel(node, branch)) → \(targets.map { plan.nodes[$0].name }.joined(separator: ", "))\n"
                }
            }
        }
        return out
    }

    /// A Graphviz `digraph`: decisions as diamonds, `needs` as solid edges, choices as dashed
    /// edges labelled with their condition.
    ///
    /// - Parameter plan: The plan.
    /// - Returns: DOT source.
    public static func dot(_ plan: Plan) -> String {
        var out = "digraph \(dotQuoted(plan.runbook.name)) {\n  rankdir=TB;\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n"
        for node in plan.nodes {
            let label = node.step.action.map { "\(node.name)\n\($0.name.value)" } ?? node.name
            out += "  \(dotQuoted(node.name)) [label=\(dotQuoted(label))\(node.isDecision ? ", shape=diamond, style=solid" : "")];\n"
        }
        for node in plan.nodes {
            for need in node.needs { out += "  \(dotQuoted(plan.nodes[need].name)) -> \(dotQuoted(node.name));\n" }
            for gate in node.gates {
                let label = gate.branches.map { branchLabel(plan.nodes[gate.decision], $0) }.joined(separator: " | ")
                out += "  \(dotQuoted(plan.nodes[gate.decision].name)) -> \(dotQuoted(node.name)) [style=dashed, label=\(dotQuoted(label))];\n"
            }
        }
        return out + "}\n"
    }

    /// A Mermaid `flowchart TD`, as GitHub renders in Markdown.
    ///
    /// - Parameter plan: The plan.
    /// - Returns: Mermaid source.
    public static func mermaid(_ plan: Plan) -> String {
        var out = "flowchart TD\n"
        for node in plan.nodes {
            let id = mermaidID(node.index)
            if node.isDecision {
                out += "  \(id){\"\(mermaidEscaped(node.name))\"}\n"
            } else {
                out += "  \(id)[\"\(mermaidEscaped(node.name))<br/><small>\(mermaidEscaped(node.step.action?.name.value ?? ""))</small>\"]\n"
            }
        }
        for node in plan.nodes {
            for need in node.needs { out += "  \(mermaidID(need)) --> \(mermaidID(node.index))\n" }
            for gate in node.gates {
                let label = gate.branches.map { branchLabel(plan.nodes[gate.decision], $0) }.joined(separator: " or ")
                out += "  \(mermaidID(gate.decision)) -.->|\"\(mermaidEscaped(label))\"| \(mermaidID(node.index))\n"
            }
        }
        return out
    }

    /// `else`, or the branch's condition text.
    static func branchLabel(_ decision: Plan.Node, _ branch: Int) -> String {
        guard let branches = decision.step.branches, branches.indices.contains(branch) else { return "branch \(branch + 1)" }
        return branches[branch].condition?.text.trimmingWhitespace() ?? "else"
    }

    static func dotQuoted(_ text: String) -> String {
        "\"" + text.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"").replacingAll("\n", with: "\\n") + "\""
    }

    static func mermaidID(_ index: Int) -> String { "s\(index)" }

    static func mermaidEscaped(_ text: String) -> String {
        text.replacingAll("&", with: "&amp;").replacingAll("\"", with: "#quot;").replacingAll("<", with: "&lt;").replacingAll(">", with: "&gt;")
            .replacingAll("|", with: "#124;")
    }
}

extension String {
    /// The string with every occurrence of `target` replaced, without Foundation.
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        out.reserveCapacity(count)
        for char in self { if char == target { out += replacement } else { out.append(char) } }
        return out
    }
}
