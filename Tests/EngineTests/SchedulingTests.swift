import AuditStore
import Engine
import Foundation
import MockAWS
import Providers
import RunbookModel
import Testing

@Suite("Executor: scheduling, decisions, skips")
struct SchedulingTests {
    @Test func independentStepsRunAndDependentsWaitForThem() async throws {
        let bench = try Bench()
        let (outcome, events) = try await bench.run("""
            name: fan
            steps:
              a: { action: core.noop }
              b: { action: core.noop }
              join: { needs: [a, b], action: notify.log, with: { message: "both done" } }
            """)
        #expect(outcome.status == .succeeded)
        #expect(outcome.steps == ["a": .succeeded, "b": .succeeded, "join": .succeeded])
        let trail = events.trail
        #expect(trail.first == "run-started" && trail.last == "run-finished")
        // join starts only after both a and b succeeded.
        let joinStart = try #require(trail.firstIndex(of: "step-started join"))
        #expect(trail.firstIndex(of: "step-succeeded a")! < joinStart && trail.firstIndex(of: "step-succeeded b")! < joinStart)
        #expect(events.of(.stepSucceeded).first { $0.step == "join" }?.payload[member: "outputs"][member: "message"] == "both done")
    }

    @Test func decisionsChooseTheFirstTrueBranchAndSkipTheRest() async throws {
        let bench = try Bench()
        let (outcome, events) = try await bench.run("""
            name: triage
            parameters:
              instance: { type: string, default: i-dead }
            steps:
              look: { action: test.describe, with: { instance: "${{ params.instance }}" } }
              decide-it:
                needs: [look]
                decide:
                  - when: steps.look.output.state == "terminated"
                    goto: [gone]
                  - else: [contain]
              gone: { action: notify.log, with: { message: "already gone" } }
              contain: { action: core.noop }
              after-contain: { needs: [contain], action: core.noop }
            """, parameters: ["instance": "i-dead"])
        #expect(outcome.status == .succeeded)
        #expect(outcome.steps["gone"] == .succeeded && outcome.steps["contain"] == .skipped && outcome.steps["after-contain"] == .skipped)
        let decided = try #require(events.of(.stepDecided).first)
        #expect(decided.payload[member: "branch"] == 1 && decided.payload[member: "chosen"] == ["gone"])
        #expect(events.of(.stepSkipped).compactMap(\.step) == ["contain", "after-contain"])
    }

    @Test func aFalseWhenSkipsTheStepAndItsOnlyDependents() async throws {
        let bench = try Bench()
        let (outcome, events) = try await bench.run("""
            name: conditional
            parameters:
              go: { type: bool, default: false }
            steps:
              maybe: { action: core.noop, when: params.go }
              then: { needs: [maybe], action: core.noop }
              always: { action: core.noop }
            """, parameters: ["go": false])
        #expect(outcome.steps == ["maybe": .skipped, "then": .skipped, "always": .succeeded])
        #expect(events.of(.stepSkipped).map { $0.payload[member: "reason"].interpolated } == ["its when condition is false", "every step it needs was skipped"])
    }

    @Test func abortStopsSchedulingAndContinueToleratesTheFailure() async throws {
        let bench = try Bench()
        let (tolerant, _) = try await bench.run("""
            name: tolerant
            steps:
              shaky: { action: core.fail, with: { message: "no" }, on-failure: continue }
              next: { needs: [shaky], action: core.noop }
            """, id: "run-tolerant")
        #expect(tolerant.steps == ["shaky": .failed, "next": .succeeded])
        #expect(tolerant.status == .failed)
        let (strict, events) = try await bench.run("""
            name: strict
            steps:
              first: { action: core.fail, with: { message: "stop here" } }
              second: { needs: [first], action: core.noop }
            """, id: "run-strict")
        #expect(strict.status == .failed && strict.failure == "first: Failed: stop here")
        #expect(strict.steps["second"] == .skipped)
        #expect(events.last?.payload[member: "status"] == "failed")
    }

    @Test func aRunIsRecordedInTheStoreWithAVerifiableChain() async throws {
        let bench = try Bench()
        _ = try await bench.run("name: tiny\nsteps:\n  only: { action: core.noop }\n")
        let stored = try #require(try await bench.store.run("run-1"))
        #expect(stored.status == .succeeded)
        #expect(try await bench.store.verifyChain().isIntact)
    }
}
