import Actions
import AuditStore
import Engine
import Foundation
import MockAWS
import Providers
import RunbookModel
import Testing

/// Records an approval of `step` in the store while the run is driven: what `irun approve` in a
/// second terminal does while the first process still holds the run.
struct ApproveElsewhereAction: ActionImplementation {
    let store: AuditDatabase
    var signature: ActionSignature {
        ActionSignature(name: "test.approve-elsewhere", summary: "Approves a gate from outside the run.",
                        inputs: [.init("step", .string, required: true, "The gate.")], outputs: [], mutates: false, permissions: [])
    }

    func run(_ context: ActionContext) async throws -> [String: Value] {
        try await store.append([RunEvent(runID: context.runID, kind: .approvalGranted, time: Date(), step: try context.string("step"), payload: ["actor": "bob", "reason": "from the other terminal"])])
        return [:]
    }
}

@Suite("One driver per run")
struct RunOwnershipTests {
    static let runbook = """
        name: late-decision
        steps:
          g2: { action: notify.log, with: { message: "two" }, approval: "Second?" }
          elsewhere: { action: test.approve-elsewhere, with: { step: g2 } }
          join: { needs: [g2, elsewhere], action: notify.log, with: { message: "joined" } }
        """

    @Test func aDecisionRecordedWhileTheRunIsDrivenIsTakenUpInsteadOfPausing() async throws {
        // Given a run whose gate is approved by another terminal while this process drives it
        var bench = try Bench()
        let store = bench.store.driving(as: LeaseOwner(host: "here", pid: getpid(), actor: "alice"))
        bench.store = store
        bench.registry.register(ApproveElsewhereAction(store: store))
        // When it runs
        let (outcome, events) = try await bench.run(Self.runbook)
        // Then it never paused: it ran the gate with that decision and finished, and holds no lease
        #expect(outcome.status == .succeeded, "\(events.trail)")
        #expect(events.of(.runWaiting).isEmpty)
        #expect(events.of(.stepSucceeded).compactMap(\.step).sorted() == ["elsewhere", "g2", "join"])
        #expect(try await store.lease(ofRun: "run-1") == nil)
    }

    @Test func aRunPausedForApprovalGivesItsLeaseUpAndASecondDriverIsRefusedWhileTheFirstHoldsIt() async throws {
        let bench = try Bench()
        let alice = bench.store.driving(as: LeaseOwner(host: ProcessInfo.processInfo.hostName, pid: getpid(), actor: "alice"))
        let plan = try bench.plan("name: gated\nsteps:\n  gate: { action: core.noop, approval: Go? }\n")
        let executor = Executor(registry: bench.registry, recorder: alice, providers: AWSProviders(bench.aws), options: ExecutionOptions(actor: "alice", clock: bench.clock))
        let paused = try await executor.start(plan, header: bench.header(plan), parameters: [:])
        #expect(paused.status == .waitingApproval)
        #expect(try await alice.lease(ofRun: "run-1") == nil, "a paused run is free for whoever decides")
        // Alice takes it again; Bob, a live process, is refused naming her
        _ = try await alice.claim("run-1")
        let bob = bench.store.driving(as: LeaseOwner(host: ProcessInfo.processInfo.hostName, pid: getpid(), actor: "bob"))
        let refused = await #expect(throws: AuditStoreError.self) { try await bob.claim("run-1") }
        #expect(refused?.code == .runLeased && refused?.message.contains("(alice)") == true)
    }
}
