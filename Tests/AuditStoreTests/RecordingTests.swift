@testable import AuditStore
import Foundation
import GRDB
import RunbookModel
import Testing

@Suite("Audit store recording and projections")
struct RecordingTests {
    @Test("a run reads back with its header, status and every event in order")
    func roundTrip() async throws {
        // Given a recorded run
        let store = try await memoryStore()
        try await recordSampleRun(store)
        // When it is read back
        let run = try #require(try await store.run("run-1"))
        // Then header, status and events are what was recorded
        #expect(run.header == header("run-1"))
        #expect(run.status == .succeeded)
        #expect(run.events.map(\.kind) == [.runStarted, .stepStarted, .stepRetrying, .stepStarted, .stepSucceeded, .stepSkipped, .runFinished])
        #expect(run.events[4] == RunEvent(runID: "run-1", kind: .stepSucceeded, time: at(4), step: "isolate", attempt: 2,
                                          payload: ["outputs": ["groups": ["sg-0a9"]]]))
        #expect(try await store.run("nope") == nil)
    }

    @Test("run status follows the run events")
    func statusTransitions() async throws {
        // Given a begun run
        let store = try await memoryStore(runs: ["r"])
        func status() async throws -> RunStatus? { try await store.run("r")?.status }
        #expect(try await status() == .running)
        // When it waits, is interrupted, resumes and finishes
        let steps: [(RunEvent.Kind, Value, RunStatus)] = [
            (.runWaiting, ["steps": ["approve"]], .waitingApproval),
            (.runInterrupted, [:], .interrupted),
            (.runResumed, ["actor": "bob"], .running),
            (.runFinished, ["status": "compensated", "reason": "isolate failed"], .compensated),
        ]
        for (index, (kind, payload, expected)) in steps.enumerated() {
            try await store.append([RunEvent(runID: "r", kind: kind, time: at(Double(index + 1)), payload: payload)])
            // Then the status follows each one
            #expect(try await status() == expected, "after \(kind.rawValue)")
        }
        // And the finish time is recorded
        #expect(try await store.runs(limit: 1).first?.finishedAt == at(4))
    }

    @Test("step executions hold one row per attempt, with outcome, errors and timings")
    func stepRows() async throws {
        // Given a run with a retried step and a skipped one
        let store = try await memoryStore()
        try await recordSampleRun(store)
        // When its steps are read
        let steps = try await store.steps(ofRun: "run-1")
        // Then each attempt has its row
        #expect(steps.map { "\($0.step)#\($0.attempt):\($0.status)" } == ["isolate#1:retrying", "isolate#2:succeeded", "notify#1:skipped"])
        let first = steps[0], second = steps[1], skipped = steps[2]
        #expect(first.action == "ec2.isolate" && first.inputs == ["instance": "i-123"])
        #expect(first.errorCode == "RequestLimitExceeded" && first.errorMessage == "slow down")
        #expect(first.startedAt == at(1) && first.finishedAt == at(2))
        #expect(second.outputs == ["groups": ["sg-0a9"]] && second.errorCode == nil)
        #expect(second.startedAt == at(3) && second.finishedAt == at(4))
        #expect(skipped.reason == "when was false" && skipped.startedAt == nil)
    }

    @Test("failures, tolerated failures, decisions, dry-run plans, reconciliation and undo reach the step rows")
    func otherStepEvents() async throws {
        // Given a run
        let store = try await memoryStore(runs: ["r"])
        // When it records each kind of step outcome
        try await store.append([
            RunEvent(runID: "r", kind: .stepStarted, time: at(1), step: "a", attempt: 1, payload: ["action": "ec2.tag"]),
            RunEvent(runID: "r", kind: .stepFailed, time: at(2), step: "a", attempt: 1,
                     payload: ["code": "UnauthorizedOperation", "message": "no", "tolerated": true]),
            RunEvent(runID: "r", kind: .stepDecided, time: at(3), step: "b", payload: ["branch": "isolate", "chosen": ["c"]]),
            RunEvent(runID: "r", kind: .stepPlanned, time: at(4), step: "c", payload: ["inputs": ["instance": "i-1"], "wouldDo": "isolate i-1"]),
            RunEvent(runID: "r", kind: .stepStarted, time: at(5), step: "d", payload: ["action": "ec2.isolate"]),
            RunEvent(runID: "r", kind: .stepReconciled, time: at(6), step: "d", payload: ["outcome": "completed", "outputs": ["ok": true]]),
            RunEvent(runID: "r", kind: .undoStarted, time: at(7), step: "d"),
            RunEvent(runID: "r", kind: .undoSucceeded, time: at(8), step: "d", payload: ["outputs": [:]]),
        ])
        // Then each shows in the projection
        let steps = Dictionary(uniqueKeysWithValues: try await store.steps(ofRun: "r").map { ($0.step, $0) })
        #expect(steps["a"]?.status == .failed && steps["a"]?.reason == "tolerated" && steps["a"]?.errorCode == "UnauthorizedOperation")
        #expect(steps["b"]?.status == .decided && steps["b"]?.outputs?[member: "branch"] == "isolate")
        #expect(steps["c"]?.status == .planned && steps["c"]?.inputs == ["instance": "i-1"] && steps["c"]?.outputs == ["wouldDo": "isolate i-1"])
        #expect(steps["d"]?.attempt == 1 && steps["d"]?.status == .succeeded && steps["d"]?.outputs == ["ok": true])
        #expect(steps["d"]?.undoStatus == "undone")
    }

    @Test("approval decisions are recorded with actor and reason")
    func approvals() async throws {
        // Given a run waiting for approval
        let store = try await memoryStore(runs: ["r"])
        // When one step is granted and another denied
        try await store.append([
            RunEvent(runID: "r", kind: .approvalRequested, time: at(1), step: "approve", payload: ["message": "isolate prod?"]),
            RunEvent(runID: "r", kind: .approvalGranted, time: at(2), step: "approve", payload: ["actor": "carol", "reason": "confirmed IOC"]),
            RunEvent(runID: "r", kind: .approvalDenied, time: at(3), step: "terminate", payload: ["actor": "dave", "reason": "keep it"]),
        ])
        // Then both are there, in order
        let approvals = try await store.approvals(ofRun: "r")
        #expect(approvals == [
            RecordedApproval(runID: "r", step: "approve", actor: "carol", decision: .granted, reason: "confirmed IOC", decidedAt: at(2)),
            RecordedApproval(runID: "r", step: "terminate", actor: "dave", decision: .denied, reason: "keep it", decidedAt: at(3)),
        ])
    }

    @Test("evidence is stored with its SHA-256 and size, and its event carries the hash")
    func evidence() async throws {
        // Given a run and an artifact
        let store = try await memoryStore(runs: ["r"])
        let content = Data(#"{"InstanceId":"i-123"}"#.utf8)
        let artifact = EvidenceArtifact(runID: "r", step: "capture", name: "instance-description", kind: "ec2-instance-description",
                                        mediaType: "application/json", content: content, time: at(1))
        // When it is recorded
        let hash = try await store.recordEvidence(artifact)
        // Then the hash is the SHA-256 of the content, and the row and event agree
        #expect(hash == "a5c0bdd2a69b835dea17e0d553cc6146123d04ba51451515cdc33521ebeb5223")  // sha256sum of the same bytes
        let stored = try #require(try await store.evidence(ofRun: "r").first)
        #expect(stored.artifact == artifact && stored.sha256 == hash && stored.size == content.count && stored.isIntact)
        let event = try #require(try await store.run("r")?.events.last)
        #expect(event.kind == .evidenceRecorded && event.step == "capture")
        #expect(event.payload == ["artifact": "instance-description", "kind": "ec2-instance-description", "sha256": .string(hash), "size": .int(content.count)])
    }

    @Test("recording the same evidence again is a no-op; other content under the same name is refused")
    func evidenceWriteOnce() async throws {
        // Given recorded evidence
        let store = try await memoryStore(runs: ["r"])
        let artifact = EvidenceArtifact(runID: "r", step: nil, name: "log", kind: "log", mediaType: "text/plain", content: Data("a".utf8), time: at(1))
        let hash = try await store.recordEvidence(artifact)
        // When the same artifact is recorded again (a re-run step), then one with other content
        #expect(try await store.recordEvidence(artifact) == hash)
        var changed = artifact
        changed.content = Data("b".utf8)
        // Then the first changes nothing and the second is refused
        let error = try await #require(throws: AuditStoreError.self) { try await store.recordEvidence(changed) }
        #expect(error.code == .evidenceConflict)
        #expect(try await store.evidence(ofRun: "r").count == 1)
        #expect(try await store.run("r")?.events.count == 2)
    }

    @Test("runs(limit:) lists the newest runs first with step counts")
    func summaries() async throws {
        // Given three runs, one with steps
        let store = try await memoryStore()
        for (id, start) in [("old", -100.0), ("new", 100.0)] {
            let run = header(id, started: start)
            try await store.begin(run, with: started(run))
        }
        try await recordSampleRun(store)
        // When the two most recent are listed
        let runs = try await store.runs(limit: 2)
        // Then they come newest first, counted by step
        #expect(runs.map(\.id) == ["new", "run-1"])
        let sample = runs[1]
        #expect(sample.status == .succeeded && sample.runbook == "ec2-quarantine" && sample.mode == .live && sample.actor == "alice")
        #expect(sample.steps == 2 && sample.succeeded == 1 && sample.failed == 0 && sample.skipped == 1)
        #expect(sample.startedAt == at(0) && sample.finishedAt == at(6))
    }

    @Test("a run id prefix resolves when unique, and says so when not")
    func prefixes() async throws {
        // Given runs with shared prefixes
        let store = try await memoryStore(runs: ["r-abc1", "r-abc2", "r-xyz"])
        // When prefixes are resolved
        // Then unique ones and exact ids resolve, others fail clearly
        #expect(try await store.runID(matching: "r-x") == "r-xyz")
        #expect(try await store.runID(matching: "r-abc1") == "r-abc1")
        let ambiguous = try await #require(throws: AuditStoreError.self) { try await store.runID(matching: "r-abc") }
        #expect(ambiguous.code == .ambiguousRunID && ambiguous.message.contains("r-abc1") && ambiguous.message.contains("r-abc2"))
        let missing = try await #require(throws: AuditStoreError.self) { try await store.runID(matching: "zzz") }
        #expect(missing.code == .runNotFound)
    }

    @Test("a begun run id cannot be begun again")
    func duplicateRun() async throws {
        // Given a run
        let store = try await memoryStore(runs: ["r"])
        // When it is begun again
        // Then it is refused
        let run = header("r")
        let error = try await #require(throws: AuditStoreError.self) { try await store.begin(run, with: started(run)) }
        #expect(error.code == .duplicateRun)
    }
}
