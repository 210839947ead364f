import Actions
import AuditStore
import Foundation
import GameDay
import MockAWS
import Providers
import RunbookModel

/// `irun-bench gameday`: `Runbooks/gamedays/throttling-storm.yaml` (200 instances, EC2's rate
/// limits, a 30% throttling burst) in release: real wall time per run (target under 2 s), and the
/// simulated time to contain next to the bound AWS's buckets impose on its EC2 writes.
enum GameDayBenchmark {
    static func run(arguments: [String]) async throws {
        let runs = try Options.int("--runs", in: arguments, default: 3)
        let (loaded, diagnostics) = ScenarioLoader.load(path: "Runbooks/gamedays/throttling-storm.yaml", worldsDirectories: ["Runbooks/worlds"])
        guard let scenario = loaded else { throw BenchmarkError("run from the repository root: \(diagnostics.first?.description ?? "")") }
        var walls: [Duration] = []
        for run in 0..<runs {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("irun-bench-gd-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let runner = GameDayRunner(registry: BuiltinActions.registry, store: try AuditDatabase.open(path: directory.appendingPathComponent("audit.sqlite").path), runbooksDirectories: ["Runbooks"])
            let start = ContinuousClock.now
            let card = try await runner.run(scenario, seed: scenario.seed &+ UInt64(run))
            let wall = ContinuousClock.now - start
            walls.append(wall)
            // The bound: each EC2 write's own bucket needs (calls − capacity) / refill seconds.
            var bound = 0.0, writes = 0
            for (key, calls) in card.callsByOperation {
                guard let operation = AWSOperation.named(key), operation.service == .ec2, operation.mutates else { continue }
                writes += calls
                for bucket in operation.documentedBuckets { bound = max(bound, (Double(calls) - bucket.spec.capacity) / bucket.spec.refillPerSecond) }
            }
            print("run \(run + 1): \(card.passed ? "passed" : "FAILED"), wall \(wall.milliseconds) ms; time to contain \(String(format: "%.0f", card.timeToContain ?? -1)) s simulated; \(writes) EC2 writes → bound of their buckets \(String(format: "%.0f", bound)) s (\(String(format: "%.2f", (card.timeToContain ?? 0) / max(bound, 1)))×); \(card.totalCalls) calls, \(card.retries) retries")
        }
        let statistics = Statistics(walls)
        print("wall time: median \(statistics.median.milliseconds) ms over \(runs) runs (target < 2000); peak memory (VmHWM): \(WorldBenchmark.peakMemoryMiB()) MiB")
    }
}
