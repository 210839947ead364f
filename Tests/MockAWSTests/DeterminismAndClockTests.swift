import Foundation
import MockAWS
import Providers
import Testing

@Suite("Determinism, saving, and the clocks")
struct DeterminismAndClockTests {
    /// A fixed script of calls touching every service, with faults and latency in play.
    func runScript(seed: UInt64) async throws -> (log: [String], world: World) {
        let (aws, clock) = try TestWorld.make {
            $0.seed = seed
            $0.behaviour.defaultLatency = .uniform(.milliseconds(10), .milliseconds(90))
            $0.behaviour.faults = [FaultRule(name: "half", operations: ["CreateSnapshot"], probability: 0.5, effect: .fail(code: "InternalError", message: "We encountered an internal error."))]
        }
        _ = try? await aws.describeInstances(DescribeInstancesInput(instanceIds: ["i-123"]))
        _ = try? await aws.detachInstances(DetachInstancesInput(instanceIds: ["i-123"], autoScalingGroupName: "web-asg", shouldDecrementDesiredCapacity: false))
        let sg = try await aws.createSecurityGroup(CreateSecurityGroupInput(groupName: "quarantine", description: "q", vpcId: "vpc-0a")).groupId
        for volume in await aws.world.instances["i-123"]!.volumeIds { _ = try? await aws.createSnapshot(CreateSnapshotInput(volumeId: volume)) }
        for interface in await aws.world.instances["i-123"]!.interfaceIds { try await aws.modifyNetworkInterfaceAttribute(ModifyNetworkInterfaceAttributeInput(networkInterfaceId: interface, groups: [sg])) }
        clock.advance(by: .seconds(600))
        _ = try await aws.describeSnapshots(DescribeSnapshotsInput())
        return (await aws.calls.map { "\($0) \($0.requestID)" }, await aws.settle())
    }

    @Test func theSameSeedGivesTheSameCallLogAndWorld() async throws {
        let first = try await runScript(seed: 11), second = try await runScript(seed: 11), other = try await runScript(seed: 12)
        #expect(first.log == second.log)
        #expect(first.world == second.world)
        #expect(first.log != other.log)
        #expect(first.log.count == 8)
    }

    @Test func aSavedSimulationRestoresTheSameWorldAndCarriesOn() async throws {
        // Given a world after a detach (a replacement is pending)
        let (aws, clock) = try TestWorld.make()
        _ = try await aws.detachInstances(DetachInstancesInput(instanceIds: ["i-123"], autoScalingGroupName: "web-asg", shouldDecrementDesiredCapacity: false))
        // When it is encoded, decoded and restored on a clock at the same time
        let data = try JSONEncoder().encode(await aws.saved())
        let restored = MockAWS(restoring: try JSONDecoder().decode(SavedSimulation.self, from: data), clock: VirtualClock(start: clock.now))
        // Then the worlds are equal, and the restored one keeps simulating (the replacement enters service)
        #expect(await restored.world == aws.world)
        try await restored.clock.sleep(for: .seconds(60))
        let group = try await restored.describeAutoScalingGroups(DescribeAutoScalingGroupsInput()).autoScalingGroups[0]
        #expect(group.instances.map(\.lifecycleState) == ["InService", "InService"])
    }

    @Test(.timeLimit(.minutes(1))) func theVirtualClockJumpsInsteadOfWaiting() async throws {
        let start = Date(timeIntervalSince1970: 0)
        let clock = VirtualClock(start: start)
        // A real hour's wait would blow the test's one-minute limit.
        try await clock.sleep(for: .seconds(3600))
        // Two sleepers that start together share the jump.
        async let a: Void = clock.sleep(until: start.addingTimeInterval(3601))
        async let b: Void = clock.sleep(until: start.addingTimeInterval(3601))
        _ = try await (a, b)
        #expect(clock.now == start.addingTimeInterval(3601))
    }

    @Test func theManualClockHoldsSleepersUntilAdvanced() async throws {
        let clock = ManualClock(start: Date(timeIntervalSince1970: 0))
        let woke = Task { try await clock.sleep(for: .seconds(10)); return clock.now }
        while clock.sleeperCount == 0 { await Task.yield() }
        clock.advance(by: .seconds(5))
        #expect(clock.sleeperCount == 1)
        clock.advance(by: .seconds(5))
        #expect(try await woke.value == Date(timeIntervalSince1970: 10))
        // A cancelled sleeper is released with CancellationError.
        let cancelled = Task { try await clock.sleep(for: .seconds(10)) }
        while clock.sleeperCount == 0 { await Task.yield() }
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        #expect(clock.sleeperCount == 0)
    }

    @Test func errorsAreClassifiedLikeTheSDKs() {
        #expect(AWSError(.throttling, "x").isRetryable)
        #expect(AWSError(.internalError, "x").httpStatus == 500 && AWSError(.internalError, "x").isRetryable)
        #expect(AWSError("Whatever", "x", httpStatus: 503).isRetryable)
        #expect(!AWSError(.unauthorizedOperation, "x").isRetryable && AWSError(.unauthorizedOperation, "x").httpStatus == 403)
        #expect(!AWSError(.invalidInstanceIDNotFound, "x").isRetryable)
    }
}
