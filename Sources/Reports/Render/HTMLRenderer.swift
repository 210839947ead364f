/// Renders a ``ReportDocument`` as one self-contained HTML page: inline CSS, the graph as
/// inline SVG, no script and nothing fetched (a Content-Security-Policy forbids it), so the page
/// works offline, archived, or attached to a ticket.
public enum HTMLRenderer {
    /// The document as an HTML page.
    ///
    /// - Parameter document: The document.
    /// - Returns: HTML text ending with a newline.
    public static func render(_ document: ReportDocument) -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escaped(document.title))</title>
            <style>
            \(style)</style>
            </head>
            <body>
            <main>
            <h1>\(escaped(document.title))</h1>

            """
        let sections = document.blocks.compactMap { block -> (String, String)? in
            if case .heading(2, let text, let anchor) = block { return (text, anchor) }
            return nil
        }
        if !sections.isEmpty {
            out += "<nav><ul>" + sections.map { "<li><a href=\"#\(escaped($0.1))\">\(escaped($0.0))</a></li>" }.joined() + "</ul></nav>\n"
        }
        for block in document.blocks {
            switch block {
            case .heading(let level, let text, let anchor):
                let tag = "h\(max(2, min(level, 6)))"
                out += "<\(tag) id=\"\(escaped(anchor))\">\(escaped(text))</\(tag)>\n"
            case .paragraph(let text):
                out += "<p>\(withCode(text))</p>\n"
            case .alert(let tone, let title, let text):
                out += "<div class=\"alert \(tone.rawValue)\" role=\"alert\"><strong>\(escaped(title))</strong> \(escaped(text))</div>\n"
            case .facts(let facts):
                out += "<table class=\"facts\">\n"
                for fact in facts { out += "<tr><th>\(escaped(fact.label))</th>\(tableCell(fact.value))</tr>\n" }
                out += "</table>\n"
            case .table(let table):
                if table.rows.isEmpty {
                    out += "<p class=\"empty\">\(escaped(table.emptyText))</p>\n"
                    continue
                }
                out += "<div class=\"scroll\"><table>\n<thead><tr>" + table.columns.map { "<th>\(escaped($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
                for row in table.rows { out += "<tr>" + row.map(tableCell).joined() + "</tr>\n" }
                out += "</tbody>\n</table></div>\n"
            case .graph(let graph):
                out += "<figure class=\"graph\">\n" + SVGGraphRenderer.render(graph) + "</figure>\n"
            case .preformatted(let summary, _, let text):
                out += "<details><summary>\(escaped(summary))</summary>\n<pre>\(escaped(text))</pre></details>\n"
            }
        }
        return out + "</main>\n</body>\n</html>\n"
    }

    /// A `<td>`: one line, except long text, which wraps.
    static func tableCell(_ value: ReportCell) -> String {
        value.text.count > 48 ? "<td class=\"long\">\(cell(value))</td>" : "<td>\(cell(value))</td>"
    }

    /// A cell's HTML: code in `<code>`, statuses as coloured badges.
    static func cell(_ cell: ReportCell) -> String {
        switch cell.style {
        case .plain: escaped(cell.text)
        case .code: cell.text == "-" ? "-" : "<code>\(escaped(cell.text))</code>"
        case .status(let tone): "<span class=\"badge \(tone.rawValue)\">\(escaped(cell.text))</span>"
        }
    }

    /// Authored text with `backtick` spans as `<code>`.
    static func withCode(_ text: String) -> String {
        text.split(separator: "`", omittingEmptySubsequences: false).enumerated().map { index, part in
            index.isMultiple(of: 2) ? escaped(String(part)) : "<code>\(escaped(String(part)))</code>"
        }.joined()
    }

    /// Text escaped for HTML and XML content and attribute values.
    ///
    /// - Parameter text: The text.
    /// - Returns: `&`, `<`, `>`, `"` and `'` as entities.
    public static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case _ where scalar.value < 0x20 && scalar != "\n" && scalar != "\t": out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The page's stylesheet: readable on screen and in print.
    static var style: String {
        var css = """
            body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #202124; margin: 0; background: #fff; }
            main { max-width: 1200px; margin: 0 auto; padding: 24px; }
            h1 { font-size: 1.6em; margin: 0 0 12px; }
            h2 { font-size: 1.25em; border-bottom: 1px solid #dadce0; padding-bottom: 4px; margin-top: 32px; }
            h3 { font-size: 1.05em; margin-top: 20px; }
            nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 0.9em; }
            nav a { color: #1a73e8; }
            table { border-collapse: collapse; font-size: 0.85em; margin: 8px 0; }
            th, td { border: 1px solid #dadce0; padding: 4px 8px; text-align: left; vertical-align: top; white-space: nowrap; }
            td.long { white-space: normal; overflow-wrap: anywhere; min-width: 18em; }
            thead th { background: #f1f3f4; }
            table.facts th { background: #f8f9fa; white-space: nowrap; }
            .scroll { overflow-x: auto; }
            code { font-family: Menlo, Consolas, monospace; font-size: 0.95em; }
            pre { background: #f8f9fa; border: 1px solid #dadce0; padding: 12px; overflow-x: auto; font-size: 0.85em; }
            .empty { color: #5f6368; font-style: italic; }
            .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; border: 1px solid; white-space: nowrap; }
            .alert { border: 2px solid; border-radius: 6px; padding: 12px 16px; margin: 12px 0; font-size: 1.05em; }
            figure.graph { margin: 8px 0; overflow-x: auto; }
            @media print { nav { display: none; } }

            """
        for tone in ReportTone.allCases {
            let colors = SVGGraphRenderer.colors(tone)
            css += ".badge.\(tone.rawValue), .alert.\(tone.rawValue) { background: \(colors.fill); border-color: \(colors.stroke); color: \(colors.text); }\n"
        }
        return css
    }
}
