public import Foundation

/// One state change of a run: the unit of the audit trail.
///
/// Each kind's payload has a Codable type (``RunEventDetails``): make events from details with
/// ``init(runID:time:step:attempt:_:)`` and read them back with ``details()``; the keys listed
/// below are those types' coding keys.
///
/// The engine emits events through a ``RunRecorder``; the audit store appends each to its
/// hash-chained, append-only table and keeps its run, step, approval and evidence tables in
/// step with them. Events are the source of truth: a run can be rebuilt from its events alone.
public struct RunEvent: Hashable, Sendable, Codable {
    /// What happened.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// The run began. Payload: `runbook`, `sha256`, `mode`, `provider`, `actor`, `parameters` (secrets redacted).
        case runStarted = "run-started"
        /// A stopped run was picked up again by `irun resume`. Payload: `actor`.
        case runResumed = "run-resumed"
        /// The run paused for an approval. Payload: `steps` (waiting step names).
        case runWaiting = "run-waiting-approval"
        /// The run stopped on Ctrl-C; in-flight calls finished first.
        case runInterrupted = "run-interrupted"
        /// The run ended. Payload: `status` (`succeeded`, `failed`, `compensated`), `reason`.
        case runFinished = "run-finished"
        /// An attempt of a step began. Payload: `action`, `inputs`, `mutates`.
        case stepStarted = "step-started"
        /// An attempt failed and will be retried. Payload: `code`, `message`, `delayMs`.
        case stepRetrying = "step-retrying"
        /// The step succeeded. Payload: `outputs`.
        case stepSucceeded = "step-succeeded"
        /// The step failed for good. Payload: `code`, `message`, `tolerated`.
        case stepFailed = "step-failed"
        /// The step did not run. Payload: `reason`.
        case stepSkipped = "step-skipped"
        /// A decision chose its branch. Payload: `branch`, `chosen` (step names).
        case stepDecided = "step-decided"
        /// Dry run: what a mutating step would do, instead of doing it. Payload: `inputs`, `wouldDo`.
        case stepPlanned = "step-planned"
        /// On resume, a mutating step found started but not finished was checked against the provider.
        /// Payload: `outcome` (`completed` or `not-done`), `outputs`.
        case stepReconciled = "step-reconciled"
        /// A step waits for a human. Payload: `message`.
        case approvalRequested = "approval-requested"
        /// Payload: `actor`, `reason`.
        case approvalGranted = "approval-granted"
        /// Payload: `actor`, `reason`.
        case approvalDenied = "approval-denied"
        /// A failure with `on-failure: compensate` began undoing. Payload: `steps` (in undo order).
        case compensationStarted = "compensation-started"
        /// The undo of a completed mutating step began.
        case undoStarted = "undo-started"
        /// Payload: `outputs`.
        case undoSucceeded = "undo-succeeded"
        /// Payload: `code`, `message`.
        case undoFailed = "undo-failed"
        /// An evidence artifact was stored. Payload: `artifact`, `kind`, `sha256`, `size`.
        case evidenceRecorded = "evidence-recorded"
        /// Another process took over a run whose driver was gone. Payload: `reason`
        /// (`owner-exited`, `heartbeat-expired`), `previousHost`, `previousPid`, `previousActor`, `host`, `pid`, `actor`.
        case runTakenOver = "run-taken-over"
        /// An action said something while it worked (a warning, a note). Payload: `level`, `message`.
        case actionLogged = "action-logged"
        /// `irun serve` accepted a delivery of a finding (its raw event is an evidence artifact).
        /// Payload: `delivery`, `artifact`, `finding` (source, key, type, severity, account, region, instance…).
        case findingReceived = "finding-received"
        /// `irun serve` decided what to do with a finding. Payload: `finding` (its key), `decision`,
        /// `rule`, `runbook`, `run` (the run started, or joined), `reason`.
        case findingDecided = "finding-decided"
    }

    public var runID: String
    public var kind: Kind
    public var time: Date
    /// The step concerned, if any.
    public var step: String?
    /// The attempt number (1-based) for step events.
    public var attempt: Int?
    /// Details; always an object, JSON-shaped. Never holds secrets or credentials.
    public var payload: Value

    public init(runID: String, kind: Kind, time: Date, step: String? = nil, attempt: Int? = nil, payload: Value = [:]) {
        self.runID = runID
        self.kind = kind
        self.time = time
        self.step = step
        self.attempt = attempt
        self.payload = payload
    }
}

extension [RunEvent] {
    /// The steps asking for approval and not yet decided, in the order they asked.
    public var stepsWaitingForApproval: [String] {
        var waiting: [String] = []
        for event in self {
            guard let step = event.step else { continue }
            switch event.kind {
            case .approvalRequested: if !waiting.contains(step) { waiting.append(step) }
            case .approvalGranted, .approvalDenied: waiting.removeAll { $0 == step }
            default: break
            }
        }
        return waiting
    }
}
