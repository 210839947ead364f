public import Providers
public import RunbookModel

/// How the engine runs a plan.
public struct ExecutionOptions: Sendable {
    /// The most steps running at once.
    public var maxConcurrency: Int
    /// Approve every approval gate up front (`--yes`), recorded as approved by ``actor``.
    public var autoApprove: Bool
    /// Who is running (and approving): recorded with the run and its approvals.
    public var actor: String
    /// The clock for back-off, timeouts, approval limits and `core.wait`.
    public var clock: any ProviderClock
    /// Seeds the back-off jitter, so game days repeat exactly.
    public var jitterSeed: UInt64
    /// Who this process's AWS calls act as (an assumed role's ARN), recorded when it resumes a
    /// run, since the process that resumes may hold another role than the one that started.
    public var actingAs: String?

    public init(maxConcurrency: Int = 8, autoApprove: Bool = false, actor: String, clock: any ProviderClock = SystemClock(), jitterSeed: UInt64 = 0x1D_EA) {
        self.maxConcurrency = max(1, maxConcurrency)
        self.autoApprove = autoApprove
        self.actor = actor
        self.clock = clock
        self.jitterSeed = jitterSeed
        self.actingAs = nil
    }
}

/// Where a step stands when a run ends or pauses.
public enum StepState: String, Hashable, Sendable, CaseIterable {
    case succeeded, failed, skipped
    /// Dry run: what it would do was recorded instead.
    case planned
    /// Its approval gate waits for a decision.
    case waiting
    case notRun = "not-run"
}

/// How a run ended (or paused), with what each step did.
public struct RunOutcome: Sendable {
    public var runID: String
    public var status: RunStatus
    /// Each step's final state by name.
    public var steps: [String: StepState]
    /// Steps waiting for an approval.
    public var waitingForApproval: [String]
    /// The first untolerated failure, as `step: CODE: message`.
    public var failure: String?

    public init(runID: String, status: RunStatus, steps: [String: StepState], waitingForApproval: [String], failure: String?) {
        self.runID = runID
        self.status = status
        self.steps = steps
        self.waitingForApproval = waitingForApproval
        self.failure = failure
    }
}

/// Receives each event as the engine records it (for live progress output).
public protocol RunObserver: Sendable {
    /// Called once per event, in order (what actions log arrives as `action-logged` events).
    func observe(_ event: RunEvent)
}
