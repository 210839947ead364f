@testable import AuditStore
import Foundation
import GRDB
import RunbookModel

/// A time on a whole millisecond (the store keeps milliseconds), `seconds` after 2026-01-01.
func at(_ seconds: Double) -> Date {
    Date(timeIntervalSince1970: Double(1_767_225_600_000 + Int64((seconds * 1000).rounded())) / 1000)
}

/// A header for run `id`, started at `at(0)`.
func header(_ id: String, runbook: String = "ec2-quarantine", started: Double = 0, mode: RunMode = .live) -> RunHeader {
    RunHeader(
        id: id, runbookName: runbook, runbookPath: "Runbooks/\(runbook).yaml", runbookSHA256: String(repeating: "ab", count: 32),
        runbookText: "name: \(runbook)\nsteps: []\n", parameters: ["instance": "i-123", "token": RunHeader.redacted],
        mode: mode, provider: "mock", actor: "alice", startedAt: at(started))
}

/// The `run-started` event of `header`.
func started(_ header: RunHeader) -> RunEvent {
    RunEvent(runID: header.id, kind: .runStarted, time: header.startedAt,
             payload: ["runbook": .string(header.runbookName), "mode": .string(header.mode.rawValue), "actor": .string(header.actor)])
}

/// A store in memory, with `runs` begun.
func memoryStore(runs: [String] = []) async throws -> AuditDatabase {
    let store = try AuditDatabase(DatabaseQueue())
    for id in runs {
        let run = header(id)
        try await store.begin(run, with: started(run))
    }
    return store
}

/// A fresh directory under the temporary directory, removed by the caller.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("irun-audit-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A quarantine-like run: begin, isolate (retried once), snapshot, finish succeeded.
func recordSampleRun(_ store: AuditDatabase, id: String = "run-1") async throws {
    let run = header(id)
    try await store.begin(run, with: started(run))
    try await store.append([
        RunEvent(runID: id, kind: .stepStarted, time: at(1), step: "isolate", attempt: 1,
                 payload: ["action": "ec2.isolate", "inputs": ["instance": "i-123"], "mutates": true]),
        RunEvent(runID: id, kind: .stepRetrying, time: at(2), step: "isolate", attempt: 1,
                 payload: ["code": "RequestLimitExceeded", "message": "slow down", "delayMs": 200]),
        RunEvent(runID: id, kind: .stepStarted, time: at(3), step: "isolate", attempt: 2,
                 payload: ["action": "ec2.isolate", "inputs": ["instance": "i-123"], "mutates": true]),
        RunEvent(runID: id, kind: .stepSucceeded, time: at(4), step: "isolate", attempt: 2, payload: ["outputs": ["groups": ["sg-0a9"]]]),
        RunEvent(runID: id, kind: .stepSkipped, time: at(5), step: "notify", payload: ["reason": "when was false"]),
        RunEvent(runID: id, kind: .runFinished, time: at(6), payload: ["status": "succeeded", "reason": "all steps done"]),
    ])
}
