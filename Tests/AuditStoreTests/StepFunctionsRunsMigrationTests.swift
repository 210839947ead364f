@testable import AuditStore
import Foundation
import GRDB
import Migrations
import Testing

@Suite("Migration 0006: runs of mode step-functions")
struct StepFunctionsRunsMigrationTests {
    @Test("a store at schema 0005 with runs, events and evidence keeps every row and reference, and then takes step-functions runs")
    func rebuildKeepsRows() throws {
        // Given a store at 0005 holding a run with its children
        let queue = try DatabaseQueue()
        try SchemaMigrator(migrations: Array(Migrations.all.prefix(5))).migrate(queue)
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO runs (id, runbook_name, runbook_path, runbook_sha256, runbook_text, parameters, mode, provider, actor, status, started_at, parent_run_id, acting_as, changes_need_approval)
                VALUES ('r-1', 'ec2-quarantine', 'Runbooks/ec2-quarantine.yaml', 'ab', 'name: x', '{}', 'live', 'mock', 'me', 'succeeded', '2026-01-01T00:00:00.000Z', 'r-0', 'role', 1)
                """)
            try db.execute(sql: "INSERT INTO events (seq, run_id, kind, time, payload, prev_hash, hash) VALUES (1, 'r-1', 'run-started', '2026-01-01T00:00:00.000Z', '{}', 'p', 'h')")
            try db.execute(sql: "INSERT INTO step_executions (run_id, step, attempt, status) VALUES ('r-1', 'capture', 1, 'succeeded')")
            try db.execute(sql: "INSERT INTO evidence (run_id, name, kind, media_type, content, sha256, size, recorded_at) VALUES ('r-1', 'd', 'k', 'application/json', x'7b7d', 's', 2, '2026-01-01T00:00:00.000Z')")
        }
        // When this build opens it
        _ = try AuditDatabase(queue)
        // Then the run is unchanged, its children still reference it, and the indexes are back
        try queue.read { db in
            let row = try #require(try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = 'r-1'"))
            #expect(row["mode"] as String == "live" && row["parent_run_id"] as String == "r-0" && row["acting_as"] as String == "role")
            #expect(row["changes_need_approval"] as Int == 1)
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM events WHERE run_id = 'r-1'") == 1)
            let indexes = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'runs' AND name LIKE 'runs_by_%' ORDER BY name")
            #expect(indexes == ["runs_by_parent", "runs_by_started_at"])
        }
        // And a run of mode step-functions is accepted, an unknown mode still refused
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO runs (id, runbook_name, runbook_path, runbook_sha256, runbook_text, parameters, mode, provider, actor, status, started_at)
                VALUES ('r-2', 'ec2-quarantine', 'p', 'ab', 'name: x', '{}', 'step-functions', 'aws', 'me', 'succeeded', '2026-01-01T00:00:00.000Z')
                """)
        }
        #expect(throws: DatabaseError.self) {
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO runs (id, runbook_name, runbook_path, runbook_sha256, runbook_text, parameters, mode, provider, actor, status, started_at)
                    VALUES ('r-3', 'x', 'p', 'ab', 't', '{}', 'lambda', 'aws', 'me', 'succeeded', '2026-01-01T00:00:00.000Z')
                    """)
            }
        }
    }
}
