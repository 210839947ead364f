import Crypto
import Foundation
import GRDB
import Migrations

/// Brings a database to the schema of this build by running the SQL files of ``Migrations``
/// it has not applied, and records each in `schema_migrations` (version, name, SHA-256 of the
/// SQL, time applied).
///
/// Everything happens in one IMMEDIATE transaction, so two processes opening a fresh file at
/// once do not both migrate, and a failed migration leaves the database as it was. It refuses,
/// before changing anything, a database that has a version newer than this build knows, or
/// whose record of an applied file differs from this build's file of that number.
struct SchemaMigrator {
    /// The migrations this build knows, in order.
    var migrations: [Migration] = Migrations.all

    /// Applies the missing migrations.
    ///
    /// - Parameters:
    ///   - writer: The database.
    ///   - now: The time recorded as `applied_at`.
    /// - Throws: ``AuditStoreError`` `newerSchema` or `changedMigration`; database errors.
    func migrate(_ writer: any DatabaseWriter, now: Date = Date()) throws {
        let latest = migrations.last?.number ?? 0
        let location = writer.path.isEmpty || writer.path == ":memory:" ? "the audit database" : "the audit database \(writer.path)"
        try writer.write { db in
            let applied = try appliedMigrations(db)
            if applied.isEmpty, try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table'") ?? 0 > 0 {
                throw AuditStoreError(.cannotOpen, "\(location) is not an irun audit database (it has tables but no schema_migrations); use another --db")
            }
            if let newest = applied.keys.max(), newest > latest {
                throw AuditStoreError(.newerSchema, """
                    \(location) was written by a newer irun (schema \(Self.padded(newest)), this irun knows up to \(Self.padded(latest))): \
                    upgrade irun or use another --db
                    """)
            }
            for migration in migrations {
                let digest = Self.sha256(migration.sql)
                if let recorded = applied[migration.number] {
                    guard recorded == digest else {
                        throw AuditStoreError(.changedMigration, """
                            \(location) applied migration \(migration.fileName) with different SQL (sha256 \(recorded.prefix(12))…, \
                            this irun's is \(digest.prefix(12))…): it was made by another build of irun; use another --db
                            """)
                    }
                    continue
                }
                try db.execute(sql: migration.sql)
                try db.execute(
                    sql: "INSERT INTO schema_migrations (version, name, sha256, applied_at) VALUES (?, ?, ?, ?)",
                    arguments: [migration.number, migration.name, digest, AuditTime.string(now)])
            }
        }
    }

    /// Version → SHA-256 of every applied migration; empty for a fresh database.
    private func appliedMigrations(_ db: Database) throws -> [Int: String] {
        guard try db.tableExists("schema_migrations") else { return [:] }
        var applied: [Int: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT version, sha256 FROM schema_migrations") {
            applied[try row.decode(Int.self, atIndex: 0)] = try row.decode(String.self, atIndex: 1)
        }
        return applied
    }

    /// Lowercase hex SHA-256 of the UTF-8 of `sql`.
    static func sha256(_ sql: String) -> String {
        Hex.string(SHA256.hash(data: Data(sql.utf8)))
    }

    /// `3` → `0003`.
    static func padded(_ version: Int) -> String {
        Migration(number: version, name: "", sql: "").paddedNumber
    }
}
