import Foundation

/// One schema change of the audit store: a numbered SQL file in `Migrations/sql/`.
public struct Migration: Hashable, Sendable {
    /// The version the database is at once this migration has run: `1` for `0001_initial.sql`.
    public var number: Int
    /// The file name without number and extension: `initial`.
    public var name: String
    /// The SQL statements, run in one transaction.
    public var sql: String

    /// Creates a migration.
    ///
    /// - Parameters:
    ///   - number: Its version, starting at 1, without gaps.
    ///   - name: Its name.
    ///   - sql: Its statements.
    public init(number: Int, name: String, sql: String) {
        self.number = number
        self.name = name
        self.sql = sql
    }

    /// The four-digit version, as in the file name and error messages: `0001`.
    public var paddedNumber: String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// The resource file name: `0001_initial.sql`.
    public var fileName: String { "\(paddedNumber)_\(name).sql" }
}

/// The audit store's schema, as the ordered list of SQL files in `Migrations/sql/`.
///
/// The SQL files are the only source of the schema. Append a new file and a line to
/// ``files`` (and run `Scripts/embed`) to change it; never edit a file that has shipped, since databases record the
/// SHA-256 of each file they applied and refuse one that changed.
public enum Migrations {
    /// The migration files, in order: number and name.
    static let files: [(number: Int, name: String)] = [
        (1, "initial"),
        (2, "checkpoints"),
        (3, "acting_as"),
        (4, "run_leases"),
        (5, "service"),
        (6, "step_functions_runs"),
    ]

    /// Every migration this build knows, in order, with its SQL as this build embedded it
    /// (``EmbeddedSQL``, generated from `Migrations/sql/` by `Scripts/embed`), so an `irun`
    /// binary copied on its own still knows its schema.
    public static let all: [Migration] = files.map { number, name in
        var migration = Migration(number: number, name: name, sql: "")
        guard let sql = EmbeddedSQL.files.first(where: { $0.path == migration.fileName })?.text else {
            fatalError("irun: migration \(migration.fileName) was not embedded; run Scripts/embed and rebuild")
        }
        migration.sql = sql
        return migration
    }

    /// The highest version this build knows.
    public static var latestVersion: Int { files.last?.number ?? 0 }
}
