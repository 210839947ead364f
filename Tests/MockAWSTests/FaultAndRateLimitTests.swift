import Foundation
import MockAWS
import Providers
import Testing

@Suite("Faults, rate limits and latency of the simulated world")
struct FaultAndRateLimitTests {
    let describe123 = DescribeInstancesInput(instanceIds: ["i-123"])

    @Test func theFirstNCallsFailThenCallsSucceed() async throws {
        // Given a rule: the first 3 DescribeInstances calls are throttled
        let rule = FaultRule(name: "flaky", operations: ["DescribeInstances"], window: .first(3), effect: .fail(code: "RequestLimitExceeded", message: "Request limit exceeded."))
        let (aws, _) = try TestWorld.make { $0.behaviour.faults = [rule] }
        // When five calls are made
        var codes: [String?] = []
        for _ in 1...5 { codes.append(await awsErrorCode { _ = try await aws.describeInstances(describe123) }) }
        // Then three fail (retryable, marked in the call log) and two succeed
        #expect(codes == ["RequestLimitExceeded", "RequestLimitExceeded", "RequestLimitExceeded", nil, nil])
        #expect(await aws.calls.map(\.injectedBy) == ["flaky", "flaky", "flaky", nil, nil])
        #expect(AWSError(.requestLimitExceeded, "x").isRetryable)
    }

    @Test func aRuleAimedAtOneResourceSparesTheOthers() async throws {
        let rule = FaultRule(name: "deny", operations: ["ModifyInstanceAttribute"], resource: "i-123", effect: .fail(code: "UnauthorizedOperation", message: "You are not authorized to perform this operation."))
        let (aws, _) = try TestWorld.make { $0.behaviour.faults = [rule] }
        let denied = await awsErrorCode { try await aws.modifyInstanceAttribute(ModifyInstanceAttributeInput(instanceId: "i-123", change: .disableApiTermination(true))) }
        try await aws.modifyInstanceAttribute(ModifyInstanceAttributeInput(instanceId: "i-0db", change: .disableApiTermination(true)))
        #expect(denied == "UnauthorizedOperation")
        // The failed call changed nothing.
        #expect(await aws.world.instances["i-123"]?.disableApiTermination == false)
        #expect(await aws.world.instances["i-0db"]?.disableApiTermination == true)
    }

    @Test func aProbabilisticRuleHitsAboutThatShareDeterministically() async throws {
        func failures(seed: UInt64) async throws -> [Bool] {
            let rule = FaultRule(name: "30%", services: ["ec2"], probability: 0.3, effect: .fail(code: "RequestLimitExceeded", message: "slow down"))
            let (aws, _) = try TestWorld.make { $0.behaviour.faults = [rule]; $0.seed = seed }
            var hits: [Bool] = []
            for _ in 0..<1000 { hits.append(await awsErrorCode { _ = try await aws.describeInstances(describe123) } != nil) }
            return hits
        }
        let first = try await failures(seed: 1), again = try await failures(seed: 1), other = try await failures(seed: 2)
        #expect((250...350).contains(first.filter { $0 }.count))
        #expect(first == again)
        #expect(first != other)
    }

    @Test func activeWindowsAndLatencySpikesFollowSimulatedTime() async throws {
        // Given a 5 s latency spike on EC2 from 60 s to 120 s after the start
        let rule = FaultRule(name: "spike", services: ["ec2"], activeFrom: .seconds(60), activeUntil: .seconds(120), effect: .delay(.seconds(5)))
        let (aws, clock) = try TestWorld.make { $0.behaviour.faults = [rule] }
        let start = clock.now
        _ = try await aws.describeInstances(describe123)
        #expect(clock.now == start)
        clock.advance(by: .seconds(60))
        _ = try await aws.describeInstances(describe123)
        #expect(clock.now == start.addingTimeInterval(65))
        clock.advance(by: .seconds(60))
        _ = try await aws.describeInstances(describe123)
        #expect(clock.now == start.addingTimeInterval(125))
        #expect(await aws.calls.map { $0.finishedAt.timeIntervalSince($0.startedAt) } == [0, 5, 0])
    }

    @Test func ec2ThrottlesBurstsWithRequestLimitExceededAndRefillsOverTime() async throws {
        // Given EC2's default buckets (non-mutating: 100, +20/s) and Auto Scaling's (40, +10/s)
        let (aws, clock) = try TestWorld.make { $0.behaviour.rateLimits = RateLimits() }
        // When 101 describes arrive at one instant
        var codes: [String?] = []
        for _ in 0...100 { codes.append(await awsErrorCode { _ = try await aws.describeInstances(describe123) }) }
        // Then the 101st is throttled, and a second later 20 more pass
        #expect(codes.prefix(100).allSatisfy { $0 == nil } && codes.last == "RequestLimitExceeded")
        #expect(await aws.calls.last?.injectedBy == "rate-limit")
        // Mutating calls have their own bucket.
        try await aws.modifyInstanceAttribute(ModifyInstanceAttributeInput(instanceId: "i-0db", change: .disableApiTermination(true)))
        clock.advance(by: .seconds(1))
        var passed = 0
        for _ in 0..<25 where await awsErrorCode({ _ = try await aws.describeInstances(describe123) }) == nil { passed += 1 }
        #expect(passed == 20)
        for _ in 0..<40 { _ = try await aws.describeAutoScalingGroups(DescribeAutoScalingGroupsInput()) }
        #expect(await awsErrorCode { _ = try await aws.describeAutoScalingGroups(DescribeAutoScalingGroupsInput()) } == "Throttling")
    }

    /// The test world with one EC2 read bucket and no latency, on parallel simulated timelines.
    func timelineWorld(capacity: Double, refill: Double) throws -> (MockAWS, TimelineClock) {
        let spec = TestWorld.spec {
            $0.behaviour.rateLimits = RateLimits(buckets: [.ec2NonMutating: TokenBucketSpec(capacity: capacity, refillPerSecond: refill)])
            $0.behaviour.defaultLatency = .zero
            $0.behaviour.latency = [:]
        }
        let clock = TimelineClock(start: spec.start)
        return (try MockAWS(spec: spec, clock: clock), clock)
    }

    /// The codes of `count` DescribeInstances calls made `offset` simulated seconds after the start.
    func describes(_ count: Int, at offset: Double, on aws: MockAWS, _ clock: TimelineClock, from start: Date) async -> [String?] {
        await clock.fork(at: start.addingTimeInterval(offset)) {
            var codes: [String?] = []
            for _ in 0..<count { codes.append(await awsErrorCode { _ = try await aws.describeInstances(DescribeInstancesInput(instanceIds: ["i-123"])) }) }
            return codes
        }.result
    }

    @Test func callsFromParallelTimelinesAreJudgedAtTheirOwnTime() async throws {
        // Given EC2's read bucket (100, +20/s) and a step ten minutes ahead in simulated time
        // that ran first and emptied the bucket of its own moment
        let (aws, clock) = try timelineWorld(capacity: 100, refill: 20)
        let start = clock.now
        #expect(await describes(100, at: 600, on: aws, clock, from: start).allSatisfy { $0 == nil })
        // When a step at the start of the run makes its 100 calls afterwards
        let early = await describes(100, at: 0, on: aws, clock, from: start)
        // Then they find the full bucket of their own time, while the later moment stays spent
        #expect(early.allSatisfy { $0 == nil })
        #expect(await describes(1, at: 600, on: aws, clock, from: start) == ["RequestLimitExceeded"])
        #expect(await aws.calls.filter { $0.injectedBy == "rate-limit" }.map { $0.startedAt.timeIntervalSince(start) } == [600])
    }

    @Test func aLateCallGetsATokenThatACallLaterInTimeCouldSpare() async throws {
        // Given a bucket of 2 refilled at 1/s, and a call at 1.5 s that arrived first
        let (aws, clock) = try timelineWorld(capacity: 2, refill: 1)
        let start = clock.now
        #expect(await describes(1, at: 1.5, on: aws, clock, from: start) == [nil])
        // When calls at 0.5 s and 0.6 s arrive afterwards
        let late = await describes(1, at: 0.5, on: aws, clock, from: start) + describes(1, at: 0.6, on: aws, clock, from: start)
        // Then both pass, as they would have in time order (2 tokens, +1 by 1.5 s); a fourth call at 0.7 s would not have
        #expect(late == [nil, nil])
        #expect(await describes(1, at: 0.7, on: aws, clock, from: start) == ["RequestLimitExceeded"])
    }

    @Test func latencyIsSampledFromTheModelAndWaitedOnTheClock() async throws {
        // Given log-normal latency with a 50 ms median and 400 ms p99 on DescribeInstances
        let (aws, clock) = try TestWorld.make { $0.behaviour.latency = ["DescribeInstances": .logNormal(median: .milliseconds(50), p99: .milliseconds(400))] }
        let start = clock.now
        for _ in 0..<1001 { _ = try await aws.describeInstances(describe123) }
        let latencies = await aws.calls.map { $0.finishedAt.timeIntervalSince($0.startedAt) }.sorted()
        // Then the median is near 50 ms, the tail near 400 ms, and the clock moved by their sum
        #expect(abs(latencies[500] - 0.05) < 0.01)
        #expect((0.25...0.6).contains(latencies[990]))
        #expect(abs(clock.now.timeIntervalSince(start) - latencies.reduce(0, +)) < 0.001)
    }
}
