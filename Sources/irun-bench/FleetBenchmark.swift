import Actions
import AuditStore
import Engine
import Foundation
import MockAWS
import Providers
import RunbookModel

/// `irun-bench fleet`: `ec2-quarantine` over a fleet of `--instances` in a simulated account
/// with a fixed per-call latency and EC2's default rate limits, in simulated time (the timeline
/// clock `irun` runs simulated accounts on: each target's steps keep their own timeline).
///
/// Prints the calls per family and per instance, and the simulated completion time next to the
/// bound AWS's buckets impose on the EC2 writes a quarantine cannot avoid: for each of their
/// buckets, `(calls − capacity) / refill` seconds, and the longest single target (its calls ×
/// latency). No schedule can finish before the larger of those. Reads and the other services'
/// calls can be shared across targets, so they are reported but not part of the bound.
enum FleetBenchmark {
    static func run(arguments: [String]) async throws {
        let count = try Options.int("--instances", in: arguments, default: 1000)
        let latency = Duration.milliseconds(try Options.int("--latency-ms", in: arguments, default: 50))
        let concurrency = try Options.int("--concurrency", in: arguments, default: 250)
        var spec = world(instances: count)
        spec.behaviour.defaultLatency = .fixed(latency)
        spec.behaviour.rateLimits = RateLimits()
        let clock = TimelineClock(start: spec.start)
        let aws = try MockAWS(spec: spec, clock: clock)
        let ids = await aws.world.instances.ids
        let text = try String(contentsOfFile: "Runbooks/ec2-quarantine.yaml", encoding: .utf8)
        let compilation = RunbookCompiler.compile(text: text, path: "Runbooks/ec2-quarantine.yaml", catalog: BuiltinActions.catalog)
        guard let plan = compilation.plan else { throw BenchmarkError("ec2-quarantine is invalid here (run from the repository root)") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("irun-bench-fleet-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try AuditDatabase.open(path: directory.appendingPathComponent("audit.sqlite").path)
        let runner = FleetRunner(
            registry: BuiltinActions.registry, recorder: store, providers: AWSProviders(aws),
            options: ExecutionOptions(maxConcurrency: 8, autoApprove: true, actor: "bench", clock: clock), observer: nil,
            interrupt: InterruptSignal(), maxConcurrentTargets: concurrency, errorBudget: .percent(100), batchCalls: !arguments.contains("--no-batching")
        )
        let parent = RunHeader(id: "fleet", runbookName: "ec2-quarantine", runbookPath: "Runbooks/ec2-quarantine.yaml", runbookSHA256: String(repeating: "0", count: 64),
                               runbookText: text, parameters: [:], mode: .live, provider: "mock", actor: "bench", startedAt: clock.now)
        let parameters: [String: Value] = ["case": "BENCH-1", "tag-prefix": "quarantine", "stop": false]
        let simulatedStart = clock.now
        let wallStart = ContinuousClock.now
        let outcome = try await runner.run(plan, parent: parent, instances: ids, parameters: parameters, storedParameters: parameters)
        let wall = ContinuousClock.now - wallStart
        let simulated = clock.now.timeIntervalSince(simulatedStart)
        let calls = await aws.calls
        let succeeded = outcome.targets.filter { $0.status == .succeeded }.count
        print("fleet: \(count) instances, \(succeeded) contained, \(calls.count) API calls (\(calls.filter { !$0.succeeded }.count) throttled or failed), \(outcome.throttledCalls) throttled")
        let admitted = calls.filter { $0.injectedBy != "rate-limit" }
        for call in calls where call.injectedBy == "rate-limit" {
            print("  throttled: \(call.operation) at \(String(format: "%.3f", call.startedAt.timeIntervalSince(simulatedStart))) s")
        }
        for family in RateLimitFamily.allCases {
            let made = admitted.filter { RateLimitFamily.of($0.operation) == family }.count
            let throttled = calls.filter { RateLimitFamily.of($0.operation) == family && $0.injectedBy == "rate-limit" }.count
            print("  \(family.rawValue): \(made) calls (\(String(format: "%.1f", Double(made) / Double(max(count, 1)))) per instance), \(throttled) throttled")
        }
        // The bound: every bucket needs (calls − capacity) / refill seconds; the EC2 writes are
        // the calls no schedule can avoid (one set per instance), so their buckets set the target.
        var bound = 0.0, readsBound = 0.0
        let limits = spec.behaviour.rateLimits ?? RateLimits()
        var perBucket: [MeteredBucket: Int] = [:]
        for call in admitted { for bucket in limits.buckets(for: call.operation) { perBucket[bucket, default: 0] += 1 } }
        for (bucket, made) in perBucket.sorted(by: { $0.key.name < $1.key.name }) {
            let seconds = max(0, (Double(made) - bucket.spec.capacity) / bucket.spec.refillPerSecond)
            let unavoidable = admitted.contains { $0.operation.service == .ec2 && $0.operation.mutates && limits.buckets(for: $0.operation).contains(bucket) }
            if unavoidable { bound = max(bound, seconds) } else { readsBound = max(readsBound, seconds) }
            guard seconds >= 1 else { continue }
            print("    bucket \(bucket.name): \(made) calls, \(Int(bucket.spec.capacity)) + \(bucket.spec.refillPerSecond)/s → at least \(String(format: "%.1f", seconds)) s\(unavoidable ? " (EC2 writes)" : "")")
        }
        print("  the other buckets (reads, Auto Scaling, load balancing) as called need at least \(String(format: "%.1f", readsBound)) s")
        let perTarget = Dictionary(grouping: calls.filter { $0.succeeded }, by: { $0.resourceIDs.first { $0.hasPrefix("i-") } ?? "" })
            .filter { !$0.key.isEmpty }.values.map(\.count).max() ?? 0
        let critical = Double(perTarget) * latency.timeInterval
        bound = max(bound, critical)
        print("  the busiest target's own calls × latency: \(perTarget) × \(latency) → at least \(String(format: "%.1f", critical)) s")
        var spans: [(Double, Double)] = []
        for target in outcome.targets.prefix(400) {
            guard let id = target.runID, let events = try await store.run(id)?.events, let first = events.first, let last = events.last else { continue }
            spans.append((first.time.timeIntervalSince(simulatedStart), last.time.timeIntervalSince(first.time)))
        }
        if ProcessInfo.processInfo.environment["IRUN_BENCH_TRACE"] != nil, let id = outcome.targets[150].runID, let events = try await store.run(id)?.events {
            for event in events { print("    \(String(format: "%8.1f", event.time.timeIntervalSince(simulatedStart))) \(event.kind.rawValue) \(event.step ?? "")") }
        }
        let durations = spans.map(\.1).sorted(), starts = spans.map(\.0).sorted()
        if !durations.isEmpty {
            print("  per-target simulated duration: p50 \(String(format: "%.1f", durations[durations.count / 2])) s, max \(String(format: "%.1f", durations.last!)) s; starts from \(String(format: "%.1f", starts.first!)) s to \(String(format: "%.1f", starts.last!)) s")
        }
        print("simulated completion: \(String(format: "%.1f", simulated)) s; bound \(String(format: "%.1f", bound)) s → \(String(format: "%.2f", simulated / max(bound, 0.001)))× (target ≤ 1.2×)")
        print("wall time: \(wall.milliseconds) ms (target < 10000); peak memory (VmHWM): \(WorldBenchmark.peakMemoryMiB()) MiB")
    }

    /// The default world's network, with the fleet in Auto Scaling groups of 50 behind a target
    /// group each; every tenth group also behind a classic load balancer.
    static func world(instances: Int) -> WorldSpec {
        var spec = WorldSpec.defaultWorld()
        spec.instances = []
        spec.autoScalingGroups = []
        spec.loadBalancers = []
        spec.targetGroups = []
        spec.fleets = []
        let template = InstanceSpec(id: "i-0", subnet: "subnet-0a1", interfaces: [InterfaceSpec(groups: ["sg-0e1b"])], volumes: [VolumeSpec(size: 8), VolumeSpec(size: 20)])
        for group in 0..<((instances + 49) / 50) {
            let size = min(50, instances - group * 50)
            let balancers = group % 10 == 0 ? ["clb-\(group)"] : []
            if group % 10 == 0 { spec.loadBalancers.append(ClassicLoadBalancerSpec(name: "clb-\(group)", vpc: "vpc-0a1")) }
            spec.targetGroups.append(TargetGroupSpec(name: "tg-\(group)", vpc: "vpc-0a1"))
            spec.autoScalingGroups.append(AutoScalingGroupSpec(
                name: "asg-\(group)", min: 0, max: size * 2, desired: size, subnets: ["subnet-0a1", "subnet-0b1"],
                loadBalancers: balancers, targetGroups: ["tg-\(group)"], launchTemplate: LaunchTemplateSpec(groups: ["sg-0e1b"])
            ))
            spec.fleets.append(FleetSpec(count: size, namePrefix: "web-\(group)", template: template, subnets: ["subnet-0a1", "subnet-0b1"], autoScalingGroup: "asg-\(group)"))
        }
        return spec
    }
}

/// `irun-bench quarantine`: wall time of the whole `irun execute ec2-quarantine --instance i-123`
/// process (the release build next to this benchmark), on the default world with zero latency.
enum QuarantineBenchmark {
    static func run(arguments: [String]) throws {
        let runs = try Options.int("--runs", in: arguments, default: 10)
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("irun")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else { throw BenchmarkError("build irun first: swift build -c release --product irun") }
        let world = FileManager.default.temporaryDirectory.appendingPathComponent("irun-bench-zero-\(UUID().uuidString).yaml")
        var text = WorldSpec.defaultWorldText
        if let range = text.range(of: "\nbehaviour:") { text = String(text[..<range.lowerBound]) + "\n" }
        try text.write(to: world, atomically: true, encoding: .utf8)
        var samples: [Duration] = []
        for _ in 0..<runs {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("irun-bench-q-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let process = Process()
            process.executableURL = binary
            process.arguments = ["execute", "ec2-quarantine", "--instance", "i-123", "--db", directory.appendingPathComponent("audit.sqlite").path, "--world", world.path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let start = ContinuousClock.now
            try process.run()
            process.waitUntilExit()
            samples.append(ContinuousClock.now - start)
            guard process.terminationStatus == 0 else { throw BenchmarkError("irun execute exited \(process.terminationStatus)") }
        }
        let statistics = Statistics(samples)
        print("irun execute ec2-quarantine --instance i-123 (release, zero latency): median \(statistics.median.milliseconds) ms, p95 \(statistics.p95.milliseconds) ms, min \(statistics.min.milliseconds) ms over \(runs) runs")
        try? FileManager.default.removeItem(at: world)
    }
}
