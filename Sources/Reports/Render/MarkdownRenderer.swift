import Foundation

/// Renders a ``ReportDocument`` as GitHub-flavoured Markdown: tables, a Mermaid flowchart for
/// the graph, and blockquote alerts.
public enum MarkdownRenderer {
    /// The document as Markdown.
    ///
    /// - Parameter document: The document.
    /// - Returns: Markdown text ending with a newline.
    public static func render(_ document: ReportDocument) -> String {
        var out = "# \(inline(document.title))\n"
        for block in document.blocks {
            out += "\n"
            switch block {
            case .heading(let level, let text, _):
                out += String(repeating: "#", count: max(2, min(level, 6))) + " " + inline(text) + "\n"
            case .paragraph(let text):
                out += text + "\n"
            case .alert(let tone, let title, let text):
                let marker = tone == .failure ? "[!CAUTION]" : tone == .warning ? "[!WARNING]" : "[!NOTE]"
                out += "> \(marker)\n> **\(inline(title))**: \(inline(text))\n"
            case .facts(let facts):
                out += "| Field | Value |\n|---|---|\n"
                for fact in facts { out += "| \(cell(ReportCell(fact.label))) | \(cell(fact.value)) |\n" }
            case .table(let table):
                if table.rows.isEmpty {
                    out += "_\(inline(table.emptyText))_\n"
                } else {
                    out += "| " + table.columns.map { cell(ReportCell($0)) }.joined(separator: " | ") + " |\n"
                    out += "|" + String(repeating: "---|", count: table.columns.count) + "\n"
                    for row in table.rows { out += "| " + row.map(cell).joined(separator: " | ") + " |\n" }
                }
            case .graph(let graph):
                out += "```mermaid\n" + MermaidGraphRenderer.render(graph) + "```\n"
            case .preformatted(_, let language, let text):
                let fence = text.contains("```") ? "~~~~" : "```"
                out += "\(fence)\(language)\n" + text + (text.hasSuffix("\n") ? "" : "\n") + "\(fence)\n"
            }
        }
        return out
    }

    /// A table cell: plain text escaped, code in a backtick span, failures in bold.
    static func cell(_ cell: ReportCell) -> String {
        switch cell.style {
        case .plain: return inline(cell.text)
        case .code: return code(cell.text)
        case .status(let tone): return tone == .failure ? "**\(inline(cell.text))**" : inline(cell.text)
        }
    }

    /// Text on one line with Markdown's special characters backslash-escaped (so recorded
    /// strings cannot add links, emphasis or HTML), line breaks as `<br>`.
    static func inline(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        var previousWasCR = false
        for character in text {
            switch character {
            case "\\", "`", "*", "_", "[", "<", "|": out += "\\" + String(character)
            case "\r\n", "\r": out += "<br>"
            case "\n": if !previousWasCR { out += "<br>" }
            default: out.append(character)
            }
            previousWasCR = character == "\r"
        }
        return out
    }

    /// A code span that holds `text` literally: delimited by more backticks than any run in it,
    /// on one line, with table pipes escaped.
    static func code(_ text: String) -> String {
        guard text != "-", !text.isEmpty else { return text }
        var longest = 0, run = 0
        for character in text {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let ticks = String(repeating: "`", count: longest + 1)
        let body = text.replacingAll("\r\n", with: " ").replacingAll("\n", with: " ").replacingAll("\r", with: " ").replacingAll("|", with: "\\|")
        let pad = body.hasPrefix("`") || body.hasSuffix("`") ? " " : ""
        return ticks + pad + body + pad + ticks
    }
}

extension String {
    /// The string with every occurrence of `target` replaced.
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard contains(target) else { return self }
        return components(separatedBy: target).joined(separator: replacement)
    }
}
