public import Foundation

/// What an event says, typed: one Codable payload per ``RunEvent/Kind``.
///
/// The engine records events through these types and a resume reads them back through them,
/// so neither builds nor parses payload dictionaries by hand. Their coding keys are the payload
/// keys the chain has always stored: an event made from details has exactly the payload (and
/// so the canonical bytes and hash) it had before the types existed.
public enum RunEventDetails: Hashable, Sendable {
    case runStarted(RunStarted)
    case runResumed(RunResumed)
    case runWaiting(RunWaiting)
    case runInterrupted(RunEnded)
    case runFinished(RunEnded)
    case runTakenOver(RunTakenOver)
    case stepStarted(StepStarted)
    case stepRetrying(StepError)
    case stepSucceeded(StepOutputs)
    case stepFailed(StepFailed)
    case stepSkipped(StepSkipped)
    case stepDecided(StepDecided)
    case stepPlanned(StepPlanned)
    case stepReconciled(StepReconciled)
    case approvalRequested(ApprovalRequested)
    case approvalGranted(ApprovalDecided)
    case approvalDenied(ApprovalDecided)
    case compensationStarted(StepNames)
    case undoStarted
    case undoSucceeded(StepOutputs)
    case undoFailed(StepError)
    case evidenceRecorded(EvidenceRecorded)
    case actionLogged(ActionLogged)
    case findingReceived(FindingReceived)
    case findingDecided(FindingDecided)

    /// The kind of event these details belong to.
    public var kind: RunEvent.Kind {
        switch self {
        case .runStarted: .runStarted
        case .runResumed: .runResumed
        case .runWaiting: .runWaiting
        case .runInterrupted: .runInterrupted
        case .runFinished: .runFinished
        case .runTakenOver: .runTakenOver
        case .stepStarted: .stepStarted
        case .stepRetrying: .stepRetrying
        case .stepSucceeded: .stepSucceeded
        case .stepFailed: .stepFailed
        case .stepSkipped: .stepSkipped
        case .stepDecided: .stepDecided
        case .stepPlanned: .stepPlanned
        case .stepReconciled: .stepReconciled
        case .approvalRequested: .approvalRequested
        case .approvalGranted: .approvalGranted
        case .approvalDenied: .approvalDenied
        case .compensationStarted: .compensationStarted
        case .undoStarted: .undoStarted
        case .undoSucceeded: .undoSucceeded
        case .undoFailed: .undoFailed
        case .evidenceRecorded: .evidenceRecorded
        case .actionLogged: .actionLogged
        case .findingReceived: .findingReceived
        case .findingDecided: .findingDecided
        }
    }

    /// The payload as its Codable type (`nil` for `undo-started`, which says nothing more).
    public var body: (any Codable & Sendable)? {
        switch self {
        case .runStarted(let body): body
        case .runResumed(let body): body
        case .runWaiting(let body): body
        case .runInterrupted(let body), .runFinished(let body): body
        case .runTakenOver(let body): body
        case .stepStarted(let body): body
        case .stepRetrying(let body), .undoFailed(let body): body
        case .stepSucceeded(let body), .undoSucceeded(let body): body
        case .stepFailed(let body): body
        case .stepSkipped(let body): body
        case .stepDecided(let body): body
        case .stepPlanned(let body): body
        case .stepReconciled(let body): body
        case .approvalRequested(let body): body
        case .approvalGranted(let body), .approvalDenied(let body): body
        case .compensationStarted(let body): body
        case .undoStarted: nil
        case .evidenceRecorded(let body): body
        case .actionLogged(let body): body
        case .findingReceived(let body): body
        case .findingDecided(let body): body
        }
    }

    /// The payload object the chain stores.
    public var payload: Value {
        // The kinds every step records are built directly (a test checks they equal the Codable form).
        switch self {
        case .stepStarted(let body): return ["action": .string(body.action), "inputs": .object(body.inputs), "mutates": .bool(body.mutates)]
        case .stepSucceeded(let body), .undoSucceeded(let body): return ["outputs": .object(body.outputs)]
        case .undoStarted: return [:]
        default:
            // The payload types hold strings, numbers, lists and values only: encoding them cannot fail.
            guard let body, let value = try? ValueEncoder().encode(body) else { return [:] }
            return value
        }
    }

    /// Reads the details of a recorded event.
    ///
    /// - Parameters:
    ///   - kind: The event's kind.
    ///   - payload: Its payload.
    /// - Throws: `DecodingError` naming the key when the payload does not have the kind's shape.
    public init(kind: RunEvent.Kind, payload: Value) throws {
        let data = Data(payload.json.utf8)
        let decoder = JSONDecoder()
        func decoded<Body: Decodable>(_ type: Body.Type) throws -> Body { try decoder.decode(type, from: data) }
        self = switch kind {
        case .runStarted: .runStarted(try decoded(RunStarted.self))
        case .runResumed: .runResumed(try decoded(RunResumed.self))
        case .runWaiting: .runWaiting(try decoded(RunWaiting.self))
        case .runInterrupted: .runInterrupted(try decoded(RunEnded.self))
        case .runFinished: .runFinished(try decoded(RunEnded.self))
        case .runTakenOver: .runTakenOver(try decoded(RunTakenOver.self))
        case .stepStarted: .stepStarted(try decoded(StepStarted.self))
        case .stepRetrying: .stepRetrying(try decoded(StepError.self))
        case .stepSucceeded: .stepSucceeded(try decoded(StepOutputs.self))
        case .stepFailed: .stepFailed(try decoded(StepFailed.self))
        case .stepSkipped: .stepSkipped(try decoded(StepSkipped.self))
        case .stepDecided: .stepDecided(try decoded(StepDecided.self))
        case .stepPlanned: .stepPlanned(try decoded(StepPlanned.self))
        case .stepReconciled: .stepReconciled(try decoded(StepReconciled.self))
        case .approvalRequested: .approvalRequested(try decoded(ApprovalRequested.self))
        case .approvalGranted: .approvalGranted(try decoded(ApprovalDecided.self))
        case .approvalDenied: .approvalDenied(try decoded(ApprovalDecided.self))
        case .compensationStarted: .compensationStarted(try decoded(StepNames.self))
        case .undoStarted: .undoStarted
        case .undoSucceeded: .undoSucceeded(try decoded(StepOutputs.self))
        case .undoFailed: .undoFailed(try decoded(StepError.self))
        case .evidenceRecorded: .evidenceRecorded(try decoded(EvidenceRecorded.self))
        case .actionLogged: .actionLogged(try decoded(ActionLogged.self))
        case .findingReceived: .findingReceived(try decoded(FindingReceived.self))
        case .findingDecided: .findingDecided(try decoded(FindingDecided.self))
        }
    }
}

extension EvidenceArtifact {
    /// The `evidence-recorded` event that records this artifact under its content's SHA-256.
    ///
    /// - Parameter sha256: The SHA-256 of ``content``, lowercase hex.
    /// - Returns: The event.
    public func recordedEvent(sha256: String) -> RunEvent {
        RunEvent(runID: runID, time: time, step: step, .evidenceRecorded(EvidenceRecorded(artifact: name, kind: kind, sha256: sha256, size: content.count)))
    }
}

extension RunEvent {
    /// An event from typed details; its kind is theirs.
    ///
    /// - Parameters:
    ///   - runID: The run.
    ///   - time: When it happened.
    ///   - step: The step concerned, if any.
    ///   - attempt: The attempt, for step events.
    ///   - details: What happened.
    public init(runID: String, time: Date, step: String? = nil, attempt: Int? = nil, _ details: RunEventDetails) {
        self.init(runID: runID, kind: details.kind, time: time, step: step, attempt: attempt, payload: details.payload)
    }

    /// The event's details, typed.
    ///
    /// - Throws: `DecodingError` when the payload does not have the shape of its kind.
    public func details() throws -> RunEventDetails { try RunEventDetails(kind: kind, payload: payload) }
}

// MARK: - Payloads

/// `run-started`: what ran, how, against what, started by whom.
public struct RunStarted: Codable, Hashable, Sendable {
    public var runbook: String
    public var sha256: String
    public var mode: RunMode
    public var provider: String
    public var actor: String
    /// Bound parameters, secrets already redacted.
    public var parameters: [String: Value]
    /// Who the AWS calls act as (an assumed role's ARN), when irun assumed one.
    public var actingAs: String?
    /// A fleet's plan (targets, limits, pacing), on a fleet's parent only.
    public var fleet: Value?
    /// `true` when the run's changes wait for a responder (``RunHeader/changesNeedApproval``).
    public var changesNeedApproval: Bool?

    public init(runbook: String, sha256: String, mode: RunMode, provider: String, actor: String, parameters: [String: Value], actingAs: String? = nil, fleet: Value? = nil,
                changesNeedApproval: Bool? = nil) {
        self.runbook = runbook
        self.sha256 = sha256
        self.mode = mode
        self.provider = provider
        self.actor = actor
        self.parameters = parameters
        self.actingAs = actingAs
        self.fleet = fleet
        self.changesNeedApproval = changesNeedApproval
    }
}

/// `run-resumed`: who continued the run, acting as whom.
public struct RunResumed: Codable, Hashable, Sendable {
    public var actor: String
    public var actingAs: String?
    public init(actor: String, actingAs: String? = nil) {
        self.actor = actor
        self.actingAs = actingAs
    }
}

/// `run-waiting-approval`: the steps whose gates wait.
public struct RunWaiting: Codable, Hashable, Sendable {
    public var steps: [String]
    public init(steps: [String]) { self.steps = steps }
}

/// One target of a fleet in its parent's closing event.
public struct FleetChild: Codable, Hashable, Sendable {
    public var instance: String
    /// The child run, or `nil` (recorded as `null`) when the target was never started.
    public var run: String?
    /// The child's status, or `not-started`.
    public var status: String

    public init(instance: String, run: String?, status: String) {
        self.instance = instance
        self.run = run
        self.status = status
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(instance, forKey: .instance)
        try container.encode(run, forKey: .run)
        try container.encode(status, forKey: .status)
    }
}

/// `run-finished` and `run-interrupted`: how the run ended; a fleet's parent adds its targets.
public struct RunEnded: Codable, Hashable, Sendable {
    /// The final status (`run-finished` always has one; `run-interrupted` of a single run has none).
    public var status: RunStatus?
    /// Why it did not succeed: the first untolerated failure, or a fleet's counts.
    public var reason: String?
    public var targets: Int?
    public var counts: [String: Int]?
    public var children: [FleetChild]?
    public var throttledCalls: Int?
    /// Calls sent per service.
    public var calls: [String: Int]?

    public init(
        status: RunStatus? = nil, reason: String? = nil, targets: Int? = nil, counts: [String: Int]? = nil, children: [FleetChild]? = nil,
        throttledCalls: Int? = nil, calls: [String: Int]? = nil
    ) {
        self.status = status
        self.reason = reason
        self.targets = targets
        self.counts = counts
        self.children = children
        self.throttledCalls = throttledCalls
        self.calls = calls
    }
}

/// `run-taken-over`: a process took over a run whose driver was gone.
public struct RunTakenOver: Codable, Hashable, Sendable {
    /// Why the lease was free: `owner-exited` or `heartbeat-expired`.
    public var reason: String
    public var previousHost: String
    public var previousPid: Int
    public var previousActor: String
    public var host: String
    public var pid: Int
    public var actor: String

    public init(reason: String, previousHost: String, previousPid: Int, previousActor: String, host: String, pid: Int, actor: String) {
        self.reason = reason
        self.previousHost = previousHost
        self.previousPid = previousPid
        self.previousActor = previousActor
        self.host = host
        self.pid = pid
        self.actor = actor
    }
}

/// `step-started`: the action and the inputs of an attempt.
public struct StepStarted: Codable, Hashable, Sendable {
    public var action: String
    public var inputs: [String: Value]
    /// Whether the action changes the world (a mutating step is reconciled after a crash).
    public var mutates: Bool
    public init(action: String, inputs: [String: Value], mutates: Bool) {
        self.action = action
        self.inputs = inputs
        self.mutates = mutates
    }
}

/// `step-retrying` and `undo-failed`: an error, and for a retry the wait before the next attempt.
public struct StepError: Codable, Hashable, Sendable {
    public var code: String
    public var message: String
    public var delayMs: Int?
    public init(code: String, message: String, delayMs: Int? = nil) {
        self.code = code
        self.message = message
        self.delayMs = delayMs
    }
}

/// `step-succeeded` and `undo-succeeded`: the action's outputs.
public struct StepOutputs: Codable, Hashable, Sendable {
    public var outputs: [String: Value]
    public init(outputs: [String: Value]) { self.outputs = outputs }
}

/// `step-failed`: the error, and whether the step's policy tolerates it.
public struct StepFailed: Codable, Hashable, Sendable {
    public var code: String
    public var message: String
    public var tolerated: Bool
    public init(code: String, message: String, tolerated: Bool) {
        self.code = code
        self.message = message
        self.tolerated = tolerated
    }
}

/// `step-skipped`: why, for people (`reason`) and for a resume (`reasonCode`, `cause`).
public struct StepSkipped: Codable, Hashable, Sendable {
    public var reason: String
    /// ``PlanScheduler/SkipReason/code``; absent in events recorded before codes existed.
    public var reasonCode: String?
    /// The step the reason names (a decision, a failed dependency).
    public var cause: String?
    public init(reason: String, reasonCode: String?, cause: String? = nil) {
        self.reason = reason
        self.reasonCode = reasonCode
        self.cause = cause
    }
}

/// `step-decided`: the branch taken (1-based; 0 when none held) and the steps it chose.
public struct StepDecided: Codable, Hashable, Sendable {
    public var branch: Int
    public var chosen: [String]
    public init(branch: Int, chosen: [String]) {
        self.branch = branch
        self.chosen = chosen
    }
}

/// `step-planned`: a dry run's inputs and what the step would do.
public struct StepPlanned: Codable, Hashable, Sendable {
    public var inputs: [String: Value]
    public var wouldDo: Value
    public init(inputs: [String: Value], wouldDo: Value) {
        self.inputs = inputs
        self.wouldDo = wouldDo
    }
}

/// `step-reconciled`: what a resume found of a mutating step a crash cut off.
public struct StepReconciled: Codable, Hashable, Sendable {
    public enum Outcome: String, Codable, Hashable, Sendable {
        /// The change was made: recorded as succeeded with these outputs.
        case completed
        /// It was not: the step runs again.
        case notDone = "not-done"
    }

    public var outcome: Outcome
    public var outputs: [String: Value]?
    public init(outcome: Outcome, outputs: [String: Value]? = nil) {
        self.outcome = outcome
        self.outputs = outputs
    }
}

/// `approval-requested`: the question, and how long it may wait.
public struct ApprovalRequested: Codable, Hashable, Sendable {
    public var message: String
    public var timeout: String?
    /// `true` when this gate holds every change of the run (``RunHeader/changesNeedApproval``), not only its step.
    public var changes: Bool?
    public init(message: String, timeout: String? = nil, changes: Bool? = nil) {
        self.message = message
        self.timeout = timeout
        self.changes = changes
    }
}

/// `approval-granted` and `approval-denied`: who decided, and why.
public struct ApprovalDecided: Codable, Hashable, Sendable {
    public var actor: String
    public var reason: String
    public init(actor: String, reason: String) {
        self.actor = actor
        self.reason = reason
    }
}

/// `compensation-started`: the steps to undo, newest first.
public struct StepNames: Codable, Hashable, Sendable {
    public var steps: [String]
    public init(steps: [String]) { self.steps = steps }
}

/// `evidence-recorded`: the artifact stored, with its hash.
public struct EvidenceRecorded: Codable, Hashable, Sendable {
    public var artifact: String
    public var kind: String
    public var sha256: String
    public var size: Int
    public init(artifact: String, kind: String, sha256: String, size: Int) {
        self.artifact = artifact
        self.kind = kind
        self.sha256 = sha256
        self.size = size
    }
}

/// `action-logged`: what an action said while it worked.
public struct ActionLogged: Codable, Hashable, Sendable {
    public var level: LogLevel
    public var message: String
    public init(level: LogLevel, message: String) {
        self.level = level
        self.message = message
    }
}

/// `finding-received`: a delivery of a finding `irun serve` accepted; its raw event is the evidence artifact `artifact`.
public struct FindingReceived: Codable, Hashable, Sendable {
    /// EventBridge's event id.
    public var delivery: String
    public var artifact: String
    public var finding: Finding

    public init(delivery: String, artifact: String, finding: Finding) {
        self.delivery = delivery
        self.artifact = artifact
        self.finding = finding
    }
}

/// `finding-decided`: what `irun serve` did with a finding, and why.
public struct FindingDecided: Codable, Hashable, Sendable {
    /// The finding's key.
    public var finding: String
    public var decision: FindingDecision
    /// The rule that matched, if one did.
    public var rule: String?
    public var runbook: String?
    /// The run started for it, or the one it joined.
    public var run: String?
    /// Why, for a reader: "breaker 'overall' at 20 automatic containments in 10m".
    public var reason: String

    public init(finding: String, decision: FindingDecision, rule: String? = nil, runbook: String? = nil, run: String? = nil, reason: String) {
        self.finding = finding
        self.decision = decision
        self.rule = rule
        self.runbook = runbook
        self.run = run
        self.reason = reason
    }
}
