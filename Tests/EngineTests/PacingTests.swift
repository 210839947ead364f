import Actions
import AuditStore
@testable import Engine
import Foundation
import MockAWS
import Providers
import RunbookModel
import Testing

@Suite("Fleet pacing on simulated timelines")
struct PacingTests {
    @Test func aRequestForAnEarlierTimeGetsTheSlotsLeftFreeThere() async throws {
        // Given EC2 reads paced at 20/s, and a target ten seconds ahead that asked first
        let clock = TimelineClock(start: WorldSpec.defaultStart)
        let gate = ThrottleGate(clock: clock)
        let start = clock.now
        let operation = DescribeInstancesInput.operation
        let ahead = try await clock.fork(at: start.addingTimeInterval(10)) { try await gate.admit(operation) }.end
        // When two targets at the start ask afterwards
        let first = try await clock.fork(at: start) { try await gate.admit(operation) }.end
        let second = try await clock.fork(at: start) { try await gate.admit(operation) }.end
        // Then they go at once and one slot (50 ms) later, not behind the one ten seconds ahead
        #expect(ahead == start.addingTimeInterval(10))
        #expect(first == start)
        #expect(abs(second.timeIntervalSince(start) - 0.05) < 1e-6)
    }

    @Test func aPacedFleetIsNeverThrottledAndKeepsItsSlowestFamilyBusy() async throws {
        // Given 300 instances, EC2's rate limits, 50 ms per call, on simulated timelines
        var spec = WorldSpec.defaultWorld()
        spec.behaviour.rateLimits = RateLimits()
        spec.behaviour.defaultLatency = .fixed(.milliseconds(50))
        spec.behaviour.latency = [:]
        spec.behaviour.faults = []
        let template = InstanceSpec(id: "i-0", subnet: "subnet-0a1", interfaces: [InterfaceSpec(groups: ["sg-0e1b"])])
        spec.fleets = [FleetSpec(count: 300, namePrefix: "web", template: template, subnets: ["subnet-0a1"])]
        let clock = TimelineClock(start: spec.start)
        let aws = try MockAWS(spec: spec, clock: clock)
        let targets = await aws.world.instances.ids.filter { $0.hasPrefix("i-") && !spec.instances.map(\.id).contains($0) }
        #expect(targets.count == 300)
        var registry = BuiltinActions.registry
        registry.register(SetTagAction())
        registry.register(DescribeAction())
        let text = """
            name: per-instance
            parameters:
              instance: { type: instance-id, required: true }
            steps:
              look: { action: test.describe, with: { instance: "${{ params.instance }}" } }
              mark: { needs: [look], action: test.tag, with: { instance: "${{ params.instance }}", key: seen, value: "yes" } }
            """
        let plan = try #require(RunbookCompiler.compile(text: text, path: "test.yaml", catalog: registry.catalog).plan)
        let store = try AuditDatabase.inMemory()
        let runner = FleetRunner(
            registry: registry, recorder: store, providers: AWSProviders(aws), options: ExecutionOptions(actor: "tester", clock: clock),
            observer: nil, interrupt: InterruptSignal(), maxConcurrentTargets: 50, errorBudget: .percent(100)
        )
        let header = RunHeader(id: "fleet", runbookName: "per-instance", runbookPath: "test.yaml", runbookSHA256: String(repeating: "0", count: 64),
                               runbookText: text, parameters: [:], mode: .live, provider: "mock", actor: "tester", startedAt: clock.now)
        // When the fleet runs at the documented rates
        let outcome = try await runner.run(plan, parent: header, instances: targets, parameters: [:], storedParameters: [:])
        // Then every target succeeds, no call is throttled, and the 300 tags (5 writes/s) take
        // little more than the minute that rate allows
        #expect(outcome.status == .succeeded && outcome.throttledCalls == 0)
        let calls = await aws.calls
        #expect(calls.allSatisfy { $0.injectedBy != "rate-limit" })
        let writes = calls.filter { $0.operation.mutates }.count
        #expect(writes == 300)
        let elapsed = clock.now.timeIntervalSince(spec.start)
        #expect(elapsed >= Double(writes - 1) / 5 && elapsed <= 1.2 * Double(writes) / 5, "simulated completion \(elapsed) s")
    }
}
