import ArgumentParser
import AuditStore
import Foundation

/// `--db PATH`, shared by the commands that read or write the audit database.
struct AuditStoreOptions: ParsableArguments {
    /// Where the audit database is when neither `--db` nor `IRUN_DB` says.
    static let defaultPath = ".irun/audit.sqlite"

    @Option(name: .customLong("db"), help: ArgumentHelp(
        "The audit database (default: $IRUN_DB, else ./\(AuditStoreOptions.defaultPath)).", valueName: "path"))
    var path: String?

    /// `--db`, else `IRUN_DB`, else `./.irun/audit.sqlite`.
    var resolvedPath: String {
        if let path, !path.isEmpty { return path }
        if let path = ProcessInfo.processInfo.environment["IRUN_DB"], !path.isEmpty { return path }
        return Self.defaultPath
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
