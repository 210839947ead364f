import AuditStore
import Foundation
import RunbookModel
import Testing

/// A scratch directory with a runbook file and an audit database path, for end-to-end runs.
struct Scratch {
    let directory: URL
    var db: String { directory.appendingPathComponent("audit.sqlite").path }

    init(runbook: String, name: String = "job.yaml") throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("irun-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try runbook.write(to: file(name), atomically: true, encoding: .utf8)
    }

    func file(_ name: String) -> URL { directory.appendingPathComponent(name) }

    func irun(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try runIRun(arguments + ["--db", db])
    }

    func store() throws -> AuditDatabase { try AuditDatabase.open(path: db) }

    /// The id of the newest run.
    func lastRunID() async throws -> String { try #require(try await store().runs(limit: 1).first).id }
}

@Suite("irun execute, approve, deny, resume end to end", .serialized)
struct RunCommandTests {
    static let gated = """
        name: gated
        parameters:
          token: { type: string, secret: true }
        steps:
          hello: { action: notify.log, with: { message: "hello" } }
          gate: { needs: [hello], action: core.noop, approval: "Go on?" }
          bye: { needs: [gate], action: notify.log, with: { message: "bye" } }
        """

    @Test func aRunPausesForApprovalResumesWhenApprovedAndNeverStoresTheSecret() async throws {
        let scratch = try Scratch(runbook: Self.gated)
        let runbook = scratch.file("job.yaml").path
        // When the run reaches the gate it exits 3 and says how to continue
        let paused = try scratch.irun(["execute", runbook, "--param", "token=hunter2-very-secret"])
        #expect(paused.status == 3)
        #expect(paused.stdout.contains("gate") && paused.stdout.contains("needs approval: Go on?"))
        let id = try await scratch.lastRunID()
        #expect(paused.stderr.contains("irun approve \(id) gate"))
        // Approving without the secret is refused before anything is recorded
        let refused = try scratch.irun(["approve", id, "gate"])
        #expect(refused.status == 2 && refused.stderr.contains("--param token=…"))
        #expect(try await scratch.store().approvals(ofRun: id).isEmpty)
        // Approving with it records the approver and finishes the run
        let approved = try scratch.irun(["approve", id, "gate", "--reason", "checked", "--actor", "alice", "--param", "token=hunter2-very-secret"])
        #expect(approved.status == 0)
        #expect(approved.stdout.contains("bye") && approved.stdout.contains("succeeded"))
        let approvals = try await scratch.store().approvals(ofRun: id)
        #expect(approvals.map(\.actor) == ["alice"] && approvals.first?.reason == "checked")
        // The secret is nowhere in the database file
        let bytes = try Data(contentsOf: URL(fileURLWithPath: scratch.db))
        let wal = (try? Data(contentsOf: URL(fileURLWithPath: scratch.db + "-wal"))) ?? Data()
        #expect(bytes.range(of: Data("hunter2".utf8)) == nil && wal.range(of: Data("hunter2".utf8)) == nil)
        // And a finished run cannot be resumed
        let again = try scratch.irun(["resume", id, "--param", "token=x"])
        #expect(again.status == 1 && again.stderr.contains("already ended"))
    }

    @Test func aDeniedStepIsSkippedAndYesPreApproves() async throws {
        let scratch = try Scratch(runbook: Self.gated)
        let runbook = scratch.file("job.yaml").path
        _ = try scratch.irun(["execute", runbook, "--param", "token=t"])
        let id = try await scratch.lastRunID()
        let denied = try scratch.irun(["deny", id, "gate", "--reason", "not now", "--param", "token=t"])
        #expect(denied.status == 0 && denied.stdout.contains("gate           skipped: its approval was denied"))
        let automatic = try scratch.irun(["execute", runbook, "--param", "token=t", "--yes", "--output", "json"])
        #expect(automatic.status == 0)
        let kinds = automatic.stdout.split(separator: "\n").compactMap { try? Value(json: String($0)) }.map { $0[member: "kind"].interpolated }
        #expect(kinds.first == "run-started" && kinds.last == "run-finished" && kinds.contains("approval-granted"))
    }

    @Test func aFailedRunExitsOneAndAnInvalidParameterExitsTwoWithNothingRecorded() async throws {
        let scratch = try Scratch(runbook: "name: broken\nparameters:\n  n: { type: int }\nsteps:\n  stop: { action: core.fail, with: { message: \"no way\" } }\n")
        let runbook = scratch.file("job.yaml").path
        let bad = try scratch.irun(["execute", runbook, "--param", "n=seven"])
        #expect(bad.status == 2 && bad.stderr.contains("--param n"))
        if FileManager.default.fileExists(atPath: scratch.db) {
            #expect(try await scratch.store().runs(limit: 5).isEmpty)
        }
        let failed = try scratch.irun(["execute", runbook, "--param", "n=7"])
        #expect(failed.status == 1 && failed.stderr.contains("stop: Failed: no way"))
    }

    @Test func killingTheProcessMidRunThenResumingCompletesItWithAnIntactChain() async throws {
        // Given a long chain of steps, killed with SIGKILL at a random moment, several times
        let steps = 4000
        let text = "name: long\nsteps:\n  s0: { action: core.noop }\n" + (1..<steps).map { "  s\($0): { action: core.noop, needs: [s\($0 - 1)] }\n" }.joined()
        var generator = SystemRandomNumberGenerator()
        for round in 0..<3 {
            let scratch = try Scratch(runbook: text)
            let process = Process()
            process.executableURL = try irunBinary()
            process.arguments = ["execute", scratch.file("job.yaml").path, "--db", scratch.db]
            process.currentDirectoryURL = repositoryRoot
            let started = try startAndWaitForRun(process)
            #expect(started, "irun printed no run line")
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...(150 * (round + 1)), using: &generator)))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let id = try await scratch.lastRunID()
            // When it is resumed (unless it finished before the kill)
            if try await scratch.store().run(id)?.status.isOpen == true {
                let resumed = try scratch.irun(["resume", id])
                #expect(resumed.status == 0, "round \(round): \(resumed.stderr)")
            }
            // Then every step succeeded exactly once in the record, and the chain verifies
            let events = try #require(try await scratch.store().run(id)).events
            let successes = events.filter { $0.kind == .stepSucceeded }.compactMap(\.step)
            #expect(successes.count == steps && Set(successes).count == steps)
            #expect(events.last?.kind == .runFinished)
            #expect(try scratch.irun(["audit", "verify"]).status == 0)
        }
    }
}

/// The built `irun` binary.
func irunBinary() throws -> URL {
    let candidates = [
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("irun"),
        repositoryRoot.appendingPathComponent(".build/debug/irun"),
    ]
    return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }, "build irun first")
}

/// Starts `process` with its output on a pipe and returns once it printed its first line (the
/// run's header: the run is recorded by then) or ended. The rest of its output is discarded.
///
/// - Returns: Whether a run line was seen.
func startAndWaitForRun(_ process: Process) throws -> Bool {
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    var seen = Data()
    while !seen.contains(UInt8(ascii: "\n")) {
        let chunk = pipe.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        seen.append(chunk)
    }
    // Keep draining so irun never blocks on a full pipe.
    let reader = pipe.fileHandleForReading
    Thread.detachNewThread { while !reader.availableData.isEmpty {} }
    return String(decoding: seen, as: UTF8.self).hasPrefix("run ")
}
