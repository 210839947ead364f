import AuditStore
import Engine
import Foundation
import MockAWS
import Providers
import RunbookModel
import Testing

@Suite("Executor: approvals, compensation, dry-run, resume")
struct ApprovalCompensationTests {
    let gated = """
        name: gated
        steps:
          tag: { action: test.tag, with: { instance: i-123, key: case, value: c-1 } }
          stop: { needs: [tag], action: test.tag, with: { instance: i-123, key: stopped, value: "yes" }, approval: "Stop it?" }
          note: { needs: [tag], action: core.noop }
        """

    @Test func anApprovalPausesTheRunAndAGrantResumesIt() async throws {
        // Given a run whose `stop` step needs approval
        let bench = try Bench()
        let (paused, events) = try await bench.run(gated)
        // Then it pauses with everything else done and the question recorded
        #expect(paused.status == .waitingApproval && paused.waitingForApproval == ["stop"])
        #expect(paused.steps["note"] == .succeeded && paused.steps["tag"] == .succeeded)
        #expect(events.of(.approvalRequested).first?.payload[member: "message"] == "Stop it?")
        #expect(try await bench.store.run("run-1")?.status == .waitingApproval)
        // When someone approves and the run is resumed
        try await bench.store.append([RunEvent(runID: "run-1", kind: .approvalGranted, time: bench.clock.now, step: "stop", payload: ["actor": "alice", "reason": "confirmed"])])
        let stored = try #require(try await bench.store.run("run-1"))
        let resumed = try await bench.executor().resume(stored, plan: try bench.plan(gated), parameters: [:])
        // Then only the approved step runs, and the tag step is not repeated
        #expect(resumed.status == .succeeded)
        #expect(await bench.aws.calls.calls(to: .createTags).count == 2)
        #expect(await bench.aws.calls.repeatedMutations().isEmpty)
    }

    @Test func aDeniedApprovalSkipsTheStepAndYesPreApproves() async throws {
        let bench = try Bench()
        _ = try await bench.run(gated)
        try await bench.store.append([RunEvent(runID: "run-1", kind: .approvalDenied, time: bench.clock.now, step: "stop", payload: ["actor": "bob", "reason": "need memory first"])])
        let denied = try await bench.executor().resume(try #require(try await bench.store.run("run-1")), plan: try bench.plan(gated), parameters: [:])
        #expect(denied.status == .succeeded && denied.steps["stop"] == .skipped)
        let (auto, events) = try await bench.run(gated, autoApprove: true, id: "run-2")
        #expect(auto.status == .succeeded && auto.steps["stop"] == .succeeded)
        #expect(events.of(.approvalGranted).first?.payload[member: "actor"] == "tester")
    }

    @Test func compensationUndoesCompletedMutationsNewestFirst() async throws {
        let bench = try Bench()
        let (outcome, events) = try await bench.run("""
            name: undo
            steps:
              one: { action: test.tag, with: { instance: i-123, key: k1, value: v } }
              two: { needs: [one], action: test.tag, with: { instance: i-123, key: k2, value: v } }
              boom: { needs: [two], action: core.fail, with: { message: broken }, on-failure: compensate }
            """)
        #expect(outcome.status == .compensated)
        #expect(events.of(.compensationStarted).first?.payload[member: "steps"] == ["two", "one"])
        #expect(events.of(.undoSucceeded).compactMap(\.step) == ["two", "one"])
        let deletes = await bench.aws.calls.calls(to: .deleteTags).map { ($0.request as! DeleteTagsInput).tags[0].key }
        #expect(deletes == ["k2", "k1"])
        #expect(await bench.aws.world.instances["i-123"]?.tags.value(of: "k1") == nil)
    }

    @Test func aDryRunReadsButMutatesNothing() async throws {
        let bench = try Bench()
        let (outcome, events) = try await bench.run("""
            name: dry
            steps:
              look: { action: test.describe, with: { instance: i-123 } }
              tag: { needs: [look], action: test.tag, with: { instance: i-123, key: k, value: v } }
            """, mode: .dryRun)
        #expect(outcome.status == .succeeded && outcome.steps["tag"] == .planned)
        #expect(events.of(.stepPlanned).compactMap(\.step) == ["tag"])
        let calls = await bench.aws.calls
        #expect(!calls.isEmpty && calls.allSatisfy { !$0.operation.mutates })
    }

    @Test func resumingAfterACrashReconcilesInsteadOfRepeatingAMutation() async throws {
        // Given a run whose mutating step was started, made its change, and then the process died
        // before recording the result (the events up to `step-started tag` are all that survived)
        let bench = try Bench()
        let text = "name: crash\nsteps:\n  tag: { action: test.tag, with: { instance: i-123, key: k, value: v } }\n  after: { needs: [tag], action: core.noop }\n"
        let plan = try bench.plan(text)
        let header = bench.header(plan)
        try await bench.store.begin(header, with: RunEvent(runID: "run-1", kind: .runStarted, time: bench.clock.now))
        try await bench.store.append([RunEvent(runID: "run-1", kind: .stepStarted, time: bench.clock.now, step: "tag", attempt: 1,
                                               payload: ["action": "test.tag", "inputs": ["instance": "i-123", "key": "k", "value": "v"], "mutates": true])])
        try await bench.aws.createTags(CreateTagsInput(resources: ["i-123"], tags: [Tag(key: "k", value: "v")]))
        // When it is resumed
        let outcome = try await bench.executor().resume(try #require(try await bench.store.run("run-1")), plan: plan, parameters: [:])
        // Then the step is reconciled as done, the change is not made again, and the run completes
        let events = try #require(try await bench.store.run("run-1")).events
        #expect(outcome.status == .succeeded)
        #expect(events.of(.stepReconciled).first?.payload[member: "outcome"] == "completed")
        #expect(await bench.aws.calls.calls(to: .createTags).count == 1)
        #expect(try await bench.store.verifyChain().isIntact)
    }

    @Test func anInterruptedRunStopsStartingStepsAndResumesLater() async throws {
        let bench = try Bench()
        let text = "name: stopme\nsteps:\n  a: { action: core.noop }\n  b: { needs: [a], action: core.noop }\n"
        let plan = try bench.plan(text)
        let interrupt = InterruptSignal()
        interrupt.interrupt()
        let stopped = try await bench.executor(interrupt: interrupt).start(plan, header: bench.header(plan), parameters: [:])
        #expect(stopped.status == .interrupted && stopped.steps["a"] == .notRun)
        let finished = try await bench.executor().resume(try #require(try await bench.store.run("run-1")), plan: plan, parameters: [:])
        #expect(finished.status == .succeeded)
        await #expect(throws: ResumeError.self) { try await bench.executor().resume(try #require(try await bench.store.run("run-1")), plan: plan, parameters: [:]) }
    }
}
