public import Foundation

/// How a run touches the world.
public enum RunMode: String, Hashable, Sendable, Codable, CaseIterable {
    /// Real changes through the chosen provider.
    case live
    /// Reads only; mutating steps record what they would do.
    case dryRun = "dry-run"
    /// A rehearsal against a simulated world.
    case gameday
    /// An execution of the runbook's compiled state machine, imported by `irun sfn import`.
    case stepFunctions = "step-functions"
}

/// Where a run stands.
public enum RunStatus: String, Hashable, Sendable, Codable, CaseIterable {
    case running
    case waitingApproval = "waiting-approval"
    case interrupted
    case succeeded
    case failed
    /// Failed, and the undo of its completed mutating steps ran.
    case compensated

    /// Whether the run can still continue (by `irun resume` or an approval).
    public var isOpen: Bool { self == .running || self == .waitingApproval || self == .interrupted }
}

/// What is known of a run when it starts: which runbook (its exact text), with what, by whom.
public struct RunHeader: Hashable, Sendable, Codable {
    public var id: String
    /// The runbook's `name`.
    public var runbookName: String
    /// The file it came from, as given.
    public var runbookPath: String
    /// SHA-256 of the runbook text, lowercase hex.
    public var runbookSHA256: String
    /// The runbook text itself, so a resume runs exactly what started and a report can show it.
    public var runbookText: String
    /// Bound parameters, with secret ones already replaced by `"[redacted]"`.
    public var parameters: [String: Value]
    public var mode: RunMode
    /// `mock` or `aws` (with the region), never credentials.
    public var provider: String
    /// Who started it.
    public var actor: String
    public var startedAt: Date
    /// The fleet run this run belongs to, if any.
    public var parentRunID: String?
    /// Who the run's AWS calls were signed as, when irun assumed a role or used the instance
    /// profile: the assumed role's ARN from STS's answer, or `instance profile role NAME`. Never keys.
    public var actingAs: String?
    /// Whether the run's changes wait for a responder: its first step that would change
    /// something asks for approval, and no step changes anything until it is granted (a run
    /// `irun serve` starts in approval mode, or past a blast-radius breaker).
    public var changesNeedApproval: Bool

    public init(
        id: String, runbookName: String, runbookPath: String, runbookSHA256: String, runbookText: String,
        parameters: [String: Value], mode: RunMode, provider: String, actor: String, startedAt: Date, parentRunID: String? = nil,
        actingAs: String? = nil, changesNeedApproval: Bool = false
    ) {
        self.id = id
        self.runbookName = runbookName
        self.runbookPath = runbookPath
        self.runbookSHA256 = runbookSHA256
        self.runbookText = runbookText
        self.parameters = parameters
        self.mode = mode
        self.provider = provider
        self.actor = actor
        self.startedAt = startedAt
        self.parentRunID = parentRunID
        self.actingAs = actingAs
        self.changesNeedApproval = changesNeedApproval
    }

    /// The details of the run's `run-started` event: what the chain holds about how it began.
    public var started: RunStarted {
        RunStarted(runbook: runbookName, sha256: runbookSHA256, mode: mode, provider: provider, actor: actor, parameters: parameters, actingAs: actingAs,
                   changesNeedApproval: changesNeedApproval ? true : nil)
    }

    /// The value stored for secret parameters.
    public static let redacted: Value = "[redacted]"
}

/// An evidence artifact: content a step preserved, such as an instance description.
public struct EvidenceArtifact: Hashable, Sendable, Codable {
    public var runID: String
    public var step: String?
    /// A short name, unique within the run, such as `instance-description`.
    public var name: String
    /// What it is, such as `ec2-instance-description` (JSON) or `log`.
    public var kind: String
    /// `application/json`, `text/plain`, …
    public var mediaType: String
    public var content: Data
    public var time: Date

    public init(runID: String, step: String?, name: String, kind: String, mediaType: String, content: Data, time: Date) {
        self.runID = runID
        self.step = step
        self.name = name
        self.kind = kind
        self.mediaType = mediaType
        self.content = content
        self.time = time
    }
}

/// A run as stored: its header, where it stands, and every event in order.
public struct StoredRun: Hashable, Sendable {
    public var header: RunHeader
    public var status: RunStatus
    public var events: [RunEvent]

    public init(header: RunHeader, status: RunStatus, events: [RunEvent]) {
        self.header = header
        self.status = status
        self.events = events
    }
}
