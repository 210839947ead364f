import ArgumentParser
import Foundation
import RunbookModel

/// Where runbooks, worlds (`worlds/NAME.yaml`) and game-day scenarios (`gamedays/NAME.yaml`)
/// are found by name, in order — the first folder that has a name wins, so a user's file
/// shadows a built-in one of the same name:
///
/// 1. `--runbooks DIR`;
/// 2. `$IRUN_RUNBOOKS`;
/// 3. `./Runbooks`, if there is one;
/// 4. the per-user folder: `$XDG_CONFIG_HOME/irun/runbooks`, else `~/.config/irun/runbooks`, if there is one;
/// 5. the built-in files this build ships (``BuiltinLibrary``).
///
/// A path to an existing file is used as it is.
struct RunbookLocator {
    /// One folder searched, and how `irun list` names where a file came from.
    struct Source: Sendable {
        var directory: String
        /// `built-in`, or the folder.
        var label: String
    }

    /// The folders searched, in order.
    let sources: [Source]

    init(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) {
        var sources: [Source] = []
        let manager = FileManager.default
        func folder(_ path: String?) {
            guard let path, !path.isEmpty, !sources.contains(where: { $0.directory == path }) else { return }
            sources.append(Source(directory: path, label: path))
        }
        folder(option)
        folder(environment["IRUN_RUNBOOKS"])
        if manager.fileExists(atPath: "Runbooks") { folder("Runbooks") }
        if let user = Self.userDirectory(environment: environment), manager.fileExists(atPath: user) { folder(user) }
        if let builtin = try? BuiltinLibrary.directory(environment: environment) {
            sources.append(Source(directory: builtin, label: "built-in"))
        }
        self.sources = sources
    }

    /// The per-user runbook folder: `$XDG_CONFIG_HOME/irun/runbooks`, else `~/.config/irun/runbooks`.
    static func userDirectory(environment: [String: String]) -> String? {
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") { return config + "/irun/runbooks" }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.config/irun/runbooks"
    }

    /// Every folder's `worlds/` subfolder, in order.
    var worldsDirectories: [String] { sources.map { $0.directory + "/worlds" } }

    /// Every folder, in order (where a scenario's runbook is looked up by name).
    var directories: [String] { sources.map(\.directory) }

    /// The path of the runbook named or located by `reference`.
    ///
    /// - Throws: A ``ValidationError`` (exit 2) naming the folders searched and the names found.
    func path(for reference: String) throws -> String {
        if reference.contains("/") || reference.hasSuffix(".yaml") || reference.hasSuffix(".yml") {
            guard FileManager.default.fileExists(atPath: reference) else { throw ValidationError("no runbook file at '\(reference)'.") }
            return reference
        }
        if let found = find(reference, in: "") { return found }
        let known = runbookFiles().map { Self.name(ofFile: $0.path) }
        var message = "no runbook named '\(reference)' in \(sources.map { $0.label }.joined(separator: ", "))"
        if let suggestion = Suggestion.closest(to: reference, in: known) { message += "; did you mean '\(suggestion)'?" }
        else if !known.isEmpty { message += " (runbooks: \(known.joined(separator: ", ")))" }
        throw ValidationError(message.hasSuffix("?") ? message : message + ".")
    }

    /// The path of the game-day scenario named `name` (`gamedays/NAME.yaml` in the first folder that has it).
    func scenario(named name: String) -> String? { find(name, in: "gamedays/") }

    /// Every scenario by name (first folder wins), sorted.
    func scenarioFiles() -> [(path: String, source: Source)] { files(in: "gamedays/") }

    /// The first `<folder>/<subfolder><name>.yaml` (or `.yml`).
    private func find(_ name: String, in subfolder: String) -> String? {
        for source in sources {
            for ext in ["yaml", "yml"] {
                let candidate = "\(source.directory)/\(subfolder)\(name).\(ext)"
                if FileManager.default.fileExists(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    /// The name a runbook file is looked up by: its file name without the extension.
    static func name(ofFile path: String) -> String {
        ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    }

    /// Every runbook by name (the first folder that has a name wins), sorted by name.
    func runbookFiles() -> [(path: String, source: Source)] { files(in: "") }

    private func files(in subfolder: String) -> [(path: String, source: Source)] {
        var found: [String: (path: String, source: Source)] = [:]
        for source in sources {
            let directory = source.directory + (subfolder.isEmpty ? "" : "/" + subfolder.dropLast())
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for file in names where file.hasSuffix(".yaml") || file.hasSuffix(".yml") {
                let name = Self.name(ofFile: file)
                if found[name] == nil { found[name] = ((directory as NSString).appendingPathComponent(file), source) }
            }
        }
        return found.sorted { $0.key < $1.key }.map(\.value)
    }
}
