import ArgumentParser
import Foundation
import RunbookModel

/// Finds runbooks by name or path: a path to an existing file is used as it is; a name is
/// looked up as `<dir>/<name>.yaml` (or `.yml`) in the runbook directory.
struct RunbookLocator {
    /// The directory searched for names.
    let directory: String

    /// The runbook directory: `--runbooks`, else `IRUN_RUNBOOKS`, else `./Runbooks`.
    init(option: String?) {
        directory = option ?? ProcessInfo.processInfo.environment["IRUN_RUNBOOKS"] ?? "Runbooks"
    }

    /// The path of the runbook named or located by `reference`.
    ///
    /// - Throws: A ``ValidationError`` (exit 2) naming the directory searched and the names found.
    func path(for reference: String) throws -> String {
        let manager = FileManager.default
        if reference.contains("/") || reference.hasSuffix(".yaml") || reference.hasSuffix(".yml") {
            guard manager.fileExists(atPath: reference) else { throw ValidationError("no runbook file at '\(reference)'.") }
            return reference
        }
        for ext in ["yaml", "yml"] {
            let candidate = (directory as NSString).appendingPathComponent("\(reference).\(ext)")
            if manager.fileExists(atPath: candidate) { return candidate }
        }
        let known = runbookFiles().map(Self.name(ofFile:))
        var message = "no runbook named '\(reference)' in \(directory)/"
        if let suggestion = Suggestion.closest(to: reference, in: known) { message += "; did you mean '\(suggestion)'?" }
        else if !known.isEmpty { message += " (runbooks: \(known.joined(separator: ", ")))" }
        else { message += "; run irun from the repository root, or pass --runbooks DIR" }
        throw ValidationError(message.hasSuffix("?") ? message : message + ".")
    }

    /// The name a runbook file is looked up by: its file name without the extension.
    static func name(ofFile path: String) -> String {
        ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    }

    /// Every `.yaml`/`.yml` file directly in the directory, sorted.
    func runbookFiles() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
            .map { (directory as NSString).appendingPathComponent($0) }
    }
}
