import AuditStore
import Engine
import Foundation
import MockAWS
import Providers
import RunbookModel
import Testing

@Suite("Fleet mode: one child run per target under a parent")
struct FleetTests {
    let perInstance = """
        name: per-instance
        parameters:
          instance: { type: instance-id, required: true }
        steps:
          look: { action: test.describe, with: { instance: "${{ params.instance }}" } }
          mark: { needs: [look], action: test.tag, with: { instance: "${{ params.instance }}", key: seen, value: "yes" } }
        """

    func runner(_ bench: Bench, budget: ErrorBudget = .percent(100), concurrency: Int = 2) -> FleetRunner {
        FleetRunner(registry: bench.registry, recorder: bench.store, providers: AWSProviders(bench.aws),
                    options: ExecutionOptions(actor: "tester", clock: bench.clock), observer: nil, interrupt: InterruptSignal(),
                    maxConcurrentTargets: concurrency, errorBudget: budget)
    }

    @Test func everyTargetGetsAChildRunUnderTheParent() async throws {
        let bench = try Bench()
        let plan = try bench.plan(perInstance)
        let targets = ["i-123", "i-456", "i-789"]
        let outcome = try await runner(bench).run(plan, parent: bench.header(plan, id: "fleet"), instances: targets, parameters: [:], storedParameters: [:])
        #expect(outcome.status == .succeeded)
        #expect(outcome.targets.map(\.runID) == ["fleet.i-123", "fleet.i-456", "fleet.i-789"])
        for id in targets {
            let child = try #require(try await bench.store.run("fleet.\(id)"))
            #expect(child.header.parentRunID == "fleet" && child.header.parameters["instance"] == .string(id) && child.status == .succeeded)
            #expect(await bench.aws.world.instances[id]?.tags.value(of: "seen") == "yes")
        }
        let parent = try #require(try await bench.store.run("fleet"))
        #expect(parent.status == .succeeded && parent.events.last?.payload[member: "targets"] == 3)
    }

    @Test func noNewTargetsStartOnceTheErrorBudgetIsSpent() async throws {
        // Given unknown instances that fail, one target at a time, at most one failure allowed
        let bench = try Bench()
        let plan = try bench.plan(perInstance)
        let outcome = try await runner(bench, budget: .count(1), concurrency: 1)
            .run(plan, parent: bench.header(plan, id: "fleet"), instances: ["i-0bad1", "i-0bad2", "i-123"], parameters: [:], storedParameters: [:])
        #expect(outcome.targets.map(\.status) == [.failed, .failed, nil])
        #expect(outcome.status == .failed)
        #expect(try await bench.store.run("fleet.i-123") == nil)
    }

    @Test func throttlingOfOneTargetSlowsTheWholeFleet() async throws {
        // Given EC2 throttling the first 6 DescribeInstances calls of the account
        let throttle = FaultRule(name: "storm", operations: ["DescribeInstances"], window: .first(6), effect: .fail(code: "RequestLimitExceeded", message: "Request limit exceeded."))
        let bench = try Bench(faults: [throttle])
        let plan = try bench.plan(perInstance.replacingOccurrences(of: "with: { instance: \"${{ params.instance }}\" } }", with: "with: { instance: \"${{ params.instance }}\" }, retry: 8 }"))
        let outcome = try await runner(bench, concurrency: 3).run(plan, parent: bench.header(plan, id: "fleet"), instances: ["i-123", "i-456", "i-789"], parameters: [:], storedParameters: [:])
        // Then every target still succeeds, and the shared back-off saw the throttling
        #expect(outcome.status == .succeeded)
        #expect(outcome.throttledCalls == 6)
    }
}
