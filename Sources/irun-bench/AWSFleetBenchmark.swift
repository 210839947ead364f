import AWSClient
import Actions
import AuditStore
import Engine
import Foundation
import Providers
import RunbookModel
import Synchronization

/// `irun-bench aws-fleet`: ec2-quarantine over a fleet seeded in a running moto_server, through
/// the real AWS client, against the same steps as a plain sequential boto3 script
/// (`Benchmarks/boto3_quarantine.py`) on an identical fleet on the same server.
///
/// It starts nothing itself: `--endpoint` (default `$IRUN_MOTO_ENDPOINT`) must answer. The
/// fleets are seeded by `Benchmarks/moto_fleet.py` (boto3), after emptying the server, so both
/// runs see the same world. Prints both wall times, both call counts, moto's time per call
/// (measured with sequential cheap calls) and the bound it implies (calls × time per call: moto
/// answers one call at a time, so no schedule beats it). irun runs the fleet with pacing
/// `adaptive` unless `--pacing documented`: at EC2's documented 5 writes per second, the
/// fleet's ~300 mutating calls alone take a minute, against a server that has no limits.
enum AWSFleetBenchmark {
    static func run(arguments: [String]) async throws {
        let count = try Options.int("--instances", in: arguments, default: 50)
        let concurrency = try Options.int("--concurrency", in: arguments, default: count)
        let batching = !arguments.contains("--no-batching")
        guard let pacing = FleetPacing(rawValue: Options.string("--pacing", in: arguments) ?? "adaptive") else {
            throw BenchmarkError("--pacing takes buckets or adaptive")
        }
        let python = Options.string("--python", in: arguments) ?? "python3"
        guard let text = Options.string("--endpoint", in: arguments) ?? ProcessInfo.processInfo.environment["IRUN_MOTO_ENDPOINT"], let endpoint = URL(string: text) else {
            throw BenchmarkError("give --endpoint URL or set IRUN_MOTO_ENDPOINT to a running moto_server (e.g. moto_server -H 127.0.0.1 -p 5000)")
        }
        guard FileManager.default.fileExists(atPath: "Benchmarks/moto_fleet.py") else { throw BenchmarkError("run from the repository root") }

        // irun
        let fleet = try seed(python: python, endpoint: endpoint, instances: count)
        let configuration = AWSConfiguration(
            credentials: AWSCredentials(accessKeyID: "AKIABENCHMARK0000000", secretAccessKey: "bench-secret", source: "irun-bench"),
            region: "us-east-1", endpointOverride: endpoint
        )
        let perCall = try await timePerCall(AWSClient.make(configuration: configuration), instance: fleet[0])
        let counter = CallCounter()
        let client = AWSClient.make(configuration: configuration, observe: { counter.add($0) })
        let irun = try await quarantine(fleet, providers: AWSProviders(client), concurrency: concurrency, batching: batching, pacing: pacing)
        let irunCalls = counter.snapshot()

        // boto3, on an identical fleet (the server emptied and seeded again)
        let second = try seed(python: python, endpoint: endpoint, instances: count)
        let list = FileManager.default.temporaryDirectory.appendingPathComponent("irun-bench-ids-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: list) }
        try second.joined(separator: "\n").write(to: list, atomically: true, encoding: .utf8)
        let output = try runPython(python, ["Benchmarks/boto3_quarantine.py", "--endpoint", endpoint.absoluteString, "--instances-from", list.path, "--json"])
        guard let report = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any],
              let boto3Wall = report["wall_seconds"] as? Double, let boto3Calls = report["calls"] as? Int else {
            throw BenchmarkError("boto3_quarantine.py printed no report: \(output.prefix(400))")
        }

        let irunTotal = irunCalls.values.reduce(0, +)
        let ms = { (seconds: Double) in String(format: "%.1f ms", seconds * 1000) }
        let s = { (seconds: Double) in String(format: "%.2f s", seconds) }
        print("aws-fleet: \(count) instances seeded in moto at \(endpoint.absoluteString) (mixed Auto Scaling group / target group / classic ELB memberships, 2 volumes each); ec2-quarantine on each")
        print("  irun  (AWS client, \(concurrency) targets at once, batching \(batching ? "on" : "off"), pacing \(pacing.rawValue)): \(s(irun.wall.timeInterval)), \(irunTotal) API calls, \(irun.succeeded)/\(count) contained")
        print("  boto3 (Benchmarks/boto3_quarantine.py, sequential):   \(s(boto3Wall)), \(boto3Calls) API calls (\(ms(boto3Wall / Double(max(boto3Calls, 1)))) per call)")
        print("  moto per call: \(ms(perCall)) (mean of 50 sequential DescribeInstanceAttribute through the AWS client); moto answers one call at a time")
        print("  bound: irun \(irunTotal) × \(ms(perCall)) = \(s(Double(irunTotal) * perCall)); boto3 \(boto3Calls) × \(ms(perCall)) = \(s(Double(boto3Calls) * perCall))")
        print("  irun is \(String(format: "%.2f", boto3Wall / irun.wall.timeInterval))× faster than boto3 (target ≥ 2×), with \(String(format: "%.2f", Double(boto3Calls) / Double(max(irunTotal, 1))))× fewer calls")
        for (failure, times) in counter.failures().sorted(by: { $0.value > $1.value }).prefix(5) { print("  failed attempts: \(times) × \(failure)") }
        print("  irun calls by operation: " + irunCalls.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
    }

    /// The mean time of one cheap call, made one after the other.
    static func timePerCall(_ client: AWSClient, instance: String) async throws -> Double {
        let input = DescribeInstanceAttributeInput(instanceId: instance, attribute: .disableApiTermination)
        _ = try await client.describeInstanceAttribute(input)
        let start = ContinuousClock.now
        for _ in 0..<50 { _ = try await client.describeInstanceAttribute(input) }
        return (ContinuousClock.now - start).timeInterval / 50
    }

    /// Empties the server and seeds a fleet; returns its instance ids.
    static func seed(python: String, endpoint: URL, instances: Int) throws -> [String] {
        let output = try runPython(python, ["Benchmarks/moto_fleet.py", "--endpoint", endpoint.absoluteString, "--instances", "\(instances)", "--reset"])
        guard let seeded = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], let ids = seeded["instances"] as? [String], ids.count == instances else {
            throw BenchmarkError("moto_fleet.py printed no fleet: \(output.prefix(400))")
        }
        return ids
    }

    /// Fleet-quarantines `instances` through `providers`, recording in a durable audit store as the CLI does.
    static func quarantine(_ instances: [String], providers: AWSProviders, concurrency: Int, batching: Bool, pacing: FleetPacing) async throws -> (wall: Duration, succeeded: Int) {
        let text = try String(contentsOfFile: "Runbooks/ec2-quarantine.yaml", encoding: .utf8)
        let compilation = RunbookCompiler.compile(text: text, path: "Runbooks/ec2-quarantine.yaml", catalog: BuiltinActions.catalog)
        guard let plan = compilation.plan else { throw BenchmarkError("ec2-quarantine is invalid here (run from the repository root)") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("irun-bench-aws-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try AuditDatabase.open(path: directory.appendingPathComponent("audit.sqlite").path)
        let clock = SystemClock()
        let runner = FleetRunner(
            registry: BuiltinActions.registry, recorder: store, providers: providers,
            options: ExecutionOptions(maxConcurrency: 8, autoApprove: true, actor: "bench", clock: clock), observer: nil,
            interrupt: InterruptSignal(), maxConcurrentTargets: concurrency, errorBudget: .percent(100), batchCalls: batching, pacer: CallPacing(clock: clock, pacing: pacing)
        )
        let parent = RunHeader(id: "bench-\(UUID().uuidString.prefix(8))", runbookName: "ec2-quarantine", runbookPath: "Runbooks/ec2-quarantine.yaml",
                               runbookSHA256: String(repeating: "0", count: 64), runbookText: text, parameters: [:], mode: .live,
                               provider: "aws us-east-1 moto", actor: "bench", startedAt: clock.now)
        let parameters: [String: Value] = ["case": "BENCH-1", "tag-prefix": "quarantine", "stop": false]
        let start = ContinuousClock.now
        let outcome = try await runner.run(plan, parent: parent, instances: instances, parameters: parameters, storedParameters: parameters)
        let wall = ContinuousClock.now - start
        let failed = outcome.targets.filter { $0.status != "succeeded" }
        for target in failed.prefix(5) { FileHandle.standardError.write(Data("  \(target.instance) \(target.status): \(target.failure ?? "")\n".utf8)) }
        return (wall, outcome.targets.count - failed.count)
    }

    static func runPython(_ python: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["AWS_ACCESS_KEY_ID"] = "testing"
        environment["AWS_SECRET_ACCESS_KEY"] = "testing"
        environment["AWS_DEFAULT_REGION"] = "us-east-1"
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchmarkError("\(python) \(arguments.first ?? "") exited \(process.terminationStatus)") }
        return String(decoding: data, as: UTF8.self)
    }

    static func seconds(_ duration: Duration) -> String { String(format: "%.2f", duration.timeInterval) }
}

/// Counts calls (every HTTP attempt) by operation; the AWS client's observer calls it from any thread.
final class CallCounter: Sendable {
    private struct State {
        var counts: [String: Int] = [:]
        var failures: [String: Int] = [:]
    }

    private let state = Mutex(State())

    func add(_ report: AWSCallReport) {
        // IRUN_BENCH_TRACE=1: one line per attempt on standard error (start time, duration, operation).
        if ProcessInfo.processInfo.environment["IRUN_BENCH_TRACE"] != nil {
            FileHandle.standardError.write(Data("\(report.startedAt.timeIntervalSince1970) \(Int(report.finishedAt.timeIntervalSince(report.startedAt) * 1000)) ms \(report.operation.name)\n".utf8))
        }
        state.withLock { state in
            state.counts[report.operation.name, default: 0] += 1
            if case .failure(let error) = report.outcome { state.failures["\(report.operation.name): \(error)".prefix(160).description, default: 0] += 1 }
        }
    }

    func snapshot() -> [String: Int] { state.withLock { $0.counts } }
    /// Failed attempts, by operation and error.
    func failures() -> [String: Int] { state.withLock { $0.failures } }
}
