import ArgumentParser
import AuditStore
import Foundation

/// `--db PATH`, shared by the commands that read or write the audit database.
struct AuditStoreOptions: ParsableArguments {
    /// The project's audit database, used when the current folder is an irun project.
    static let projectPath = ".irun/audit.sqlite"

    @Option(name: .customLong("db"), help: ArgumentHelp(
        "The audit database (default: $IRUN_DB; else ./.irun/audit.sqlite in a folder with .irun/ or Runbooks/; else ~/.local/share/irun/audit.sqlite).", valueName: "path"))
    var path: String?

    /// `--db`, else `IRUN_DB`, else ``defaultPath(environment:)``.
    var resolvedPath: String {
        if let path, !path.isEmpty { return path }
        if let path = ProcessInfo.processInfo.environment["IRUN_DB"], !path.isEmpty { return path }
        return Self.defaultPath()
    }

    /// Where runs are recorded when neither `--db` nor `IRUN_DB` says: `./.irun/audit.sqlite` in
    /// an irun project (a folder with `.irun/` or `Runbooks/`), so a team's runs stay with its
    /// runbooks; anywhere else one per-user trail, `$XDG_DATA_HOME/irun/audit.sqlite` (else
    /// `~/.local/share/irun/audit.sqlite`), so runs started from whatever folder a responder is
    /// in do not scatter the evidence across folders.
    static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let manager = FileManager.default
        if manager.fileExists(atPath: ".irun") || manager.fileExists(atPath: "Runbooks") { return projectPath }
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") { return data + "/irun/audit.sqlite" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.local/share/irun/audit.sqlite" }
        return projectPath
    }

    /// Opens the audit database, creating it (and its directory) if needed: for commands that record runs.
    ///
    /// - Throws: ``ExitCode/failed`` after printing why the database cannot be used
    ///   (written by a newer irun, not an irun database, not writable).
    func open() throws -> AuditDatabase {
        do {
            return try AuditDatabase.open(path: resolvedPath)
        } catch {
            printError("error: \(error)")
            throw ExitCode.failed
        }
    }

    /// Opens the audit database only if the file exists: for commands that just read it.
    ///
    /// - Returns: The store, or `nil` if there is no file at the path (nothing recorded yet).
    /// - Throws: ``ExitCode/failed`` after printing why an existing database cannot be used.
    func openExisting() throws -> AuditDatabase? {
        guard FileManager.default.fileExists(atPath: resolvedPath) else { return nil }
        return try open()
    }

    /// The sentence for commands that need a database and found none.
    var missingMessage: String {
        "no audit database at \(resolvedPath) (irun execute records runs there); pass --db PATH or set IRUN_DB"
    }
}
