@testable import AuditStore
import Foundation
import GRDB
import Migrations
import Testing

@Suite("Audit store migrations")
struct MigrationTests {
    @Test("the migrations are listed in order from 0001, each with its SQL exactly as in Migrations/sql/")
    func listed() throws {
        // Given this build's migrations (embedded by Scripts/embed, so a lone binary knows its schema)
        let all = Migrations.all
        // Then they start at 1 without gaps, and each has its SQL
        #expect(all.map(\.number) == Array(1...all.count))
        #expect(all.first?.fileName == "0001_initial.sql")
        #expect(all.allSatisfy { $0.sql.contains("CREATE TABLE") || $0.number > 1 })
        #expect(Migrations.latestVersion == all.count)
        // And the files on disk are exactly the ones embedded (run Scripts/embed if not)
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Migrations/sql")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".sql") }.sorted()
        #expect(files == all.map(\.fileName), "every SQL file is listed in Migrations.files")
        for migration in all {
            #expect(try String(contentsOf: folder.appendingPathComponent(migration.fileName), encoding: .utf8) == migration.sql, "\(migration.fileName): run Scripts/embed")
        }
    }

    @Test("opening applies each migration once and records version, name, SHA-256 and time")
    func appliedOnce() throws {
        // Given an empty database
        let queue = try DatabaseQueue()
        // When the store opens it twice
        _ = try AuditDatabase(queue)
        _ = try AuditDatabase(queue)
        // Then every migration is recorded exactly once, with the hash of its SQL
        let rows = try queue.read { try Row.fetchAll($0, sql: "SELECT version, name, sha256, applied_at FROM schema_migrations ORDER BY version") }
        #expect(rows.map { $0["version"] as Int } == Migrations.all.map(\.number))
        #expect(rows.map { $0["name"] as String } == Migrations.all.map(\.name))
        #expect(rows.map { $0["sha256"] as String } == Migrations.all.map { SchemaMigrator.sha256($0.sql) })
        #expect(rows.allSatisfy { AuditTime.date($0["applied_at"]) != nil })
        // And the schema is there
        let tables = try queue.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") }
        #expect(Set(["runs", "step_executions", "evidence", "approvals", "events", "schema_migrations"]).isSubset(of: Set(tables)))
    }

    @Test("a database with a schema version newer than this build is refused, unchanged")
    func newerSchema() throws {
        // Given a database that a newer irun migrated one version further than this one knows
        let queue = try DatabaseQueue()
        _ = try AuditDatabase(queue)
        let future = Migration(number: Migrations.latestVersion + 1, name: "future", sql: "")
        try queue.write { try $0.execute(sql: "INSERT INTO schema_migrations VALUES (?, 'future', 'ff', '2027-01-01T00:00:00.000Z')", arguments: [future.number]) }
        // When this build opens it
        // Then it refuses, saying what to do
        let error = try #require(throws: AuditStoreError.self) { try AuditDatabase(queue) }
        #expect(error.code == .newerSchema)
        let latest = Migration(number: Migrations.latestVersion, name: "", sql: "").paddedNumber
        #expect(error.message.contains("written by a newer irun (schema \(future.paddedNumber), this irun knows up to \(latest)): upgrade irun or use another --db"))
    }

    @Test("a database whose applied migration differs from this build's file is refused")
    func changedMigration() throws {
        // Given a database whose record of 0001 has another hash
        let queue = try DatabaseQueue()
        _ = try AuditDatabase(queue)
        try queue.write { try $0.execute(sql: "UPDATE schema_migrations SET sha256 = 'deadbeef' WHERE version = 1") }
        // When it is opened
        // Then it is refused
        let error = try #require(throws: AuditStoreError.self) { try AuditDatabase(queue) }
        #expect(error.code == .changedMigration)
        #expect(error.message.contains("0001_initial.sql"))
    }

    @Test("an SQLite file of something else is refused, not migrated")
    func foreignDatabase() throws {
        // Given a database with an unrelated table
        let queue = try DatabaseQueue()
        try queue.write { try $0.execute(sql: "CREATE TABLE notes (text TEXT)") }
        // When the store opens it
        // Then it refuses and creates nothing
        let error = try #require(throws: AuditStoreError.self) { try AuditDatabase(queue) }
        #expect(error.code == .cannotOpen)
        #expect(try queue.read { try $0.tableExists("events") } == false)
    }

    @Test("open(path:) creates the directory and a WAL file with synchronous NORMAL")
    func openFile() throws {
        // Given a path in a directory that does not exist yet
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("nested/.irun/audit.sqlite").path
        // When the store opens it
        let store = try AuditDatabase.open(path: path)
        // Then the file exists, in WAL mode, with synchronous = NORMAL (1)
        #expect(FileManager.default.fileExists(atPath: path))
        let (mode, synchronous) = try store.writer.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"))
        }
        #expect(mode == "wal")
        #expect(synchronous == 1)
    }

    @Test("a file that is not SQLite is refused with a clear error")
    func notSQLite() throws {
        // Given a text file
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("audit.sqlite").path
        try Data(String(repeating: "not a database\n", count: 100).utf8).write(to: URL(fileURLWithPath: path))
        // When it is opened
        // Then the error names the file
        let error = try #require(throws: AuditStoreError.self) { try AuditDatabase.open(path: path) }
        #expect(error.code == .cannotOpen)
        #expect(error.message.contains(path))
    }
}
