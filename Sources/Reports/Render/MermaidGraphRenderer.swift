/// Writes a ``ReportGraph`` as a Mermaid flowchart, nodes coloured by outcome with `classDef`s.
public enum MermaidGraphRenderer {
    /// The graph as Mermaid source.
    ///
    /// - Parameter graph: The graph.
    /// - Returns: A `flowchart TD`, each line ending with a newline.
    public static func render(_ graph: ReportGraph) -> String {
        var out = "flowchart TD\n"
        for node in graph.nodes {
            let label = "\(escaped(node.title))<br/><small>\(escaped(node.subtitle))</small><br/><i>\(escaped(node.outcome))</i>"
            out += node.isDecision ? "  \(node.id){\"\(label)\"}\n" : "  \(node.id)[\"\(label)\"]\n"
        }
        for edge in graph.edges {
            if edge.isChoice {
                out += "  \(edge.from) -.->|\"\(escaped(edge.label ?? ""))\"| \(edge.to)\n"
            } else {
                out += "  \(edge.from) --> \(edge.to)\n"
            }
        }
        let used = ReportTone.allCases.filter { tone in graph.nodes.contains { $0.tone == tone } }
        for tone in used {
            let colors = SVGGraphRenderer.colors(tone)
            out += "  classDef \(tone.rawValue) fill:\(colors.fill),stroke:\(colors.stroke),color:\(colors.text)\n"
        }
        for tone in used {
            out += "  class \(graph.nodes.filter { $0.tone == tone }.map(\.id).joined(separator: ",")) \(tone.rawValue)\n"
        }
        return out
    }

    /// Text safe inside a quoted Mermaid label.
    static func escaped(_ text: String) -> String {
        text.replacingAll("&", with: "&amp;").replacingAll("\"", with: "#quot;").replacingAll("<", with: "&lt;")
            .replacingAll(">", with: "&gt;").replacingAll("|", with: "#124;").replacingAll("\n", with: " ")
    }
}
