/// Draws a ``ReportGraph`` as a self-contained SVG: layers top to bottom, boxes coloured by
/// outcome, arrows for dependencies, dashed and labelled arrows for a decision's choices, and a
/// legend. No script, no external font or stylesheet: it renders offline, in print, and in any
/// browser or viewer.
public enum SVGGraphRenderer {
    static let nodeWidth = 188, nodeHeight = 58, horizontalGap = 36, verticalGap = 56, margin = 20, legendHeight = 34

    /// The graph as an `<svg>` element.
    ///
    /// - Parameter graph: The graph.
    /// - Returns: SVG markup ending with a newline.
    public static func render(_ graph: ReportGraph) -> String {
        let widest = graph.layers.map { $0.count }.max() ?? 0
        let legend = legendItems(graph)
        let legendWidth = legend.reduce(0) { $0 + $1.width } + margin
        let width = max(widest * nodeWidth + max(0, widest - 1) * horizontalGap + 2 * margin, legendWidth + margin, 240)
        let graphHeight = graph.layers.count * nodeHeight + max(0, graph.layers.count - 1) * verticalGap
        let height = graphHeight + 2 * margin + legendHeight

        var position: [String: (x: Int, y: Int)] = [:]
        for (layer, ids) in graph.layers.enumerated() {
            let rowWidth = ids.count * nodeWidth + max(0, ids.count - 1) * horizontalGap
            let left = (width - rowWidth) / 2
            for (slot, id) in ids.enumerated() {
                position[id] = (left + slot * (nodeWidth + horizontalGap), margin + layer * (nodeHeight + verticalGap))
            }
        }

        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" class="graph" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" \
            role="img" aria-label="Runbook graph: \(graph.nodes.count) steps coloured by outcome" font-family="Helvetica, Arial, sans-serif">

            """
        out += "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">"
        out += "<path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#5f6368\"/></marker></defs>\n"
        out += "<rect x=\"0\" y=\"0\" width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\"/>\n"

        for edge in graph.edges {
            guard let from = position[edge.from], let to = position[edge.to] else { continue }
            let x1 = from.x + nodeWidth / 2, y1 = from.y + nodeHeight, x2 = to.x + nodeWidth / 2, y2 = to.y
            let bend = max(20, (y2 - y1) / 2)
            let dash = edge.isChoice ? " stroke-dasharray=\"6 4\"" : ""
            out += "<path class=\"edge\" d=\"M \(x1) \(y1) C \(x1) \(y1 + bend) \(x2) \(y2 - bend) \(x2) \(y2)\" fill=\"none\" stroke=\"#5f6368\" stroke-width=\"1.5\"\(dash) marker-end=\"url(#arrow)\">"
            out += "<title>\(xml(edge.from)) → \(xml(edge.to))\(edge.label.map { ": " + xml($0) } ?? "")</title></path>\n"
            if let label = edge.label {
                // On the curve, 70% of the way: near the step it leads to, so labels of one decision do not pile up.
                let t = 0.7, u = 1 - t
                let lx = Int((u * u * u + 3 * u * u * t) * Double(x1) + (3 * u * t * t + t * t * t) * Double(x2))
                let ly = Int(u * u * u * Double(y1) + 3 * u * u * t * Double(y1 + bend) + 3 * u * t * t * Double(y2 - bend) + t * t * t * Double(y2)) - 3
                out += "<text x=\"\(lx)\" y=\"\(ly)\" font-size=\"10\" text-anchor=\"middle\" fill=\"#3c4043\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">\(xml(clip(label, 34)))</text>\n"
            }
        }

        for node in graph.nodes {
            guard let at = position[node.id] else { continue }
            let colors = colors(node.tone)
            let dash = node.outcome == StepOutcome.notRun.label ? " stroke-dasharray=\"4 3\"" : ""
            out += "<g class=\"node \(node.tone.rawValue)\" data-step=\"\(xml(node.title))\"><title>\(xml(node.title)) (\(xml(node.subtitle))): \(xml(node.outcome))</title>\n"
            if node.isDecision {
                let x = at.x, y = at.y, w = nodeWidth, h = nodeHeight
                out += "<polygon points=\"\(x + 14),\(y) \(x + w - 14),\(y) \(x + w),\(y + h / 2) \(x + w - 14),\(y + h) \(x + 14),\(y + h) \(x),\(y + h / 2)\" fill=\"\(colors.fill)\" stroke=\"\(colors.stroke)\" stroke-width=\"2\"\(dash)/>\n"
            } else {
                out += "<rect x=\"\(at.x)\" y=\"\(at.y)\" width=\"\(nodeWidth)\" height=\"\(nodeHeight)\" rx=\"8\" fill=\"\(colors.fill)\" stroke=\"\(colors.stroke)\" stroke-width=\"2\"\(dash)/>\n"
            }
            let center = at.x + nodeWidth / 2
            out += "<text x=\"\(center)\" y=\"\(at.y + 19)\" font-size=\"13\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#202124\">\(xml(clip(node.title, 24)))</text>\n"
            out += "<text x=\"\(center)\" y=\"\(at.y + 35)\" font-size=\"11\" font-family=\"Menlo, Consolas, monospace\" text-anchor=\"middle\" fill=\"#3c4043\">\(xml(clip(node.subtitle, 26)))</text>\n"
            out += "<text x=\"\(center)\" y=\"\(at.y + 50)\" font-size=\"11\" font-style=\"italic\" text-anchor=\"middle\" fill=\"\(colors.text)\">\(xml(clip(node.outcome, 28)))</text>\n"
            out += "</g>\n"
        }

        var x = margin
        let y = margin + graphHeight + 14
        for item in legend {
            let colors = colors(item.tone)
            out += "<rect x=\"\(x)\" y=\"\(y)\" width=\"14\" height=\"14\" rx=\"3\" fill=\"\(colors.fill)\" stroke=\"\(colors.stroke)\" stroke-width=\"2\"/>"
            out += "<text x=\"\(x + 20)\" y=\"\(y + 11)\" font-size=\"11\" fill=\"#3c4043\">\(xml(item.label))</text>\n"
            x += item.width
        }
        return out + "</svg>\n"
    }

    /// Fill, stroke and text colours of a tone (shared with the Mermaid classes and HTML badges).
    ///
    /// - Parameter tone: The tone.
    /// - Returns: CSS colours.
    public static func colors(_ tone: ReportTone) -> (fill: String, stroke: String, text: String) {
        switch tone {
        case .success: ("#e6f4ea", "#2e7d32", "#1b5e20")
        case .failure: ("#fdecea", "#c62828", "#b71c1c")
        case .warning: ("#fff4e5", "#ef6c00", "#8a4b00")
        case .info: ("#e8f0fe", "#1a73e8", "#0d47a1")
        case .neutral: ("#f1f3f4", "#9aa0a6", "#5f6368")
        case .pending: ("#fffde7", "#f9a825", "#6d5200")
        }
    }

    /// The distinct outcomes of the graph, in order of first appearance, with their widths.
    private static func legendItems(_ graph: ReportGraph) -> [(label: String, tone: ReportTone, width: Int)] {
        var seen: [String] = []
        var items: [(label: String, tone: ReportTone, width: Int)] = []
        for node in graph.nodes where !seen.contains(node.outcome) {
            seen.append(node.outcome)
            items.append((node.outcome, node.tone, 20 + node.outcome.count * 7 + 18))
        }
        return items
    }

    /// `text` cut to `limit` characters with `…`.
    static func clip(_ text: String, _ limit: Int) -> String {
        text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
    }

    /// Text escaped for XML content and attribute values.
    static func xml(_ text: String) -> String {
        HTMLRenderer.escaped(text)
    }
}
