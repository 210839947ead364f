/// Aligned plain-text tables: each column as wide as its widest cell, two spaces apart.
enum TextTable {
    /// `rows` under `header`, each line indented by `indent`, with trailing spaces trimmed.
    static func render(_ header: [String], _ rows: [[String]], indent: String = "") -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            let cells = row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
            }
            var line = indent + cells.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            return line + "\n"
        }.joined()
    }
}
