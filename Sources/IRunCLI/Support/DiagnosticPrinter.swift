import Foundation
import RunbookModel

/// Prints diagnostics the way compilers do: `file:line:column: error: message`, the source
/// line with a caret under the column, and the fix.
struct DiagnosticPrinter {
    /// The text of each file, read once, for snippets.
    private var sources: [String: [Substring]] = [:]

    mutating func render(_ diagnostic: Diagnostic) -> String {
        var out = diagnostic.location.map { "\($0): " } ?? ""
        out += "\(diagnostic.severity.rawValue): \(diagnostic.message)\n"
        if let location = diagnostic.location, let line = sourceLine(location) {
            let number = String(location.line)
            let gutter = String(repeating: " ", count: number.count)
            let shown = line.count > 160 ? String(line.prefix(160)) + "…" : String(line)
            out += " \(number) | \(shown)\n"
            let caretColumn = min(max(location.column - 1, 0), shown.unicodeScalars.count)
            out += " \(gutter) | \(String(repeating: " ", count: caretColumn))^\n"
        }
        if let fix = diagnostic.fix { out += "  fix: \(fix)\n" }
        return out
    }

    private mutating func sourceLine(_ location: SourceLocation) -> Substring? {
        if sources[location.file] == nil {
            var lines: [Substring] = []
            if let data = FileManager.default.contents(atPath: location.file), data.count <= RunbookLoader.maximumFileSize,
               let text = String(data: data, encoding: .utf8) {
                lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            }
            sources[location.file] = lines
        }
        let lines = sources[location.file]!
        guard lines.indices.contains(location.line - 1) else { return nil }
        let line = lines[location.line - 1]
        return line.hasSuffix("\r") ? line.dropLast() : line
    }
}

/// The JSON shape of `irun validate --format json`.
struct ValidationReport: Encodable {
    struct File: Encodable {
        var path: String
        var valid: Bool
        var errors: Int
        var warnings: Int
        var diagnostics: [Entry]
    }

    struct Entry: Encodable {
        var severity: String
        var code: String
        var message: String
        var line: Int?
        var column: Int?
        var fix: String?

        init(_ diagnostic: Diagnostic) {
            severity = diagnostic.severity.rawValue
            code = diagnostic.code.name
            message = diagnostic.message
            line = diagnostic.location?.line
            column = diagnostic.location?.column
            fix = diagnostic.fix
        }
    }

    var valid: Bool
    var files: [File]
}

enum JSONOutput {
    /// Pretty, key-sorted JSON with a trailing newline.
    static func string(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}
