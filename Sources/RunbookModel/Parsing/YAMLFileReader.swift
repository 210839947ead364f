import Foundation
package import Yams

/// Reads a YAML file into nodes with the checks every irun file format gets: a size limit,
/// strict UTF-8, no NUL bytes, no tab indentation, and libyaml errors turned into diagnostics.
///
/// ``RunbookLoader`` and MockAWS's world-file loader both start here; each failure is one
/// diagnostic with a location, because nothing after it can be trusted.
package enum YAMLFileReader {
    /// Reads the bytes of the file at `path`.
    ///
    /// - Parameters:
    ///   - path: The file.
    ///   - kind: What the file is, for messages and its size limit.
    /// - Returns: The bytes, or the one diagnostic that stops reading.
    package static func bytes(contentsOf path: String, kind: YAMLFileKind) -> Result<[UInt8], YAMLReadFailure> {
        let location = SourceLocation(file: path, line: 1, column: 1)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(YAMLReadFailure(.error(.unreadable, "no such file", at: location, fix: kind.missingFileFix)))
        }
        guard !isDirectory.boolValue else {
            return .failure(YAMLReadFailure(.error(.unreadable, "is a directory, not a \(kind.fileNoun)", at: location,
                                                   fix: "name a .yaml file inside it")))
        }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > kind.maximumFileSize {
            return .failure(YAMLReadFailure(tooLarge(size, at: location, kind: kind)))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(YAMLReadFailure(.error(.unreadable, "cannot be read", at: location, fix: "check the file's permissions")))
        }
        return .success([UInt8](data))
    }

    /// Decodes bytes as strict UTF-8 text, dropping a byte-order mark.
    ///
    /// - Parameters:
    ///   - bytes: The file's bytes.
    ///   - path: The path to name in diagnostics.
    ///   - kind: What the file is.
    /// - Returns: The text, or the diagnostic for an oversized, non-UTF-8 or binary file.
    package static func text(from bytes: [UInt8], path: String, kind: YAMLFileKind) -> Result<String, YAMLReadFailure> {
        let start = SourceLocation(file: path, line: 1, column: 1)
        guard bytes.count <= kind.maximumFileSize else { return .failure(YAMLReadFailure(tooLarge(bytes.count, at: start, kind: kind))) }
        var bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let bad = firstInvalidUTF8(in: bytes) {
            return .failure(YAMLReadFailure(.error(.encoding, "the file is not valid UTF-8 (byte 0x\(String(bytes[bad], radix: 16, uppercase: true)))",
                                                   at: location(ofByte: bad, in: bytes, file: path), fix: "save the file as UTF-8")))
        }
        if let nul = bytes.firstIndex(of: 0) {
            return .failure(YAMLReadFailure(.error(.encoding, "the file contains a NUL byte", at: location(ofByte: nul, in: bytes, file: path),
                                                   fix: "\(kind.plural) are text; remove the binary content")))
        }
        return .success(String(decoding: bytes, as: UTF8.self))
    }

    /// Parses text into a single YAML document.
    ///
    /// Scalars are not resolved (the `basic` resolver): readers resolve them with the YAML 1.2
    /// core schema themselves (``YAMLNodeReader/scalarValue(_:)``).
    ///
    /// - Parameters:
    ///   - text: The YAML text.
    ///   - path: The path to name in diagnostics.
    ///   - kind: What the file is.
    /// - Returns: The document, or the diagnostic for an empty, tab-indented or malformed file.
    package static func document(from text: String, path: String, kind: YAMLFileKind) -> Result<YAMLDocument, YAMLReadFailure> {
        let start = SourceLocation(file: path, line: 1, column: 1)
        if text.utf8.count > kind.maximumFileSize { return .failure(YAMLReadFailure(tooLarge(text.utf8.count, at: start, kind: kind))) }
        if text.allSatisfy({ $0.isWhitespace }) {
            return .failure(YAMLReadFailure(.error(.emptyFile, "the \(kind.noun) is empty", at: start, fix: kind.startFix)))
        }
        if let tab = tabIndentation(in: text, path: path) { return .failure(YAMLReadFailure(tab)) }
        let root: Node?
        let parser: Parser
        do {
            parser = try Parser(yaml: text, resolver: .basic)
            root = try parser.singleRoot()
        } catch let error as YamlError {
            return .failure(YAMLReadFailure(YAMLErrorTranslator.diagnostic(for: error, text: text, path: path)))
        } catch {
            return .failure(YAMLReadFailure(.error(.yamlSyntax, "the YAML could not be read", at: start)))
        }
        guard let root else {
            return .failure(YAMLReadFailure(.error(.emptyFile, "the \(kind.noun) has no content, only comments", at: start, fix: kind.startFix)))
        }
        return .success(YAMLDocument(root: root, text: text, parser: parser))
    }

    private static func tooLarge(_ size: Int, at location: SourceLocation, kind: YAMLFileKind) -> Diagnostic {
        let megabytes = Double(size) / 1_048_576
        return .error(.fileTooLarge, "the file is \(String(format: "%.1f", megabytes)) MiB; \(kind.plural) may be at most \(kind.maximumFileSize / 1_048_576) MiB",
                      at: location, fix: kind.tooLargeFix)
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

/// What kind of file ``YAMLFileReader`` reads, for its messages and limits.
package struct YAMLFileKind: Sendable {
    /// The file's name in messages: `runbook`, `world file`.
    package var noun: String
    /// The file's name as a file: `runbook file`, `world file`.
    package var fileNoun: String
    /// Plural, for rules: `runbooks`, `world files`.
    package var plural: String
    /// How to start an empty file.
    package var startFix: String
    /// What to do about a path that does not exist.
    package var missingFileFix: String
    /// What to do about a file over the limit.
    package var tooLargeFix: String
    /// Files larger than this are refused before parsing.
    package var maximumFileSize: Int

    /// Describes a kind of file.
    ///
    /// - Parameters:
    ///   - noun: Its name in messages.
    ///   - fileNoun: Its name as a file.
    ///   - plural: Its plural.
    ///   - startFix: How to start an empty one.
    ///   - missingFileFix: What to do about a missing path.
    ///   - tooLargeFix: What to do about an oversized file.
    ///   - maximumFileSize: The size limit in bytes.
    package init(noun: String, fileNoun: String, plural: String, startFix: String, missingFileFix: String, tooLargeFix: String, maximumFileSize: Int) {
        self.noun = noun
        self.fileNoun = fileNoun
        self.plural = plural
        self.startFix = startFix
        self.missingFileFix = missingFileFix
        self.tooLargeFix = tooLargeFix
        self.maximumFileSize = maximumFileSize
    }
}

/// A parsed YAML document: its root node, and the parser that owns the nodes' anchors.
package struct YAMLDocument {
    /// The root node.
    package var root: Node
    /// The text it was parsed from.
    package var text: String
    /// Nodes hold their YAML anchors weakly and the parser owns them: keep it alive while the
    /// nodes are read, so that readers can see (and refuse) anchors and aliases.
    package var parser: Parser
}

/// The one diagnostic that stopped ``YAMLFileReader``.
package struct YAMLReadFailure: Error {
    /// The diagnostic.
    package var diagnostic: Diagnostic

    /// Wraps a diagnostic.
    ///
    /// - Parameter diagnostic: The diagnostic.
    package init(_ diagnostic: Diagnostic) { self.diagnostic = diagnostic }
}
