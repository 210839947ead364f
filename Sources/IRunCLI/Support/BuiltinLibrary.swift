import Foundation
import MockAWS

/// The runbooks, worlds and game days this build ships (``BuiltinFiles``), as a folder.
///
/// They are written once per build (named by their digest) into the per-user cache folder, so
/// every loader that reads files — runbooks, worlds, scenarios and the runbooks a scenario names —
/// reads the built-in ones as it reads a user's, and a diagnostic names a file the user can open.
enum BuiltinLibrary {
    /// Every built-in file by its path under `Runbooks/`: ``BuiltinFiles``, and the default
    /// world, which the simulator carries already.
    static var files: [(path: String, text: String)] {
        BuiltinFiles.files + [(path: "worlds/default.yaml", text: WorldSpec.defaultWorldText)]
    }

    /// The folder holding the built-in files, written on first use.
    ///
    /// - Throws: ``CLIError`` when no folder could be written (the cache and the temporary folder both refused).
    static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let name = "builtin-" + BuiltinFiles.digest.prefix(16)
        var bases: [URL] = []
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") { bases.append(URL(fileURLWithPath: cache).appendingPathComponent("irun")) }
        if let home = environment["HOME"], !home.isEmpty { bases.append(URL(fileURLWithPath: home).appendingPathComponent(".cache/irun")) }
        bases.append(FileManager.default.temporaryDirectory.appendingPathComponent("irun-\(getuid())"))
        var failures: [String] = []
        for base in bases {
            let target = base.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: target.appendingPathComponent(".complete").path) { return target.path }
            do {
                try write(into: target)
                return target.path
            } catch {
                failures.append("\(target.path): \(error.localizedDescription)")
            }
        }
        throw CLIError("cannot write the built-in runbooks to a cache folder (\(failures.joined(separator: "; "))); pass --runbooks DIR")
    }

    /// Writes every built-in file under `target`: into a private folder first, renamed into
    /// place whole, so a concurrent irun never sees half of them.
    private static func write(into target: URL) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let staging = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent)-\(getpid())-\(UUID().uuidString.prefix(8))")
        defer { try? manager.removeItem(at: staging) }
        try export(to: staging)
        try Data().write(to: staging.appendingPathComponent(".complete"))
        do {
            try manager.moveItem(at: staging, to: target)
        } catch where manager.fileExists(atPath: target.appendingPathComponent(".complete").path) {
            // Another irun wrote the same files first.
        }
    }

    /// Writes the built-in files under `directory`, keeping their layout (`worlds/`, `gamedays/`).
    ///
    /// - Parameters:
    ///   - directory: Where to write; created if missing.
    ///   - overwrite: Whether existing files may be replaced.
    /// - Returns: The paths written.
    /// - Throws: ``CLIError`` naming every file that exists already when `overwrite` is off
    ///   (nothing is written then), or the write that failed.
    @discardableResult
    static func export(to directory: URL, overwrite: Bool = false) throws -> [String] {
        let manager = FileManager.default
        let targets = files.map { (directory.appendingPathComponent($0.path), $0.text) }
        let existing = targets.map(\.0.path).filter { manager.fileExists(atPath: $0) }
        if !overwrite, !existing.isEmpty {
            throw CLIError("\(existing.count) file\(existing.count == 1 ? "" : "s") exist already (\(existing.prefix(3).joined(separator: ", "))\(existing.count > 3 ? ", …" : "")); nothing was written. Pass --force to replace them, or choose an empty folder.")
        }
        for (url, text) in targets {
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
        }
        return targets.map(\.0.path)
    }
}
