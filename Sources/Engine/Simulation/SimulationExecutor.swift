import Foundation

/// Runs every task of a simulated run one job at a time, in the order the jobs became ready,
/// on one thread of its own: the interleaving of parallel steps no longer depends on the
/// machine's cores or load, so a seed replays exactly.
///
/// It is both the serial executor and the task executor the run's tasks prefer (SE-0417):
/// child tasks inherit the preference, and default actors (the simulated account, the pacing
/// gate) run their methods on it too. Work that completes elsewhere — a database write — would
/// resume at a moment the runtime picks, so a simulated run records into a
/// ``SimulationRecorder``, which never suspends. Real AWS runs never use this executor.
public final class SimulationExecutor: SerialExecutor, TaskExecutor, @unchecked Sendable {
    // @unchecked: `condition` guards `jobs` and `stopped`, the only mutable state.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopped = false
    /// The run's time, moved on only when no job is ready.
    private let clock: SimulationClock?

    private init(clock: SimulationClock?) { self.clock = clock }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    public func asUnownedSerialExecutor() -> UnownedSerialExecutor { UnownedSerialExecutor(ordinary: self) }

    /// Runs `body`, and every task and default-actor call it makes, on a fresh executor.
    ///
    /// - Parameters:
    ///   - clock: The run's clock: when every task is blocked, its next sleeper wakes. All the
    ///     run's work must stay on the executor (a recorder that never suspends), or time would
    ///     move on while a write elsewhere is pending.
    ///   - body: The simulated run.
    /// - Returns: What `body` returned.
    /// - Throws: What `body` threw.
    public static func run<Result: Sendable>(clock: SimulationClock? = nil, _ body: @escaping @Sendable () async throws -> Result) async throws -> Result {
        let executor = SimulationExecutor(clock: clock)
        let thread = Thread { executor.drain() }
        thread.name = "irun-simulation"
        thread.start()
        defer { executor.stop() }
        return try await Task(executorPreference: executor) { try await body() }.value
    }

    /// Runs the jobs in the order they were enqueued: all those waiting, then those they enqueued, and so on.
    private func drain() {
        let serial = asUnownedSerialExecutor(), preferred = asUnownedTaskExecutor()
        var batch: [UnownedJob] = []
        while true {
            condition.lock()
            while jobs.isEmpty && !stopped {
                // Every task is blocked: time moves to the next sleeper, which makes a job ready.
                if let clock {
                    condition.unlock()
                    let woke = clock.wakeNext()
                    condition.lock()
                    if woke || !jobs.isEmpty || stopped { continue }
                }
                condition.wait()
            }
            if jobs.isEmpty {
                condition.unlock()
                return
            }
            swap(&batch, &jobs)
            condition.unlock()
            for job in batch { job.runSynchronously(isolatedTo: serial, taskExecutor: preferred) }
            batch.removeAll(keepingCapacity: true)
        }
    }

    private func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }
}
