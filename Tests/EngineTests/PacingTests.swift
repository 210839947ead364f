import Actions
import AuditStore
@testable import Engine
import Foundation
import MockAWS
import Providers
import RunbookModel
import Testing

@Suite("Pacing by AWS's token buckets")
struct PacingTests {
    /// When each of `count` calls of `operation`, each on its own timeline starting at `offset`, may go.
    func admissions(_ count: Int, of operation: AWSOperation, at offset: Double = 0, through gate: ThrottleGate, on clock: TimelineClock, from start: Date) async throws -> [Double] {
        var times: [Double] = []
        for _ in 0..<count {
            times.append(try await clock.fork(at: start.addingTimeInterval(offset)) { try await gate.admit(operation) }.end.timeIntervalSince(start))
        }
        return times
    }

    @Test func theBurstGoesAtOnceThenCallsWaitForTheRefill() async throws {
        // Given ModifyInstanceAttribute's documented bucket (50 at once, 5 per second), shared by every target
        let clock = TimelineClock(start: WorldSpec.defaultStart)
        let gate = ThrottleGate(clock: clock)
        let start = clock.now
        // When 53 targets ask at the same moment
        let times = try await admissions(53, of: .modifyInstanceAttribute, through: gate, on: clock, from: start)
        // Then 50 go at once and the next three at the refill rate
        #expect(times.prefix(50).allSatisfy { $0 == 0 })
        #expect(zip(times.suffix(3), [0.2, 0.4, 0.6]).allSatisfy { abs($0 - $1) < 1e-5 }, "\(times.suffix(3))")
        // And another action has a bucket of its own
        #expect(try await admissions(1, of: .createTags, through: gate, on: clock, from: start) == [0])
    }

    @Test func anIdleBucketRefillsToItsCapacityAndNoMore() async throws {
        // Given CreateTags' bucket (100, +10/s) emptied at the start
        let clock = TimelineClock(start: WorldSpec.defaultStart)
        let gate = ThrottleGate(clock: clock)
        let start = clock.now
        _ = try await admissions(100, of: .createTags, through: gate, on: clock, from: start)
        // When 120 calls come an hour later
        let later = try await admissions(120, of: .createTags, at: 3600, through: gate, on: clock, from: start)
        // Then a full bucket's worth goes at once, the rest at 10 per second
        #expect(later.prefix(100).allSatisfy { $0 == 3600 })
        #expect(abs(later[100] - 3600.1) < 1e-5 && abs(later[119] - 3602) < 1e-5, "\(later.suffix(20))")
    }

    @Test func theShareLeavesTheRestOfEachBucketToOtherTools() async throws {
        // Given half of each bucket
        let clock = TimelineClock(start: WorldSpec.defaultStart)
        let gate = ThrottleGate(clock: clock, share: 0.5)
        let start = clock.now
        // When 27 ModifyInstanceAttribute calls come at once
        let times = try await admissions(27, of: .modifyInstanceAttribute, through: gate, on: clock, from: start)
        // Then 25 go at once and the others at 2.5 per second
        #expect(times.prefix(25).allSatisfy { $0 == 0 })
        #expect(abs(times[25] - 0.4) < 1e-5 && abs(times[26] - 0.8) < 1e-5, "\(times.suffix(2))")
    }

    @Test func aThrottledAnswerEmptiesTheBucketAndSlowsItDown() async throws {
        // Given a fresh ModifyInstanceAttribute bucket, and AWS throttling the first call (another tool spent the bucket)
        let clock = TimelineClock(start: WorldSpec.defaultStart)
        let gate = ThrottleGate(clock: clock)
        let start = clock.now
        _ = try await admissions(1, of: .modifyInstanceAttribute, through: gate, on: clock, from: start)
        await gate.throttled(.modifyInstanceAttribute)
        // When nine more calls come at the start
        let times = try await admissions(9, of: .modifyInstanceAttribute, through: gate, on: clock, from: start)
        // Then none goes from the burst: they wait for refills, at 80% of the refill rate (one token in five left unused)
        #expect(abs(times[0] - 0.2) < 1e-5)
        #expect(abs((times[8] - times[0]) / 8 - 0.25) < 1e-5, "\(times)")
    }

    @Test func adaptivePacingWaitsOnlyAfterAThrottle() async throws {
        // Given pacing after throttling, and more calls than the bucket holds
        let clock = TimelineClock(start: WorldSpec.defaultStart)
        let gate = ThrottleGate(clock: clock, pacesFromStart: false)
        let start = clock.now
        #expect(try await admissions(60, of: .modifyInstanceAttribute, through: gate, on: clock, from: start).allSatisfy { $0 == 0 })
        // When AWS throttles one
        await gate.throttled(.modifyInstanceAttribute)
        // Then the next waits for a refill
        #expect(try await admissions(1, of: .modifyInstanceAttribute, through: gate, on: clock, from: start)[0] > 0)
    }

    @Test func aRequestForAnEarlierTimeGetsTheTokensLeftFreeThere() async throws {
        // Given ModifyInstanceAttribute's bucket, and a target ten seconds ahead that emptied its moment's bucket first
        let clock = TimelineClock(start: WorldSpec.defaultStart)
        let gate = ThrottleGate(clock: clock)
        let start = clock.now
        let ahead = try await admissions(100, of: .modifyInstanceAttribute, at: 10, through: gate, on: clock, from: start)
        // When a target at the start asks afterwards
        let early = try await admissions(1, of: .modifyInstanceAttribute, through: gate, on: clock, from: start)
        // Then it still goes at once: the tokens of its own moment were left free
        #expect(early == [0])
        #expect(ahead.prefix(50).allSatisfy { $0 == 10 })
    }

    @Test func aPacedFleetIsNeverThrottledAndKeepsItsBusiestBucketBusy() async throws {
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
        // When the fleet runs paced by AWS's buckets
        let outcome = try await runner.run(plan, parent: header, instances: targets, parameters: [:], storedParameters: [:])
        // Then every target succeeds, no call is throttled, and the fleet takes little more than
        // its busiest bucket allows: 600 describes (100 at once, then 20 a second) take 25 s, 300
        // tags (100 at once, then 10 a second) 20 s
        #expect(outcome.status == .succeeded && outcome.throttledCalls == 0)
        let calls = await aws.calls
        #expect(calls.allSatisfy { $0.injectedBy != "rate-limit" }, "throttled: \(calls.filter { $0.injectedBy == "rate-limit" }.map { "\($0.operation.name)@\($0.startedAt.timeIntervalSince(spec.start))" }.prefix(10))")
        let writes = calls.filter { $0.operation.mutates }.count
        #expect(writes == 300)
        let elapsed = clock.now.timeIntervalSince(spec.start)
        let reads = calls.count - writes
        #expect(reads == 600)
        let bound = max(Double(reads - 100) / 20, Double(writes - 100) / 10)
        #expect(elapsed >= bound - 0.1 && elapsed <= 1.2 * bound, "simulated completion \(elapsed) s")
    }
}
