public import Foundation
package import RunbookModel
package import Yams

/// Reads world files (`Runbooks/worlds/*.yaml`) into a ``WorldSpec``.
///
/// Nothing here throws for bad input. The file gets the runbook loader's checks (size limit,
/// strict UTF-8, no NUL bytes, no tab indentation, YAML anchors refused); then every key and
/// value is checked where it is written; then ``WorldSpec/problems()`` checks the references
/// between resources, and each problem is reported at the line and column of the value it
/// concerns. Every diagnostic is collected: a file with five mistakes gets five errors.
public enum WorldFileLoader {
    /// World files larger than this are refused before parsing.
    public static let maximumFileSize = RunbookLoader.maximumFileSize

    /// What ``YAMLFileReader`` calls world files.
    static let fileKind = YAMLFileKind(
        noun: "world file", fileNoun: "world file", plural: "world files",
        startFix: "start with `world: my-world`, then `vpcs:`, `subnets:`, `security-groups:` and `instances:`; see Runbooks/worlds/README.md",
        missingFileFix: "check the path; the shipped worlds are in Runbooks/worlds/",
        tooLargeFix: "describe large fleets with `fleets:` (count and template) instead of listing every instance",
        maximumFileSize: maximumFileSize
    )

    /// Loads the world file at `url`.
    ///
    /// - Parameter url: A file URL.
    /// - Returns: The spec when the file is valid, and every diagnostic; an unreadable file gives one.
    public static func load(contentsOf url: URL) -> WorldFileResult {
        let path = url.isFileURL ? url.path : url.absoluteString
        switch YAMLFileReader.bytes(contentsOf: path, kind: fileKind) {
        case .success(let bytes): return parse(bytes: bytes, path: path)
        case .failure(let failure): return WorldFileResult(spec: nil, diagnostics: withFixes([failure.diagnostic]))
        }
    }

    /// Parses a world file's bytes.
    ///
    /// - Parameters:
    ///   - bytes: The file's bytes (a UTF-8 byte-order mark is allowed).
    ///   - path: The path to name in diagnostics.
    /// - Returns: The spec when the file is valid, and every diagnostic.
    public static func parse(bytes: [UInt8], path: String) -> WorldFileResult {
        switch YAMLFileReader.text(from: bytes, path: path, kind: fileKind) {
        case .success(let text): parse(text: text, path: path)
        case .failure(let failure): WorldFileResult(spec: nil, diagnostics: withFixes([failure.diagnostic]))
        }
    }

    /// Parses a world file's text.
    ///
    /// - Parameters:
    ///   - text: The YAML text.
    ///   - path: The path to name in diagnostics.
    /// - Returns: The spec when the file is valid, and every diagnostic.
    public static func parse(text: String, path: String) -> WorldFileResult {
        let document: YAMLDocument
        switch YAMLFileReader.document(from: text, path: path, kind: fileKind) {
        case .success(let parsed): document = parsed
        case .failure(let failure): return WorldFileResult(spec: nil, diagnostics: withFixes([failure.diagnostic]))
        }
        // The document's parser owns the nodes' anchors; keep it alive while they are read.
        return withExtendedLifetime(document.parser) {
            var parser = WorldFileParser(path: path)
            let spec = parser.world(from: document.root)
            // An aliased node is the anchored one, so its diagnostics can repeat: keep one of each.
            var seen: Set<Diagnostic> = []
            let diagnostics = withFixes(parser.diagnostics.filter { seen.insert($0).inserted }.sorted(by: WorldFileParser.fileOrder))
            let valid = !diagnostics.contains { $0.severity == .error }
            return WorldFileResult(spec: valid ? spec : nil, diagnostics: diagnostics)
        }
    }

    /// Parses a world written inline in another file (a game-day scenario's `world:` mapping).
    ///
    /// - Parameters:
    ///   - root: The mapping node.
    ///   - path: The enclosing file, for diagnostics.
    /// - Returns: The spec when valid, and every diagnostic (positions in the enclosing file).
    package static func parse(root: Node, path: String) -> WorldFileResult {
        var parser = WorldFileParser(path: path)
        let spec = parser.world(from: root)
        var seen: Set<Diagnostic> = []
        let diagnostics = withFixes(parser.diagnostics.filter { seen.insert($0).inserted }.sorted(by: WorldFileParser.fileOrder))
        return WorldFileResult(spec: diagnostics.contains { $0.severity == .error } ? nil : spec, diagnostics: diagnostics)
    }

    /// Parses one fault rule written in another file (a game-day scenario's `faults:` list),
    /// with the same keys and checks as a world file's `behaviour.faults`.
    ///
    /// - Parameters:
    ///   - node: The rule's mapping.
    ///   - index: Its position in the list.
    ///   - path: The enclosing file, for diagnostics.
    /// - Returns: The rule, and the diagnostics (an error means the rule is unusable).
    package static func fault(_ node: Node, index: Int, path: String) -> (FaultRule, [Diagnostic]) {
        var parser = WorldFileParser(path: path)
        let rule = parser.fault(node, index: index)
        return (rule, withFixes(parser.diagnostics))
    }

    /// Gives every diagnostic a fix, pointing at the reference where no specific one is known.
    private static func withFixes(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.map { diagnostic in
            var diagnostic = diagnostic
            if diagnostic.fix == nil { diagnostic.fix = "check this part of the file against Runbooks/worlds/README.md" }
            return diagnostic
        }
    }
}
