import Actions
import AuditStore
@testable import Engine
import Foundation
import MockAWS
import Providers
import RunbookModel
import Testing

@Suite("Batched fleet calls: fewer calls, the same answers")
struct MergingMiddlewareTests {
    /// Twelve instances in two Auto Scaling groups, each group behind a target group, the first
    /// also behind a classic load balancer; no rate limits or latency.
    static func fleetWorld() -> WorldSpec {
        var spec = WorldSpec.defaultWorld()
        spec.behaviour.rateLimits = nil
        spec.behaviour.defaultLatency = .zero
        spec.behaviour.latency = [:]
        spec.instances = []
        spec.autoScalingGroups = []
        spec.loadBalancers = [ClassicLoadBalancerSpec(name: "clb-0", vpc: "vpc-0a1")]
        spec.targetGroups = []
        spec.fleets = []
        let template = InstanceSpec(id: "i-0", subnet: "subnet-0a1", interfaces: [InterfaceSpec(groups: ["sg-0e1b"])], volumes: [VolumeSpec(size: 8), VolumeSpec(size: 20)])
        for group in 0..<2 {
            spec.targetGroups.append(TargetGroupSpec(name: "tg-\(group)", vpc: "vpc-0a1"))
            spec.autoScalingGroups.append(AutoScalingGroupSpec(
                name: "asg-\(group)", min: 0, max: 12, desired: 6, subnets: ["subnet-0a1", "subnet-0b1"],
                loadBalancers: group == 0 ? ["clb-0"] : [], targetGroups: ["tg-\(group)"], launchTemplate: LaunchTemplateSpec(groups: ["sg-0e1b"])
            ))
            spec.fleets.append(FleetSpec(count: 6, namePrefix: "web-\(group)", template: template, subnets: ["subnet-0a1", "subnet-0b1"], autoScalingGroup: "asg-\(group)"))
        }
        return spec
    }

    struct Quarantined {
        var world: World
        var calls: [CallRecord]
        var outcome: FleetOutcome
        var targets: [String]
    }

    /// ec2-quarantine over the fleet world, with or without batching.
    static func quarantine(batching: Bool) async throws -> Quarantined {
        let spec = fleetWorld()
        let clock = VirtualClock(start: spec.start)
        let aws = try MockAWS(spec: spec, clock: clock)
        let targets = await aws.world.instances.ids.filter { $0 != "i-dead" }
        let text = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Runbooks/ec2-quarantine.yaml"), encoding: .utf8)
        let plan = try #require(RunbookCompiler.compile(text: text, path: "ec2-quarantine.yaml", catalog: BuiltinActions.catalog).plan)
        let runner = FleetRunner(
            registry: BuiltinActions.registry, recorder: try AuditDatabase.inMemory(), providers: AWSProviders(aws),
            options: ExecutionOptions(actor: "tester", clock: clock), observer: nil, interrupt: InterruptSignal(),
            maxConcurrentTargets: targets.count, errorBudget: .percent(100), batchCalls: batching, pacer: CallPacing(clock: clock, pacing: .afterThrottling)
        )
        let parent = RunHeader(id: "fleet", runbookName: "ec2-quarantine", runbookPath: "ec2-quarantine.yaml", runbookSHA256: String(repeating: "0", count: 64),
                               runbookText: text, parameters: [:], mode: .live, provider: "mock", actor: "tester", startedAt: clock.now)
        let parameters: [String: Value] = ["case": "IR-9", "tag-prefix": "quarantine", "stop": false]
        let outcome = try await runner.run(plan, parent: parent, instances: targets, parameters: parameters, storedParameters: parameters)
        return Quarantined(world: await aws.world, calls: await aws.calls, outcome: outcome, targets: targets)
    }

    /// What a quarantine left on one instance, with group names for ids (ids differ between worlds).
    static func state(of id: String, in world: World) -> [String] {
        let name = { (group: String) in world.securityGroups[group]?.groupName ?? group }
        let instance = world.instances[id]
        let groups = world.groupsByInterface(of: id).values.map { $0.map(name).sorted().joined(separator: "+") }.sorted()
        let tags = (instance?.tags ?? []).filter { $0.key.hasPrefix("quarantine") && $0.key != "quarantine-time" && $0.key != "quarantine-run" }
        let snapshots = world.snapshots.values.filter { instance?.volumeIds.contains($0.snapshot.volumeId) ?? false }.count
        return [
            "groups \(groups)", "asg \(world.autoScalingGroup(of: id)?.name ?? "-")", "clb \(world.loadBalancers(of: id).map(\.name))",
            "tg \(world.targetGroups(of: id).filter { $0.targets.contains { $0.id == id && $0.drainingUntil == nil } }.map(\.name))",
            "protected \(instance?.disableApiTermination ?? false)", "tags \(tags.map { "\($0.key)=\($0.value)" }.sorted())", "snapshots \(snapshots)",
        ]
    }

    @Test func aBatchedFleetQuarantineEndsInTheSameWorldWithFewerCalls() async throws {
        // Given the same fleet quarantined one call per request, and with batching
        let plain = try await Self.quarantine(batching: false)
        let batched = try await Self.quarantine(batching: true)
        // Then every target succeeded both ways
        #expect(plain.outcome.status == .succeeded && batched.outcome.status == .succeeded, "\(batched.outcome.targets.compactMap(\.failure))")
        #expect(plain.targets == batched.targets && plain.targets.count == 12)
        // And each instance ended the same: isolated, out of service, protected, snapshotted, tagged
        for id in plain.targets {
            #expect(Self.state(of: id, in: batched.world) == Self.state(of: id, in: plain.world), "\(id)")
            #expect(Self.state(of: id, in: batched.world).contains("snapshots 2"))
        }
        // With far fewer calls
        #expect(batched.calls.count * 2 < plain.calls.count, "batched \(batched.calls.count), plain \(plain.calls.count)")
        #expect(batched.calls.calls(to: .describeTags).count < plain.calls.calls(to: .describeTags).count)
        #expect(batched.calls.allSatisfy { $0.succeeded })
    }

    @Test func aMergedReadThatFailsForOneRequestIsRetriedOneByOne() async throws {
        // Given three concurrent look-ups, one of an unknown instance
        var spec = WorldSpec.defaultWorld()
        spec.behaviour.rateLimits = nil
        let aws = try MockAWS(spec: spec, clock: VirtualClock(start: spec.start))
        let batching = RequestPipeline(backend: AWSProviders(aws), middlewares: [MergingMiddleware(clock: VirtualClock(start: spec.start), linger: .milliseconds(20))])
        async let first = batching.describeInstances(DescribeInstancesInput(instanceIds: ["i-123"]))
        async let unknown = outcome { try await batching.describeInstances(DescribeInstancesInput(instanceIds: ["i-0feedbeef"])) }
        async let second = batching.describeInstances(DescribeInstancesInput(instanceIds: ["i-456"]))
        // Then the known ones get their instance, and only the unknown one fails, as it would alone
        #expect(try await first.instances.map(\.instanceId) == ["i-123"])
        #expect(try await second.instances.map(\.instanceId) == ["i-456"])
        let failure = await unknown
        guard case .failure(let error as AWSError) = failure else {
            Issue.record("the unknown instance was found: \(failure)")
            return
        }
        #expect(error.code == .invalidInstanceIDNotFound)
        // One merged call that failed, then one call per request
        let calls = await aws.calls.filter { $0.operation == .describeInstances }
        #expect(calls.count == 4 && calls[0].resourceIDs.count == 3 && !calls[0].succeeded, "\(calls.map(\.resourceIDs))")
    }

    @Test func requestsWaitingForABusyEndpointJoinOneCall() async throws {
        // Given one call slot, taken by a write that takes a second
        var spec = WorldSpec.defaultWorld()
        spec.behaviour.rateLimits = nil
        spec.behaviour.defaultLatency = .zero
        spec.behaviour.latency = ["ModifyInstanceAttribute": .fixed(.seconds(1))]
        spec.start = Date()
        let aws = try MockAWS(spec: spec, clock: SystemClock())
        let batching = RequestPipeline(backend: AWSProviders(aws), middlewares: [MergingMiddleware(clock: SystemClock(), linger: .zero, maxInFlight: 1)])
        async let write: Void = batching.modifyInstanceAttribute(ModifyInstanceAttributeInput(instanceId: "i-789", change: .disableApiTermination(true)))
        try await Task.sleep(for: .milliseconds(200))
        // When three look-ups arrive one after the other while it runs
        async let first = batching.describeInstances(DescribeInstancesInput(instanceIds: ["i-123"]))
        try await Task.sleep(for: .milliseconds(100))
        async let second = batching.describeInstances(DescribeInstancesInput(instanceIds: ["i-456"]))
        try await Task.sleep(for: .milliseconds(100))
        async let third = batching.describeInstances(DescribeInstancesInput(instanceIds: ["i-789"]))
        // Then each gets its instance, from one call made once the slot was free
        #expect(try await [first, second, third].map { $0.instances.map(\.instanceId) } == [["i-123"], ["i-456"], ["i-789"]])
        try await write
        let calls = await aws.calls
        #expect(calls.filter { $0.operation == .describeInstances }.map { Set($0.resourceIDs) } == [["i-123", "i-456", "i-789"]])
        #expect(calls.first?.operation == .modifyInstanceAttribute)
    }

    @Test func aWaveOfSnapshotLookUpsStaysUnderEC2sFilterValueLimit() async throws {
        // Given a snapshot of vol-0123a taken by run-7
        var spec = WorldSpec.defaultWorld()
        spec.behaviour.rateLimits = nil
        let clock = VirtualClock(start: spec.start)
        let aws = try MockAWS(spec: spec, clock: clock)
        let taken = try await aws.createSnapshot(CreateSnapshotInput(volumeId: "vol-0123a", tags: [Tag(key: "quarantine-run", value: "run-7")]))
        let batching = RequestPipeline(backend: AWSProviders(aws), middlewares: [MergingMiddleware(clock: clock)])
        // When 80 runs look up their snapshots of three volumes each at once (320 filter values)
        let answers = try await withThrowingTaskGroup(of: (Int, [String]).self) { group in
            for run in 0..<80 {
                group.addTask {
                    let filters = [Filter(name: "volume-id", values: ["vol-0123a", "vol-\(run)a", "vol-\(run)b"]), Filter(name: "tag:quarantine-run", values: ["run-\(run)"])]
                    return (run, try await batching.describeSnapshots(DescribeSnapshotsInput(filters: filters)).snapshots.map(\.snapshotId))
                }
            }
            var answers: [Int: [String]] = [:]
            for try await (run, ids) in group { answers[run] = ids }
            return answers
        }
        // Then each gets its own answer, from merged calls of at most 200 filter values each
        #expect(answers[7] == [taken.snapshotId])
        #expect(answers.filter { $0.key != 7 }.allSatisfy { $0.value.isEmpty } && answers.count == 80)
        let calls = await aws.calls.compactMap { $0.request as? DescribeSnapshotsInput }
        #expect(calls.count >= 2 && calls.count < 80, "\(calls.count) calls")
        #expect(calls.allSatisfy { $0.filters.reduce(0) { $0 + $1.values.count } <= 200 })
    }

    @Test func mergedCallsStayWithinEachAPIsLimitPerCall() async throws {
        // Given 60 instances in one Auto Scaling group, and one call sent at a time so requests pile up
        var spec = Self.fleetWorld()
        spec.autoScalingGroups = [AutoScalingGroupSpec(name: "asg-big", min: 0, max: 120, desired: 60, subnets: ["subnet-0a1"], launchTemplate: LaunchTemplateSpec(groups: ["sg-0e1b"]))]
        let template = InstanceSpec(id: "i-0", subnet: "subnet-0a1", interfaces: [InterfaceSpec(groups: ["sg-0e1b"])])
        spec.fleets = [FleetSpec(count: 60, namePrefix: "big", template: template, subnets: ["subnet-0a1"], autoScalingGroup: "asg-big")]
        let clock = VirtualClock(start: spec.start)
        let aws = try MockAWS(spec: spec, clock: clock)
        let ids = await aws.world.instances.ids.filter { $0.hasPrefix("i-") }
        #expect(ids.count == 60)
        let pipeline = RequestPipeline(backend: AWSProviders(aws), middlewares: [MergingMiddleware(clock: clock, maxInFlight: 1)])
        // When every instance is described, looked up in Auto Scaling, tagged and detached at once
        try await withThrowingTaskGroup(of: Void.self) { group in
            for id in ids {
                group.addTask {
                    _ = try await pipeline.describeInstances(DescribeInstancesInput(instanceIds: [id]))
                    _ = try await pipeline.describeAutoScalingInstances(DescribeAutoScalingInstancesInput(instanceIds: [id]))
                    try await pipeline.createTags(CreateTagsInput(resources: [id], tags: [Tag(key: "case", value: "IR-1")]))
                    _ = try await pipeline.detachInstances(DetachInstancesInput(instanceIds: [id], autoScalingGroupName: "asg-big", shouldDecrementDesiredCapacity: false))
                }
            }
            try await group.waitForAll()
        }
        // Then the calls were merged, but none carries more than its API takes
        let calls = await aws.calls.map(\.request)
        let lookups = calls.compactMap { ($0 as? DescribeAutoScalingInstancesInput)?.instanceIds.count }
        let detaches = calls.compactMap { ($0 as? DetachInstancesInput)?.instanceIds.count }
        let describes = calls.compactMap { ($0 as? DescribeInstancesInput)?.instanceIds.count }
        let tags = calls.compactMap { ($0 as? CreateTagsInput)?.resources.count }
        #expect(lookups.reduce(0, +) >= 60 && lookups.count < 60 && lookups.allSatisfy { $0 <= 50 }, "\(lookups)")
        #expect(detaches.reduce(0, +) == 60 && detaches.count < 60 && detaches.allSatisfy { $0 <= 20 }, "\(detaches)")
        #expect(describes.count < 60 && describes.allSatisfy { $0 <= 100 }, "\(describes)")
        #expect(tags.reduce(0, +) == 60 && tags.count < 60 && tags.allSatisfy { $0 <= 100 }, "\(tags)")
        let members = Set(await aws.world.autoScalingGroups["asg-big"]?.members.map(\.instanceId) ?? [])
        #expect(members.isDisjoint(with: ids), "every instance was detached")
    }

    @Test func aReadAfterThisProcessChangedSomethingIsNeverAnsweredFromTheCache() async throws {
        var spec = WorldSpec.defaultWorld()
        spec.behaviour.rateLimits = nil
        let clock = VirtualClock(start: spec.start)
        let aws = try MockAWS(spec: spec, clock: clock)
        let batching = RequestPipeline(backend: AWSProviders(aws), middlewares: [MergingMiddleware(clock: clock)])
        let read = DescribeInstanceAttributeInput(instanceId: "i-456", attribute: .disableApiTermination)
        // Given a cached answer
        #expect(try await batching.describeInstanceAttribute(read).disableApiTermination == false)
        #expect(try await batching.describeInstanceAttribute(read).disableApiTermination == false)
        #expect(await aws.calls.filter { $0.operation == .describeInstanceAttribute }.count == 1)
        // When the instance changes through the same providers, the next read sees it
        try await batching.modifyInstanceAttribute(ModifyInstanceAttributeInput(instanceId: "i-456", change: .disableApiTermination(true)))
        #expect(try await batching.describeInstanceAttribute(read).disableApiTermination == true)
        // And tags written are seen by the next DescribeInstances, snapshots are never cached
        _ = try await batching.describeInstances(DescribeInstancesInput(instanceIds: ["i-456"]))
        try await batching.createTags(CreateTagsInput(resources: ["i-456"], tags: [Tag(key: "k", value: "v")]))
        #expect(try await batching.describeInstances(DescribeInstancesInput(instanceIds: ["i-456"])).instances[0].tags.value(of: "k") == "v")
        _ = try await batching.describeSnapshots(DescribeSnapshotsInput(snapshotIds: []))
        let before = await aws.calls.count
        _ = try await batching.describeSnapshots(DescribeSnapshotsInput(filters: [Filter(name: "volume-id", values: ["vol-1"]), Filter(name: "tag:quarantine-run", values: ["r"])]))
        #expect(await aws.calls.count == before + 1)
    }
}

/// The result of an async call, success or error.
func outcome<Success>(_ body: () async throws -> Success) async -> Result<Success, any Error> {
    do { return .success(try await body()) } catch { return .failure(error) }
}
