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

    /// What ``YAMLFileReader`` calls runbook files, and their limits.
    static let fileKind = YAMLFileKind(
        noun: "runbook", fileNoun: "runbook file", plural: "runbooks",
        startFix: "start with `name:`, `description:` and `steps:`; see Runbooks/README.md",
        missingFileFix: "check the path, or run `irun list` to see the runbooks by name",
        tooLargeFix: "split it into smaller runbooks, or check that this is the file you meant",
        maximumFileSize: maximumFileSize
    )

    /// Loads the runbook at `path`.
    ///
    /// - Parameter path: The file to read.
    /// - Returns: The runbook and its diagnostics; an unreadable file gives one diagnostic.
    public static func load(contentsOf path: String) -> LoadResult {
        switch YAMLFileReader.bytes(contentsOf: path, kind: fileKind) {
        case .success(let bytes): load(bytes: bytes, path: path)
        case .failure(let failure): LoadResult(diagnostics: [failure.diagnostic])
        }
    }

    /// Loads a runbook from bytes.
    ///
    /// - Parameters:
    ///   - bytes: The file's bytes.
    ///   - path: The path to name in diagnostics.
    /// - Returns: The runbook and its diagnostics.
    public static func load(bytes: [UInt8], path: String) -> LoadResult {
        switch YAMLFileReader.text(from: bytes, path: path, kind: fileKind) {
        case .success(let text): load(text: text, path: path)
        case .failure(let failure): LoadResult(diagnostics: [failure.diagnostic])
        }
    }

    /// Loads a runbook from text.
    ///
    /// - Parameters:
    ///   - text: The YAML text.
    ///   - path: The path to name in diagnostics.
    /// - Returns: The runbook and its diagnostics.
    public static func load(text: String, path: String) -> LoadResult {
        let document: YAMLDocument
        switch YAMLFileReader.document(from: text, path: path, kind: fileKind) {
        case .success(let parsed): document = parsed
        case .failure(let failure): return LoadResult(diagnostics: [failure.diagnostic])
        }
        // Nodes hold their YAML anchors weakly; the document's parser owns them. Keeping it alive
        // while the nodes are read lets the runbook parser see (and refuse) anchors and aliases.
        return withExtendedLifetime(document.parser) {
            var parser = RunbookParser(path: path, text: text)
            let runbook = parser.runbook(from: document.root)
            return LoadResult(runbook: runbook, diagnostics: parser.diagnostics)
        }
    }
}
