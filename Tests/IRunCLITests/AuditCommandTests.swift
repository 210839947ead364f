import ArgumentParser
import AuditStore
import Foundation
import GRDB
@testable import IRunCLI
import RunbookModel
import Testing

/// A file audit database in a fresh directory with two recorded runs (`20260101-000000-aaaa`
/// succeeded after a retry, `20260101-000100-bbbb` still running), removed by `cleanup`.
struct RecordedDatabase {
    let directory: URL
    var path: String { directory.appendingPathComponent("audit.sqlite").path }

    static func make() async throws -> RecordedDatabase {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("irun-cli-\(UUID().uuidString)")
        let database = RecordedDatabase(directory: directory)
        let store = try AuditDatabase.open(path: database.path)
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        func time(_ seconds: Double) -> Date { start.addingTimeInterval(seconds) }
        for (id, offset) in [("20260101-000000-aaaa", 0.0), ("20260101-000100-bbbb", 60.0)] {
            let header = RunHeader(
                id: id, runbookName: "ec2-quarantine", runbookPath: "Runbooks/ec2-quarantine.yaml", runbookSHA256: String(repeating: "c", count: 64),
                runbookText: "name: ec2-quarantine\n", parameters: ["instance": "i-123"], mode: .live, provider: "mock", actor: "alice",
                startedAt: time(offset))
            try await store.begin(header, with: RunEvent(runID: id, kind: .runStarted, time: time(offset)))
        }
        let id = "20260101-000000-aaaa"
        try await store.append([
            RunEvent(runID: id, kind: .stepStarted, time: time(1), step: "isolate", attempt: 1, payload: ["action": "ec2.isolate"]),
            RunEvent(runID: id, kind: .stepRetrying, time: time(2), step: "isolate", attempt: 1,
                     payload: ["code": "RequestLimitExceeded", "message": "Request limit exceeded.", "delayMs": 200]),
            RunEvent(runID: id, kind: .stepStarted, time: time(3), step: "isolate", attempt: 2, payload: ["action": "ec2.isolate"]),
            RunEvent(runID: id, kind: .stepSucceeded, time: time(4.5), step: "isolate", attempt: 2, payload: ["outputs": [:]]),
            RunEvent(runID: id, kind: .runFinished, time: time(5), payload: ["status": "succeeded"]),
        ])
        _ = try await store.recordEvidence(EvidenceArtifact(
            runID: id, step: "isolate", name: "instance-description", kind: "ec2-instance-description", mediaType: "application/json",
            content: Data("{}".utf8), time: time(4)))
        return database
    }

    /// Runs raw SQL on the file as another client would, dropping the append-only triggers first.
    func tamper(_ sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER events_refuse_update; DROP TRIGGER events_refuse_delete")
            try db.execute(sql: sql)
        }
        try queue.close()
    }

    func cleanup() { try? FileManager.default.removeItem(at: directory) }
}

@Suite("irun audit verify, runs, status")
struct AuditCommandTests {
    @Test("the audit commands parse --db, --limit, --format and a run id")
    func parsing() throws {
        // Given command lines
        // When they are parsed
        let verify = try #require(try IRun.parseAsRoot(["audit", "verify", "--db", "x.sqlite"]) as? AuditVerifyCommand)
        let runs = try #require(try IRun.parseAsRoot(["runs", "--limit", "5", "--format", "json"]) as? RunsCommand)
        let status = try #require(try IRun.parseAsRoot(["status", "2026", "--format", "json"]) as? StatusCommand)
        // Then the values arrive, and the default path applies without --db
        #expect(verify.database.resolvedPath == "x.sqlite")
        #expect(runs.limit == 5 && runs.format == .json)
        #expect(status.runID == "2026" && status.format == .json)
        #expect(AuditStoreOptions.projectPath == ".irun/audit.sqlite")
        #expect(throws: (any Error).self) { try IRun.parseAsRoot(["runs", "--limit", "0"]) }
    }

    @Test("verify on an intact database prints the event count and head, exit 0")
    func verifyIntact() async throws {
        // Given a recorded database
        let database = try await RecordedDatabase.make()
        defer { database.cleanup() }
        // When irun audit verify runs
        let result = try runIRun(["audit", "verify", "--db", database.path])
        // Then the chain is intact: 2 run-started, 5 appended, 1 evidence event
        #expect(result.status == 0, "\(result.stderr)")
        let head = try await AuditDatabase.open(path: database.path).verifyChain().headHash
        #expect(result.stdout == "chain intact: 8 events, head \(head)\n")
    }

    @Test("verify on a tampered database names the event and the reason, exit 1", arguments: [
        (#"UPDATE events SET payload = '{"status":"failed"}' WHERE seq = 7"#, "chain broken at event 7: hash mismatch (row changed)"),
        ("DELETE FROM events WHERE seq = 4", "chain broken at event 5: sequence gap after 3"),
        ("UPDATE events SET seq = -1 WHERE seq = 3; UPDATE events SET seq = 3 WHERE seq = 5; UPDATE events SET seq = 5 WHERE seq = -1",
         "chain broken at event 3: prev_hash does not link (row deleted or reordered)"),
    ])
    func verifyTampered(sql: String, expected: String) async throws {
        // Given a recorded database edited behind irun's back
        let database = try await RecordedDatabase.make()
        defer { database.cleanup() }
        try database.tamper(sql)
        // When irun audit verify runs
        let result = try runIRun(["audit", "verify", "--db", database.path])
        // Then it reports the first broken event and fails
        #expect(result.status == 1)
        #expect(result.stdout == expected + "\n")
    }

    @Test("verify without a database says where it looked, exit 1")
    func verifyMissing() throws {
        let result = try runIRun(["audit", "verify", "--db", "/nonexistent/irun/audit.sqlite"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("no audit database at /nonexistent/irun/audit.sqlite"))
    }

    @Test("runs lists the newest run first, as a table and as JSON")
    func runs() async throws {
        // Given a recorded database
        let database = try await RecordedDatabase.make()
        defer { database.cleanup() }
        // When irun runs prints a table and JSON
        let table = try runIRun(["runs", "--db", database.path])
        let json = try runIRun(["runs", "--db", database.path, "--format", "json", "--limit", "1"])
        // Then the table has a header and both runs, newest first
        #expect(table.status == 0, "\(table.stderr)")
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("RUN "))
        #expect(lines[1].hasPrefix("20260101-000100-bbbb  ec2-quarantine  live  running "))
        #expect(lines[2].hasPrefix("20260101-000000-aaaa  ec2-quarantine  live  succeeded  1/0/0/1 "))
        #expect(lines[2].hasSuffix("2026-01-01T00:00:00.000Z  5.0s"))
        // And the JSON holds only the newest
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(entries.count == 1)
        #expect(entries.first?["id"] as? String == "20260101-000100-bbbb")
        #expect(entries.first?["status"] as? String == "running")
        #expect(entries.first?["startedAt"] as? String == "2026-01-01T00:01:00.000Z")
    }

    @Test("runs with no database yet says so and exits 0")
    func runsWithoutDatabase() throws {
        let result = try runIRun(["runs", "--db", "/nonexistent/irun/audit.sqlite"])
        #expect(result.status == 0)
        #expect(result.stdout == "no runs recorded in /nonexistent/irun/audit.sqlite\n")
    }

    @Test("status accepts a unique id prefix and shows each attempt with its error and timing")
    func status() async throws {
        // Given a recorded database
        let database = try await RecordedDatabase.make()
        defer { database.cleanup() }
        // When irun status is given a prefix, as text and as JSON
        let text = try runIRun(["status", "20260101-0000", "--db", database.path])
        let json = try runIRun(["status", "20260101-0000", "--db", database.path, "--format", "json"])
        // Then the text shows the run, both attempts and the evidence
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("run 20260101-000000-aaaa  ec2-quarantine  succeeded\n"))
        #expect(text.stdout.contains("  finished    2026-01-01T00:00:05.000Z (5.0s)\n"))
        #expect(text.stdout.contains("  isolate  1        retrying   ec2.isolate  2026-01-01T00:00:01.000Z  1.0s      RequestLimitExceeded: Request limit exceeded.\n"))
        #expect(text.stdout.contains("  isolate  2        succeeded  ec2.isolate  2026-01-01T00:00:03.000Z  1.5s      -\n"))
        #expect(text.stdout.contains("instance-description  isolate  ec2-instance-description  application/json  2 B"))
        // And the JSON has the same
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let run = try #require(object["run"] as? [String: Any])
        #expect(run["status"] as? String == "succeeded" && run["events"] as? Int == 7)
        let steps = try #require(object["steps"] as? [[String: Any]])
        #expect(steps.map { $0["status"] as? String } == ["retrying", "succeeded"])
        #expect(steps.first?["errorCode"] as? String == "RequestLimitExceeded")
    }

    @Test("status with an ambiguous or unknown id is a usage error naming the candidates", arguments: [
        ("20260101-", "matches several runs (20260101-000100-bbbb, 20260101-000000-aaaa)"),
        ("nope", "no run with id 'nope'"),
    ])
    func statusUnknown(prefix: String, message: String) async throws {
        let database = try await RecordedDatabase.make()
        defer { database.cleanup() }
        let result = try runIRun(["status", prefix, "--db", database.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}
