public import Actions
import Foundation
public import Providers
public import RunbookModel

/// Runs plans: independent steps in parallel, every state change recorded through a
/// ``RunRecorder`` before it is acted on, so that a run survives a crash and can be resumed.
public struct Executor: Sendable {
    public let registry: ActionRegistry
    public let recorder: any RunRecorder
    public let providers: AWSProviders?
    public let options: ExecutionOptions
    public let observer: (any RunObserver)?
    public let interrupt: InterruptSignal

    /// Makes an executor.
    ///
    /// - Parameters:
    ///   - registry: The action implementations.
    ///   - recorder: Where events go (the audit store).
    ///   - providers: The AWS backend; `nil` for runbooks that do not call AWS.
    ///   - options: Concurrency, approvals, actor, clock.
    ///   - observer: Live progress, if any.
    ///   - interrupt: Set on Ctrl-C.
    public init(
        registry: ActionRegistry, recorder: any RunRecorder, providers: AWSProviders?, options: ExecutionOptions,
        observer: (any RunObserver)? = nil, interrupt: InterruptSignal = InterruptSignal()
    ) {
        self.registry = registry
        self.recorder = recorder
        self.providers = providers
        self.options = options
        self.observer = observer
        self.interrupt = interrupt
    }

    /// Starts a new run of `plan`.
    ///
    /// - Parameters:
    ///   - plan: The validated plan.
    ///   - header: The run's header; its parameters must already be redacted.
    ///   - parameters: The bound parameters in full (used to evaluate expressions, never stored).
    /// - Returns: How the run ended or paused.
    /// - Throws: If the audit store fails (the run stops; what was committed stays consistent).
    public func start(_ plan: Plan, header: RunHeader, parameters: [String: Value]) async throws -> RunOutcome {
        let started = RunEvent(runID: header.id, time: options.clock.now, .runStarted(header.started))
        try await recorder.begin(header, with: started)
        observer?.observe(started)
        return try await drive(plan, header: header, parameters: parameters, state: RunState())
    }

    /// Continues a stored run that is interrupted, waiting for approval, or was cut off by a crash.
    ///
    /// Steps that finished are not run again. A mutating step that was started but not recorded
    /// as finished is reconciled first: the action re-reads the world and either confirms the
    /// change (recorded as succeeded) or runs again, idempotently.
    ///
    /// The run is claimed first (``RunRecorder/claim(_:)``), so no other process drives it at
    /// the same time, and read again once claimed: what was recorded up to then (an approval
    /// from another terminal, the end of the run) is what this process continues from.
    ///
    /// - Parameters:
    ///   - stored: The run as the audit store has it.
    ///   - plan: The plan of the runbook text recorded with the run.
    ///   - parameters: The run's parameters in full (secret ones supplied again by the caller).
    /// - Returns: How the run ended or paused.
    /// - Throws: ``ResumeError`` if the run already ended; the store's error if it fails or
    ///   another live process drives the run.
    public func resume(_ stored: StoredRun, plan: Plan, parameters: [String: Value]) async throws -> RunOutcome {
        let stored = try await recorder.takeUp(stored, what: "run", options: options, observer: observer)
        return try await drive(plan, header: stored.header, parameters: parameters, state: try RunState(replaying: stored.events, plan: plan))
    }

    private func drive(_ plan: Plan, header: RunHeader, parameters: [String: Value], state: RunState) async throws -> RunOutcome {
        let journal = EventJournal(recorder: recorder, observer: observer)
        let (outcome, end) = try await options.clock.fork { [self] in
            var driver = RunDriver(
                plan: plan, header: header, parameters: parameters, registry: registry, providers: providers, options: options,
                journal: journal, observer: observer, interrupt: interrupt, state: state
            )
            return try await driver.run()
        }
        options.clock.join(end)
        return outcome
    }
}

/// A run that cannot be resumed.
public struct ResumeError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
