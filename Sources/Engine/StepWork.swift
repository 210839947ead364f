import Actions
import Foundation
import Providers
import RunbookModel

/// One action step handed to a child task: its attempts with retries, back-off and timeouts.
///
/// It records its own `step-started` / `step-retrying` / `step-reconciled` / `step-planned`
/// events; the run's owning task records the final result.
struct StepWork: Sendable {
    enum Result: Sendable {
        case succeeded(outputs: [String: Value], mutated: Bool)
        case planned(outputs: [String: Value])
        case failed(StepFailure)
    }

    struct Finished: Sendable {
        var index: Int
        var inputs: [String: Value]
        var result: Result
        /// When the step ended on its own timeline (simulated clocks give each step one).
        var end: Date
    }

    let index: Int
    let step: Step
    let action: any ActionImplementation
    let inputs: [String: Value]
    let mode: RunMode
    let runID: String
    /// The attempt number to start at (above 1 when a resume continues a step).
    let firstAttempt: Int
    /// Set on resume for a mutating step that was started but not finished: reconcile first.
    let reconcileFirst: Bool
    let providers: AWSProviders?
    let clock: any ProviderClock
    let journal: EventJournal
    let observer: (any RunObserver)?
    let jitterSeed: UInt64
    let recorder: any RunRecorder
    /// When the step may begin: the end of the last step it waited for.
    let startAt: Date

    func execute() async -> Finished {
        let (result, end) = await clock.fork(at: startAt) { await attempts() }
        return Finished(index: index, inputs: inputs, result: result, end: end)
    }

    private var mutates: Bool { action.signature.mutates }

    private func attempts() async -> Result {
        if reconcileFirst {
            do {
                switch try await action.reconcile(context(attempt: firstAttempt - 1, clock: clock)) {
                case .completed(let outputs):
                    try await journal.recordDurably([event(attempt: firstAttempt - 1, .stepReconciled(StepReconciled(outcome: .completed, outputs: outputs)))])
                    return .succeeded(outputs: outputs, mutated: true)
                case .notDone:
                    journal.record(event(attempt: firstAttempt - 1, .stepReconciled(StepReconciled(outcome: .notDone))))
                }
            } catch {
                return .failed(StepFailure(error))
            }
        }
        let policy = step.retry ?? RetryPolicy(attempts: 3)
        let explicit = step.retry != nil
        var attempt = firstAttempt
        var random = SeededRandom(seed: jitterSeed ^ stableHash(step.name) ^ UInt64(attempt))
        while true {
            journal.record(event(attempt: attempt, .stepStarted(StepStarted(action: action.signature.name, inputs: inputs, mutates: mutates))))
            do {
                if mode == .dryRun && mutates {
                    let outputs = try await action.plan(context(attempt: attempt, clock: clock))
                    journal.record(event(attempt: attempt, .stepPlanned(StepPlanned(inputs: inputs, wouldDo: outputs["wouldDo"] ?? .null))))
                    return .planned(outputs: outputs)
                }
                // The durability point: the start of a mutating call is committed before it is made.
                if mutates { try await journal.flush() }
                let outputs = try await runAttempt(attempt)
                return .succeeded(outputs: outputs, mutated: mutates)
            } catch {
                let failure = StepFailure(error)
                let retryable = failure.isRetryable || policy.retryOn.contains(failure.code)
                let attemptsAllowed = explicit || failure.isRetryable ? policy.attempts : 1
                guard attempt < attemptsAllowed, retryable, failure.code != "Cancelled" else { return .failed(failure) }
                let base = policy.delay(after: attempt - firstAttempt + 1).duration
                let delay = policy.jitter == .full ? Duration.interval(base.timeInterval * random.nextUnit()) : base
                journal.record(event(attempt: attempt, .stepRetrying(StepError(code: failure.code, message: failure.message, delayMs: Int(delay.timeInterval * 1000)))))
                do { try await clock.sleep(for: delay) } catch { return .failed(StepFailure(error)) }
                attempt += 1
            }
        }
    }

    /// One attempt, limited by the step's timeout if it has one.
    private func runAttempt(_ attempt: Int) async throws -> [String: Value] {
        guard let timeout = step.timeout?.duration else {
            return try await action.run(context(attempt: attempt, clock: clock))
        }
        let deadline = clock.now.addingTimeInterval(timeout.timeInterval)
        let limited = DeadlineClock(base: clock, deadline: deadline, limit: timeout)
        let context = context(attempt: attempt, clock: limited)
        if clock.advancesInstantly { return try await action.run(context) }
        let clock = clock, action = action
        return try await withThrowingTaskGroup(of: [String: Value].self) { group in
            group.addTask { try await action.run(context) }
            group.addTask {
                try await clock.sleep(until: deadline)
                throw StepTimeout(limit: timeout)
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }

    private func context(attempt: Int, clock: any ProviderClock) -> ActionContext {
        let journal = journal, runID = runID, name = step.name
        return ActionContext(
            runID: runID, step: name, attempt: attempt, mode: mode, inputs: inputs, providers: providers, clock: clock,
            recordEvidence: { artifactName, kind, mediaType, content in
                try await journal.recordEvidence(EvidenceArtifact(runID: runID, step: name, name: artifactName, kind: kind, mediaType: mediaType, content: content, time: clock.now))
            },
            log: { level, message in
                journal.record(RunEvent(runID: runID, time: clock.now, step: name, attempt: attempt, .actionLogged(ActionLogged(level: level, message: message))))
            },
            runHistory: { [recorder] id in try await recorder.run(id) }
        )
    }

    private func event(attempt: Int?, _ details: RunEventDetails) -> RunEvent {
        RunEvent(runID: runID, time: clock.now, step: step.name, attempt: attempt, details)
    }
}

/// SplitMix64 for back-off jitter: seeded per step, so a game day repeats exactly.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func nextUnit() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
    }
}

/// A hash of a name that is the same in every process.
func stableHash(_ text: String) -> UInt64 {
    text.utf8.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
}
