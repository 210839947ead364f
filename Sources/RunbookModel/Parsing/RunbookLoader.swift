import Foundation
import Yams

/// The outcome of loading a runbook file: the runbook if it could be read, and every
/// diagnostic found on the way.
public struct LoadResult: Sendable {
    /// The runbook, when the file was well-formed enough to build one (it may still have errors).
    public var runbook: Runbook?
    /// Problems found, in file order.
    public var diagnostics: [Diagnostic]

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Reads runbook files: bytes to text (strict UTF-8), text to YAML nodes, nodes to a ``Runbook``.
///
/// Nothing here throws for bad input: every problem becomes a ``Diagnostic`` with a location.
public enum RunbookLoader {
    /// Files larger than this are refused before parsing (the largest shipped runbook is a few KB).
    public static let maximumFileSize = 4 * 1024 * 1024
    /// Runbooks with more steps than this are refused.
    public static let maximumSteps = 10_000

    /// Loads the runbook at `path`.
    ///
    /// - Parameter path: The file to read.
    /// - Returns: The runbook and its diagnostics; an unreadable file gives one diagnostic.
    public static func load(contentsOf path: String) -> LoadResult {
        let location = SourceLocation(file: path, line: 1, column: 1)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return LoadResult(diagnostics: [.error(.unreadable, "no such file", at: location,
                                                   fix: "check the path, or run `irun list` to see the runbooks by name")])
        }
        guard !isDirectory.boolValue else {
            return LoadResult(diagnostics: [.error(.unreadable, "is a directory, not a runbook file", at: location,
                                                   fix: "name a .yaml file inside it")])
        }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maximumFileSize {
            return LoadResult(diagnostics: [tooLarge(size, at: location)])
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return LoadResult(diagnostics: [.error(.unreadable, "cannot be read", at: location, fix: "check the file's permissions")])
        }
        return load(bytes: [UInt8](data), path: path)
    }

    /// Loads a runbook from bytes.
    ///
    /// - Parameters:
    ///   - bytes: The file's bytes.
    ///   - path: The path to name in diagnostics.
    /// - Returns: The runbook and its diagnostics.
    public static func load(bytes: [UInt8], path: String) -> LoadResult {
        let start = SourceLocation(file: path, line: 1, column: 1)
        guard bytes.count <= maximumFileSize else { return LoadResult(diagnostics: [tooLarge(bytes.count, at: start)]) }
        var bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let bad = firstInvalidUTF8(in: bytes) {
            return LoadResult(diagnostics: [.error(.encoding, "the file is not valid UTF-8 (byte 0x\(String(bytes[bad], radix: 16, uppercase: true)))",
                                                   at: location(ofByte: bad, in: bytes, file: path),
                                                   fix: "save the file as UTF-8")])
        }
        if let nul = bytes.firstIndex(of: 0) {
            return LoadResult(diagnostics: [.error(.encoding, "the file contains a NUL byte", at: location(ofByte: nul, in: bytes, file: path),
                                                   fix: "runbooks are text; remove the binary content")])
        }
        return load(text: String(decoding: bytes, as: UTF8.self), path: path)
    }

    /// Loads a runbook from text.
    ///
    /// - Parameters:
    ///   - text: The YAML text.
    ///   - path: The path to name in diagnostics.
    /// - Returns: The runbook and its diagnostics.
    public static func load(text: String, path: String) -> LoadResult {
        let start = SourceLocation(file: path, line: 1, column: 1)
        if text.utf8.count > maximumFileSize { return LoadResult(diagnostics: [tooLarge(text.utf8.count, at: start)]) }
        if text.allSatisfy({ $0.isWhitespace }) {
            return LoadResult(diagnostics: [.error(.emptyFile, "the runbook is empty", at: start,
                                                   fix: "start with `name:`, `description:` and `steps:`; see Runbooks/README.md")])
        }
        if let tab = tabIndentation(in: text, path: path) {
            return LoadResult(diagnostics: [tab])
        }
        let root: Node?
        let yamlParser: Parser
        do {
            // Scalars are resolved by RunbookParser (YAML 1.2 core schema); Yams need not run its regexes.
            yamlParser = try Parser(yaml: text, resolver: .basic)
            root = try yamlParser.singleRoot()
        } catch let error as YamlError {
            return LoadResult(diagnostics: [YAMLErrorTranslator.diagnostic(for: error, text: text, path: path)])
        } catch {
            return LoadResult(diagnostics: [.error(.yamlSyntax, "the YAML could not be read", at: start)])
        }
        guard let root else {
            return LoadResult(diagnostics: [.error(.emptyFile, "the runbook has no content, only comments", at: start,
                                                   fix: "start with `name:`, `description:` and `steps:`; see Runbooks/README.md")])
        }
        // Nodes hold their YAML anchors weakly; the parser owns them. Keeping it alive while the
        // nodes are read lets the runbook parser see (and refuse) anchors and aliases.
        return withExtendedLifetime(yamlParser) {
            var parser = RunbookParser(path: path, text: text)
            let runbook = parser.runbook(from: root)
            return LoadResult(runbook: runbook, diagnostics: parser.diagnostics)
        }
    }

    private static func tooLarge(_ size: Int, at location: SourceLocation) -> Diagnostic {
        let megabytes = Double(size) / 1_048_576
        return .error(.fileTooLarge, "the file is \(String(format: "%.1f", megabytes)) MiB; runbooks may be at most \(maximumFileSize / 1_048_576) MiB",
                      at: location, fix: "split it into smaller runbooks, or check that this is the file you meant")
    }

    /// The index of the first byte that does not belong to a valid UTF-8 sequence.
    static func firstInvalidUTF8(in bytes: [UInt8]) -> Int? {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let length: Int
            switch byte {
            case 0x00...0x7F: index += 1; continue
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return index
            }
            guard index + length <= bytes.count else { return index }
            for offset in 1..<length where bytes[index + offset] & 0xC0 != 0x80 { return index }
            // Overlong, surrogate and out-of-range forms.
            let second = bytes[index + 1]
            if byte == 0xE0 && second < 0xA0 || byte == 0xED && second > 0x9F || byte == 0xF0 && second < 0x90 || byte == 0xF4 && second > 0x8F {
                return index
            }
            index += length
        }
        return nil
    }

    /// The line and column of a byte, counting columns in scalars of the valid prefix.
    static func location(ofByte offset: Int, in bytes: [UInt8], file: String) -> SourceLocation {
        var line = 1, column = 1
        for byte in bytes[..<offset] {
            if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        return SourceLocation(file: file, line: line, column: column)
    }

    /// A diagnostic for a tab used as indentation, which YAML forbids and libyaml reports obscurely.
    static func tabIndentation(in text: String, path: String) -> Diagnostic? {
        var line = 1, column = 1, inIndentation = true
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\n"): line += 1; column = 1; inIndentation = true
            case UInt8(ascii: " ") where inIndentation: column += 1
            case UInt8(ascii: "\t") where inIndentation:
                return .error(.yamlSyntax, "a tab is used for indentation", at: SourceLocation(file: path, line: line, column: column),
                              fix: "YAML indents with spaces only; replace the tab with spaces")
            default: inIndentation = false
            }
        }
        return nil
    }
}
