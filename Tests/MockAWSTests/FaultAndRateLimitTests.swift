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
