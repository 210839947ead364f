import Actions
import AuditStore
import Engine
import Foundation
import Providers
import RunbookModel

/// `irun-bench engine`: steps per second through the executor with the full durable audit.
///
/// Two generated runbooks of `--steps` `core.noop` steps: *wide* (one root, everything else
/// depending on it, so up to `--max-concurrency` run at once) and *deep* (a chain, every step
/// waiting for the one before). Each run writes every event to a fresh SQLite file (WAL) and
/// the chain is verified afterwards.
enum EngineBenchmark {
    static func run(arguments: [String]) async throws {
        let steps = try Options.int("--steps", in: arguments, default: 10_000)
        for shape in ["wide", "deep"] {
            let text = runbook(shape: shape, steps: steps)
            let compilation = RunbookCompiler.compile(text: text, path: "\(shape).yaml", catalog: BuiltinActions.catalog)
            guard let plan = compilation.plan else { throw BenchmarkError("generated runbook is invalid: \(compilation.errors.first!)") }
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("irun-bench-engine-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let store = try AuditDatabase.open(path: directory.appendingPathComponent("audit.sqlite").path)
            let executor = Executor(registry: BuiltinActions.registry, recorder: store, providers: nil,
                                    options: ExecutionOptions(maxConcurrency: 8, actor: "bench", clock: VirtualClock(start: Date())))
            let header = RunHeader(id: "bench-\(shape)", runbookName: plan.runbook.name, runbookPath: "\(shape).yaml", runbookSHA256: String(repeating: "0", count: 64),
                                   runbookText: text, parameters: [:], mode: .live, provider: "none", actor: "bench", startedAt: Date())
            let start = ContinuousClock.now
            let outcome = try await executor.start(plan, header: header, parameters: [:])
            let elapsed = ContinuousClock.now - start
            let verification = try await store.verifyChain()
            print("\(shape): \(steps) steps \(outcome.status.rawValue) in \(elapsed.milliseconds) ms → \(Int(Double(steps) / elapsed.timeInterval)) steps/s (target ≥ 10000); \(verification.eventsChecked) events, chain \(verification.isIntact ? "intact" : "BROKEN")")
        }
        print("peak memory (VmHWM): \(WorldBenchmark.peakMemoryMiB()) MiB")
    }

    static func runbook(shape: String, steps: Int) -> String {
        var text = "name: bench-\(shape)\nsteps:\n  s0: { action: core.noop }\n"
        for index in 1..<steps {
            let need = shape == "wide" ? "s0" : "s\(index - 1)"
            text += "  s\(index): { action: core.noop, needs: [\(need)] }\n"
        }
        return text
    }
}
