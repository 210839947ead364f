@testable import AuditStore
import Foundation
import GRDB
import RunbookModel
import Testing

@Suite("Audit store refuses bad writes whole")
struct AtomicityTests {
    /// Counts of events, step rows and approvals, and the run's status.
    func snapshot(_ store: AuditDatabase) async throws -> [Int] {
        try await store.writer.read { db in
            try ["events", "step_executions", "approvals", "evidence"].map { try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0)") ?? -1 }
        }
    }

    @Test("a batch with an event for an unknown run writes none of its events", arguments: [0, 1, 2])
    func unknownRun(position: Int) async throws {
        // Given a run with some history
        let store = try await memoryStore()
        try await recordSampleRun(store, id: "r")
        let before = try await snapshot(store)
        let head = try await store.verifyChain().headHash
        // When a batch holds an event of a run that was never begun
        var batch = [
            RunEvent(runID: "r", kind: .stepStarted, time: at(10), step: "late", attempt: 1, payload: ["action": "core.log"]),
            RunEvent(runID: "r", kind: .approvalGranted, time: at(11), step: "late", payload: ["actor": "x"]),
        ]
        batch.insert(RunEvent(runID: "ghost", kind: .stepStarted, time: at(10), step: "s", attempt: 1), at: position)
        let error = try await #require(throws: AuditStoreError.self) { try await store.append(batch) }
        // Then the error names the run, and nothing was written
        #expect(error.code == .unknownRun && error.message.contains("'ghost'"))
        #expect(try await snapshot(store) == before)
        #expect(try await store.verifyChain().headHash == head)
    }

    @Test("events that break the contract are refused with a clear error, writing nothing", arguments: [
        RunEvent(runID: "r", kind: .stepStarted, time: at(1), payload: ["action": "core.log"]),
        RunEvent(runID: "r", kind: .runFinished, time: at(1), payload: ["status": "running"]),
        RunEvent(runID: "r", kind: .runFinished, time: at(1)),
        RunEvent(runID: "r", kind: .approvalGranted, time: at(1), step: "a", payload: ["reason": "who?"]),
        RunEvent(runID: "r", kind: .stepSucceeded, time: at(1), step: "a", payload: "not an object"),
        RunEvent(runID: "r", kind: .stepSucceeded, time: at(1), step: "a", attempt: 0),
        RunEvent(runID: "r", kind: .runStarted, time: at(1)),
    ])
    func invalidEvent(event: RunEvent) async throws {
        // Given a run
        let store = try await memoryStore(runs: ["r"])
        let before = try await snapshot(store)
        // When an invalid event follows a valid one in a batch
        let valid = RunEvent(runID: "r", kind: .stepSkipped, time: at(1), step: "x", payload: ["reason": "no"])
        let error = try await #require(throws: AuditStoreError.self) { try await store.append([valid, event]) }
        // Then it is refused and the valid one is not written either
        #expect(error.code == .invalidEvent)
        #expect(error.message.contains(event.kind.rawValue))
        #expect(try await snapshot(store) == before)
        #expect(try await store.run("r")?.status == .running)
    }

    @Test("writes of many runs at the same moment are all recorded, and a bad one among them fails alone")
    func concurrentWritesFailAlone() async throws {
        // Given twenty begun runs
        let ids = (0..<20).map { "run-\($0)" }
        let store = try await memoryStore(runs: ids)
        let before = try await snapshot(store)
        // When each records a step and evidence at once, among them a batch that ends with an
        // event of a run never begun
        let failed = await withTaskGroup(of: String?.self) { group in
            for id in ids + ["ghost"] {
                group.addTask {
                    do {
                        let stray = id == "ghost" ? [RunEvent(runID: "run-0", kind: .stepStarted, time: at(1), step: "stray", attempt: 1, payload: ["action": "core.log"])] : []
                        try await store.append(stray + [RunEvent(runID: id, kind: .stepStarted, time: at(1), step: "capture", attempt: 1, payload: ["action": "ec2.capture"])])
                        _ = try await store.recordEvidence(EvidenceArtifact(runID: id, step: "capture", name: "description", kind: "instance-description",
                                                                             mediaType: "application/json", content: Data("{\"id\":\"\(id)\"}".utf8), time: at(2)))
                        return nil
                    } catch {
                        return id
                    }
                }
            }
            var failed: [String] = []
            for await id in group { if let id { failed.append(id) } }
            return failed
        }
        // Then only the ghost's batch failed, none of it written; every run has its step and its
        // evidence, and the chain holds
        #expect(failed == ["ghost"])
        #expect(try await snapshot(store) == [before[0] + 40, before[1] + 20, before[2], before[3] + 20])
        #expect(try await store.verifyChain().isIntact)
    }

    @Test("evidence for an unknown run is refused, with no row and no event")
    func evidenceForUnknownRun() async throws {
        // Given a store
        let store = try await memoryStore(runs: ["r"])
        let before = try await snapshot(store)
        // When evidence names a run that does not exist
        let artifact = EvidenceArtifact(runID: "ghost", step: nil, name: "x", kind: "log", mediaType: "text/plain", content: Data(), time: at(1))
        let error = try await #require(throws: AuditStoreError.self) { try await store.recordEvidence(artifact) }
        // Then nothing is written
        #expect(error.code == .unknownRun)
        #expect(try await snapshot(store) == before)
    }

    @Test("begin needs the run's own run-started event")
    func beginChecksItsEvent() async throws {
        // Given a store
        let store = try await memoryStore()
        let run = header("r")
        // When begin gets another run's event, or another kind
        var other = started(run)
        other.runID = "s"
        // Then both are refused and no run exists
        await #expect(throws: AuditStoreError.self) { try await store.begin(run, with: other) }
        await #expect(throws: AuditStoreError.self) {
            try await store.begin(run, with: RunEvent(runID: "r", kind: .runResumed, time: at(0)))
        }
        #expect(try await store.runs(limit: 10).isEmpty)
    }
}
