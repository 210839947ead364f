import ArgumentParser
@testable import AuditStore
import Foundation
import GRDB
@testable import IRunCLI
import Testing

@Suite("irun report, audit export, keygen, checkpoint, verify --pubkey", .serialized)
struct ReportCommandTests {
    @Test("the report and audit commands parse their options")
    func parsing() throws {
        // Given command lines
        let report = try #require(try IRun.parseAsRoot([
            "report", "2026", "--format", "html", "--output", "r.html", "--verify", "full", "--pubkey", "a.pub", "--pubkey", "b.pub", "--db", "x.sqlite",
        ]) as? ReportCommand)
        let export = try #require(try IRun.parseAsRoot([
            "audit", "export", "--since", "2026-01-01", "--until", "2026-01-02T12:00:00+02:00", "--runbook", "ec2-quarantine", "--format", "csv",
        ]) as? AuditExportCommand)
        let keygen = try #require(try IRun.parseAsRoot(["audit", "keygen", "--out", "keys/audit"]) as? AuditKeygenCommand)
        let checkpoint = try #require(try IRun.parseAsRoot(["audit", "checkpoint", "--key", "keys/audit.key"]) as? AuditCheckpointCommand)
        let verify = try #require(try IRun.parseAsRoot(["audit", "verify", "--pubkey", "keys/audit.pub"]) as? AuditVerifyCommand)
        // Then the values arrive
        #expect(report.runID == "2026" && report.format == .html && report.output == "r.html" && report.verify == .full)
        #expect(report.pubkey == ["a.pub", "b.pub"] && report.database.resolvedPath == "x.sqlite")
        #expect(export.since?.date == Date(timeIntervalSince1970: 1_767_225_600))
        #expect(export.until?.date == Date(timeIntervalSince1970: 1_767_225_600 + 86_400 + 36_000))
        #expect(export.runbook == "ec2-quarantine" && export.format == .csv)
        #expect(keygen.out == "keys/audit" && checkpoint.key == "keys/audit.key" && verify.pubkey == ["keys/audit.pub"])
        // And defaults are md, full verification, jsonl
        let plain = try #require(try IRun.parseAsRoot(["report", "x"]) as? ReportCommand)
        #expect(plain.format == .md && plain.verify == .run && plain.pubkey.isEmpty)
        #expect((try IRun.parseAsRoot(["audit", "export"]) as? AuditExportCommand)?.format == .jsonl)
    }

    @Test("malformed report and export options are usage errors", arguments: [
        (["report", "x", "--format", "pdf"], "--format"),
        (["audit", "export", "--since", "yesterday"], "--since"),
        (["audit", "export", "--since", "2026-01-02", "--until", "2026-01-01"], "--since 2026-01-02 is not before --until 2026-01-01"),
        (["audit", "keygen"], "--out"),
        (["audit", "checkpoint"], "--key"),
    ])
    func usageErrors(arguments: [String], message: String) {
        #expect {
            _ = try IRun.parseAsRoot(arguments)
        } throws: { error in
            IRun.exitCode(for: error) == .validationFailure && IRun.fullMessage(for: error).contains(message)
        }
    }

    @Test("report writes Markdown to stdout and HTML to a file; a tampered row shows as 'chain broken at event N'")
    func report() async throws {
        // Given a recorded database
        let database = try await RecordedDatabase.make()
        defer { database.cleanup() }
        // When a run is reported as Markdown, and as HTML into a file
        let markdown = try runIRun(["report", "20260101-0000", "--db", database.path])
        let htmlPath = database.directory.appendingPathComponent("report.html").path
        let html = try runIRun(["report", "20260101-000000-aaaa", "--format", "html", "--output", htmlPath, "--db", database.path])
        // Then both succeed with the report
        #expect(markdown.status == 0, "\(markdown.stderr)")
        #expect(markdown.stdout.hasPrefix("# Run report: ec2-quarantine 20260101-000000-aaaa\n"))
        #expect(markdown.stdout.contains("| Result | intact |"))
        #expect(html.status == 0 && html.stdout.isEmpty)
        #expect(html.stderr == "wrote html report of run 20260101-000000-aaaa to \(htmlPath)\n")
        #expect(try String(contentsOfFile: htmlPath, encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
        #expect(!FileManager.default.fileExists(atPath: htmlPath + ".partial"))

        // When a row is changed behind irun's back
        try database.tamper(#"UPDATE events SET payload = '{"status":"failed"}' WHERE seq = 7"#)
        let tampered = try runIRun(["report", "20260101-000000-aaaa", "--db", database.path])
        let verify = try runIRun(["audit", "verify", "--db", database.path])
        // Then the report still comes out, showing the break at the top and warning on stderr; verify fails
        #expect(tampered.status == 0)
        #expect(tampered.stdout.contains("> **AUDIT CHAIN BROKEN**: chain broken at event 7: hash mismatch (row changed)."))
        #expect(tampered.stderr.contains("warning: chain broken at event 7: hash mismatch (row changed)"))
        #expect(verify.status == 1 && verify.stdout == "chain broken at event 7: hash mismatch (row changed)\n")
    }

    @Test("report of an unknown run is a usage error")
    func unknownRun() async throws {
        let database = try await RecordedDatabase.make()
        defer { database.cleanup() }
        let result = try runIRun(["report", "nope", "--db", database.path])
        #expect(result.status == 2 && result.stderr.contains("no run with id 'nope'"))
    }

    @Test("audit export streams JSON Lines to stdout or a file, filtered")
    func export() async throws {
        let database = try await RecordedDatabase.make()
        defer { database.cleanup() }
        // When everything, then one minute of it, is exported
        let all = try runIRun(["audit", "export", "--db", database.path])
        let path = database.directory.appendingPathComponent("events.csv").path
        let window = try runIRun(["audit", "export", "--since", "2026-01-01T00:00:01Z", "--until", "2026-01-01T00:00:04.500Z",
                                  "--format", "csv", "--output", path, "--db", database.path])
        // Then every event is a line, and the window holds the events in it
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.stdout.split(separator: "\n").count == 8)
        #expect(all.stdout.hasPrefix(#"{"attempt":null,"hash":""#))
        #expect(window.status == 0 && window.stderr == "exported 4 events to \(path)\n")
        let csv = try String(contentsOfFile: path, encoding: .utf8)
        #expect(csv.hasPrefix("seq,time,run_id,runbook,kind,step,attempt,payload,prev_hash,hash\r\n3,2026-01-01T00:00:01.000Z,"))
        #expect(csv.components(separatedBy: "\r\n").count == 6)
    }

    @Test("keygen, checkpoint, verify --pubkey: a rewritten chain passes verify alone but fails against the checkpoint")
    func signedCheckpoints() async throws {
        // Given a recorded database and a key pair
        let database = try await RecordedDatabase.make()
        defer { database.cleanup() }
        let prefix = database.directory.appendingPathComponent("keys/audit").path
        try FileManager.default.createDirectory(atPath: database.directory.appendingPathComponent("keys").path, withIntermediateDirectories: true)
        let keygen = try runIRun(["audit", "keygen", "--out", prefix])
        #expect(keygen.status == 0, "\(keygen.stderr)")
        #expect(keygen.stdout.hasPrefix("private key \(prefix).key (mode 0600"))
        let mode = try FileManager.default.attributesOfItem(atPath: prefix + ".key")[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        let again = try runIRun(["audit", "keygen", "--out", prefix])
        #expect(again.status == 1 && again.stderr.contains("already exists; keys are never overwritten"))

        // When there is no checkpoint yet, verify --pubkey fails
        let none = try runIRun(["audit", "verify", "--pubkey", prefix + ".pub", "--db", database.path])
        #expect(none.status == 1 && none.stdout.contains("no signed checkpoint recorded"))

        // When the head is signed, verify --pubkey holds
        let checkpoint = try runIRun(["audit", "checkpoint", "--key", prefix + ".key", "--db", database.path])
        #expect(checkpoint.status == 0, "\(checkpoint.stderr)")
        #expect(checkpoint.stdout.hasPrefix("checkpoint 1: event 8, hash "))
        let good = try runIRun(["audit", "verify", "--pubkey", prefix + ".pub", "--db", database.path])
        #expect(good.status == 0, "\(good.stdout)")
        #expect(good.stdout.contains(": valid\ncheckpoints valid: events 1-8 proven not rewritten\n"))

        // When an attacker edits event 4 and recomputes every hash after it
        try rewrite(database.path, seq: 4, payload: #"{"code":"Nothing","message":"nothing happened"}"#)
        let plain = try runIRun(["audit", "verify", "--db", database.path])
        let signed = try runIRun(["audit", "verify", "--pubkey", prefix + ".pub", "--db", database.path])
        // Then the chain alone looks intact, but the checkpoint catches the rewrite
        #expect(plain.status == 0 && plain.stdout.hasPrefix("chain intact: 8 events"))
        #expect(signed.status == 1)
        #expect(signed.stdout.contains("INVALID: the chain's hash there is now"))
        #expect(signed.stdout.hasSuffix("checkpoints do not hold: 1 of 1 failed\n"))
        // And the report with the key says so
        let report = try runIRun(["report", "20260101-000000-aaaa", "--pubkey", prefix + ".pub", "--db", database.path])
        #expect(report.stdout.contains("**SIGNED CHECKPOINTS DO NOT HOLD**"))
        #expect(report.stderr.contains("warning: the signed checkpoints do not hold"))
    }

    @Test("checkpoint refuses a broken chain and a key file that is not a private key")
    func checkpointRefusals() async throws {
        let database = try await RecordedDatabase.make()
        defer { database.cleanup() }
        let prefix = database.directory.appendingPathComponent("audit").path
        #expect(try runIRun(["audit", "keygen", "--out", prefix]).status == 0)
        let wrongKey = try runIRun(["audit", "checkpoint", "--key", prefix + ".pub", "--db", database.path])
        #expect(wrongKey.status == 2 && wrongKey.stderr.contains("not an Ed25519 private key"))
        try database.tamper("DELETE FROM events WHERE seq = 3")
        let broken = try runIRun(["audit", "checkpoint", "--key", prefix + ".key", "--db", database.path])
        #expect(broken.status == 1 && broken.stderr.contains("chain broken at event 4: sequence gap after 2; refusing to sign a broken chain"))
    }

    /// Changes event `seq`'s payload and recomputes every later hash, as an attacker would.
    func rewrite(_ path: String, seq: Int, payload: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER events_refuse_update")
            try db.execute(sql: "UPDATE events SET payload = ? WHERE seq = ?", arguments: [payload, seq])
            var previous = Hex.bytes(try String.fetchOne(db, sql: "SELECT prev_hash FROM events WHERE seq = ?", arguments: [seq])!)!
            var buffer: [UInt8] = []
            for row in try Row.fetchAll(db, sql: "SELECT * FROM events WHERE seq >= ? ORDER BY seq", arguments: [seq]) {
                EventChain.canonicalBytes(EventChain.Fields(
                    seq: row["seq"], runID: row["run_id"], kind: row["kind"], time: row["time"], step: row["step"], attempt: row["attempt"],
                    payloadJSON: row["payload"]), into: &buffer)
                let hash = EventChain.hash(previous: previous, canonical: buffer)
                try db.execute(sql: "UPDATE events SET prev_hash = ?, hash = ? WHERE seq = ?", arguments: [Hex.string(previous), Hex.string(hash), row["seq"] as Int64])
                previous = hash
            }
        }
        try queue.close()
    }
}
