import AuditStore
import Foundation
import Providers
import RunbookModel

/// `irun-bench audit`: fills a file audit database through `append`, then verifies its chain.
///
/// `--events` events (default 1,000,000) over `--runs` runs (default 10,000): each run is begun,
/// then gets step-started / step-succeeded pairs with engine-like payloads, appended in batches
/// of `--batch` events (default 10, as the engine's group commit), and finishes. Reports the
/// insert rate, then the time of `verifyChain()` (target under 3 s for 1M events in release)
/// and the peak memory during the verification alone.
enum AuditBenchmark {
    static func run(arguments: [String]) async throws {
        let eventCount = try Options.int("--events", in: arguments, default: 1_000_000)
        let runCount = try Options.int("--runs", in: arguments, default: 10_000)
        let batchSize = try Options.int("--batch", in: arguments, default: 10)
        guard eventCount >= runCount * 2 else { throw BenchmarkError("--events must be at least twice --runs (begin and finish per run)") }

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("irun-bench-audit-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("audit.sqlite").path
        let store = try AuditDatabase.open(path: path)

        let start = ContinuousClock.now
        let (written, transactions, storeTime) = try await fill(store, events: eventCount, runs: runCount, batch: batchSize)
        let insertTime = ContinuousClock.now - start
        let size = ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) / (1024 * 1024)
        print("insert: \(written) events over \(runCount) runs in \(transactions) transactions, \(insertTime.milliseconds) ms → \(Int(Double(written) / insertTime.timeInterval)) events/s, \(Int(Double(transactions) / insertTime.timeInterval)) commits/s; file \(size) MiB (+ WAL)")
        print("  of which inside begin/append: \(storeTime.milliseconds) ms → \(Int(Double(written) / storeTime.timeInterval)) events/s")
        print("peak memory while inserting (VmHWM): \(WorldBenchmark.peakMemoryMiB()) MiB")

        // Reset the high-water mark, so the next figure is the verification's own.
        try? Data("5".utf8).write(to: URL(fileURLWithPath: "/proc/self/clear_refs"))
        let verifyStart = ContinuousClock.now
        let result = try await store.verifyChain()
        let verifyTime = ContinuousClock.now - verifyStart
        print("verify: \(result.isIntact ? "intact" : "BROKEN at \(result.firstBreak!.seq)"), \(result.eventsChecked) events in \(verifyTime.milliseconds) ms → \(Int(Double(result.eventsChecked) / verifyTime.timeInterval)) events/s (target < 3000 ms for 1M in release)")
        print("peak memory while verifying (VmHWM after reset): \(WorldBenchmark.peakMemoryMiB()) MiB")
    }

    /// Fills `store` with `events` events over `runs` runs (`bench-0`, `bench-1`, …, one second
    /// apart from 2026-01-01): each run begins, gets step-started / step-succeeded pairs with
    /// engine-like payloads appended `batch` at a time, and finishes.
    ///
    /// - Parameters:
    ///   - runbookText: The runbook text recorded with every run.
    ///   - action: The action named in step-started events.
    /// - Returns: Events written, transactions, and the time spent inside begin/append.
    static func fill(
        _ store: AuditDatabase, events eventCount: Int, runs runCount: Int, batch batchSize: Int,
        runbookText: String = "name: ec2-quarantine\n", action: String = "ec2.tag"
    ) async throws -> (written: Int, transactions: Int, storeTime: Duration) {
        var written = 0, transactions = 0
        var storeTime = Duration.zero  // inside begin/append only, without building the events
        let base = Date(timeIntervalSince1970: 1_767_225_600)
        for run in 0..<runCount {
            let id = "bench-\(run)"
            let perRun = eventCount / runCount + (run < eventCount % runCount ? 1 : 0)
            let time = base.addingTimeInterval(Double(run))
            let header = RunHeader(
                id: id, runbookName: "ec2-quarantine", runbookPath: "Runbooks/ec2-quarantine.yaml", runbookSHA256: String(repeating: "a", count: 64),
                runbookText: runbookText, parameters: ["instance": .string("i-\(run)")], mode: .live, provider: "mock",
                actor: "bench", startedAt: time)
            let startedEvent = RunEvent(
                runID: id, kind: .runStarted, time: time,
                payload: ["runbook": "ec2-quarantine", "mode": "live", "provider": "mock", "actor": "bench", "parameters": ["instance": .string("i-\(run)")]])
            let beginStart = ContinuousClock.now
            try await store.begin(header, with: startedEvent)
            storeTime += ContinuousClock.now - beginStart
            written += 1
            transactions += 1
            var batch: [RunEvent] = []
            batch.reserveCapacity(batchSize)
            for index in 1..<perRun {
                let step = "step-\(index / 2)"
                let event: RunEvent
                if index == perRun - 1 {
                    event = RunEvent(runID: id, kind: .runFinished, time: time, payload: ["status": "succeeded", "reason": "all steps done"])
                } else if index % 2 == 1 {
                    event = RunEvent(runID: id, kind: .stepStarted, time: time, step: step, attempt: 1,
                                     payload: ["action": .string(action), "inputs": ["instance": .string("i-\(run)"), "tags": ["quarantine": "true"]], "mutates": true])
                } else {
                    event = RunEvent(runID: id, kind: .stepSucceeded, time: time, step: step, attempt: 1,
                                     payload: ["outputs": ["tagged": .string("i-\(run)")]])
                }
                batch.append(event)
                if batch.count == batchSize || index == perRun - 1 {
                    let appendStart = ContinuousClock.now
                    try await store.append(batch)
                    storeTime += ContinuousClock.now - appendStart
                    written += batch.count
                    transactions += 1
                    batch.removeAll(keepingCapacity: true)
                }
            }
        }
        return (written, transactions, storeTime)
    }
}
