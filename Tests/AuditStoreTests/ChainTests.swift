@testable import AuditStore
import Foundation
import GRDB
import RunbookModel
import Testing

@Suite("Audit store hash chain")
struct ChainTests {
    @Test("the first event's hash is SHA-256 of 32 zero bytes and its canonical JSON")
    func knownAnswer() async throws {
        // Given a store with one run
        let store = try await memoryStore(runs: ["r"])
        // When its run-started event is read
        let hashes = try await store.writer.read { try String.fetchAll($0, sql: "SELECT prev_hash FROM events WHERE seq = 1 UNION ALL SELECT hash FROM events WHERE seq = 1") }
        // Then prev_hash is the genesis and hash is what Python's hashlib gives for
        // b"\0" * 32 + b'{"attempt":null,"kind":"run-started","payload":{"actor":"alice","mode":"live","runbook":"ec2-quarantine"},"run":"r","seq":1,"step":null,"time":"2026-01-01T00:00:00.000Z"}'
        #expect(hashes == [String(repeating: "0", count: 64), "b6036c2af9abafd600d271ac3973be7d8ff21c3d42bf9af0778054d78cd8398d"])
    }

    @Test("canonical bytes equal Value.object(...).json, escapes included", arguments: [
        ("run-1", "isolate", Int64?.some(2), Value.object(["outputs": ["groups": ["sg-1"]], "n": .double(1.5)])),
        ("r\"quoted\\", "line\nbreak\ttab\u{01}é🙂", nil, Value.object(["text": "a\u{1f}b\r", "list": [nil, true, 3]])),
    ])
    func canonicalBytes(run: String, step: String, attempt: Int64?, payload: Value) {
        // Given an event's stored fields
        let time = AuditTime.string(at(1.5))
        // When its canonical bytes are built
        var buffer: [UInt8] = []
        EventChain.canonicalBytes(.init(seq: 42, runID: run, kind: "step-succeeded", time: time, step: step, attempt: attempt,
                                        payloadJSON: payload.json), into: &buffer)
        // Then they are the canonical JSON of the object the design names
        let expected = Value.object([
            "seq": 42, "run": .string(run), "kind": "step-succeeded", "time": .string(time), "step": .string(step),
            "attempt": attempt.map { .int(Int($0)) } ?? .null, "payload": payload,
        ]).json
        #expect(String(decoding: buffer, as: UTF8.self) == expected)
    }

    @Test("an intact chain verifies: every event checked, head = the last hash")
    func intact() async throws {
        // Given two recorded runs and some evidence
        let store = try await memoryStore()
        try await recordSampleRun(store, id: "a")
        try await recordSampleRun(store, id: "b")
        _ = try await store.recordEvidence(EvidenceArtifact(runID: "a", step: nil, name: "x", kind: "log", mediaType: "text/plain",
                                                            content: Data("x".utf8), time: at(9)))
        // When the chain is verified
        let result = try await store.verifyChain()
        // Then it is intact and reports the last event's hash
        let last = try await store.writer.read { try String.fetchOne($0, sql: "SELECT hash FROM events ORDER BY seq DESC LIMIT 1") }
        #expect(result == ChainVerification(eventsChecked: 15, headHash: try #require(last), firstBreak: nil))
    }

    @Test("an empty log verifies with the genesis head")
    func empty() async throws {
        let result = try await memoryStore().verifyChain()
        #expect(result.isIntact && result.eventsChecked == 0 && result.headHash == String(repeating: "0", count: 64))
    }

    @Test("tampering with a file database is found at the right event", arguments: [
        Tampering(name: "payload changed", sql: #"UPDATE events SET payload = '{"status":"failed"}' WHERE seq = 7"#,
                  seq: 7, reason: .hashMismatch, checked: 7),
        Tampering(name: "middle event deleted", sql: "DELETE FROM events WHERE seq = 4",
                  seq: 5, reason: .sequenceGap(after: 3), checked: 4),
        Tampering(name: "middle event deleted and the rest renumbered",
                  sql: "DELETE FROM events WHERE seq = 4; UPDATE events SET seq = -seq WHERE seq > 4; UPDATE events SET seq = -seq - 1 WHERE seq < 0",
                  seq: 4, reason: .prevHashDoesNotLink, checked: 4),
        Tampering(name: "two events' seq swapped",
                  sql: "UPDATE events SET seq = -1 WHERE seq = 3; UPDATE events SET seq = 3 WHERE seq = 5; UPDATE events SET seq = 5 WHERE seq = -1",
                  seq: 3, reason: .prevHashDoesNotLink, checked: 3),
        Tampering(name: "first event deleted", sql: "DELETE FROM events WHERE seq = 1",
                  seq: 2, reason: .sequenceGap(after: 0), checked: 1),
        Tampering(name: "time changed", sql: "UPDATE events SET time = '2026-01-01T00:00:00.001Z' WHERE seq = 12",
                  seq: 12, reason: .hashMismatch, checked: 12),
    ])
    func tampering(_ tampering: Tampering) async throws {
        // Given a file database with 14 events
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("audit.sqlite").path
        let store = try AuditDatabase.open(path: path)
        try await recordSampleRun(store, id: "a")
        try await recordSampleRun(store, id: "b")
        #expect(try await store.verifyChain().isIntact)
        // When another client drops the triggers and edits the events with raw SQL
        let attacker = try DatabaseQueue(path: path)
        try await attacker.write { db in
            try db.execute(sql: "DROP TRIGGER events_refuse_update; DROP TRIGGER events_refuse_delete")
            try db.execute(sql: tampering.sql)
        }
        try attacker.close()
        // Then verification names the first event that does not fit, and why
        let result = try await store.verifyChain()
        #expect(result.firstBreak == .init(seq: tampering.seq, reason: tampering.reason), "\(tampering.name)")
        #expect(result.eventsChecked == tampering.checked)
        #expect(!result.isIntact)
    }

    @Test("a changed row whose hash was recomputed still breaks the link to the next event")
    func rehashedRow() async throws {
        // Given a store with 7 events
        let store = try await memoryStore()
        try await recordSampleRun(store)
        // When event 3's payload is changed and its hash recomputed correctly
        try await store.writer.write { db in
            try db.execute(sql: "DROP TRIGGER events_refuse_update")
            let row = try #require(try Row.fetchOne(db, sql: "SELECT * FROM events WHERE seq = 3"))
            var buffer: [UInt8] = []
            EventChain.canonicalBytes(.init(seq: 3, runID: row["run_id"], kind: row["kind"], time: row["time"], step: row["step"],
                                            attempt: row["attempt"], payloadJSON: #"{"code":"none"}"#), into: &buffer)
            let hash = EventChain.hash(previous: try #require(Hex.bytes(row["prev_hash"])), canonical: buffer)
            try db.execute(sql: "UPDATE events SET payload = ?, hash = ? WHERE seq = 3", arguments: [#"{"code":"none"}"#, Hex.string(hash)])
        }
        // Then event 3 verifies but event 4 no longer links
        #expect(try await store.verifyChain().firstBreak == .init(seq: 4, reason: .prevHashDoesNotLink))
    }

    @Test("while the triggers exist, UPDATE and DELETE of events and evidence are refused", arguments: [
        "UPDATE events SET payload = '{}' WHERE seq = 1",
        "DELETE FROM events WHERE seq = 1",
        "UPDATE evidence SET content = x'00'",
        "DELETE FROM evidence",
    ])
    func triggers(sql: String) async throws {
        // Given a store with events and evidence
        let store = try await memoryStore(runs: ["r"])
        _ = try await store.recordEvidence(EvidenceArtifact(runID: "r", step: nil, name: "x", kind: "log", mediaType: "text/plain",
                                                            content: Data("x".utf8), time: at(1)))
        // When raw SQL tries to change them
        let error = try await #require(throws: DatabaseError.self) { try await store.writer.write { try $0.execute(sql: sql) } }
        // Then the trigger refuses, and the chain is intact
        #expect(error.message?.contains("append-only") == true)
        #expect(try await store.verifyChain().eventsChecked == 2)
    }

    @Test("concurrent appends from many tasks keep one gapless chain")
    func concurrentAppends() async throws {
        // Given a file store and 8 runs
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try AuditDatabase.open(path: directory.appendingPathComponent("audit.sqlite").path)
        let ids = (0..<8).map { "run-\($0)" }
        for id in ids { try await store.begin(header(id), with: started(header(id))) }
        // When each run appends 25 batches of 2 events at once
        try await withThrowingTaskGroup(of: Void.self) { group in
            for id in ids {
                group.addTask {
                    for index in 0..<25 {
                        try await store.append([
                            RunEvent(runID: id, kind: .stepStarted, time: at(Double(index)), step: "s\(index)", attempt: 1, payload: ["action": "core.log"]),
                            RunEvent(runID: id, kind: .stepSucceeded, time: at(Double(index)), step: "s\(index)", attempt: 1, payload: ["outputs": [:]]),
                        ])
                    }
                }
            }
            try await group.waitForAll()
        }
        // Then the chain holds all 408 events, and each run's events are in its order
        #expect(try await store.verifyChain() == ChainVerification(
            eventsChecked: 408, headHash: try await store.verifyChain().headHash, firstBreak: nil))
        let events = try #require(try await store.run("run-3")?.events)
        #expect(events.compactMap(\.step) == (0..<25).flatMap { ["s\($0)", "s\($0)"] })
    }
}

/// One way of editing the events behind the store's back, and where verification must see it.
struct Tampering: Sendable, CustomTestStringConvertible {
    var name: String
    var sql: String
    var seq: Int
    var reason: ChainVerification.Break.Reason
    var checked: Int
    var testDescription: String { name }
}
