public import Foundation
public import AuditStore
public import RunbookModel

/// Everything a post-incident review needs about one run, read from the audit database at one
/// moment: what ran, with what, by whom; every event; the graph with each step's outcome; the
/// evidence and its hashes; approvals; what changed and how to undo it; and whether the audit
/// trail verifies.
///
/// Build one with ``load(run:from:options:)``; render it with ``ReportExporter``.
public struct RunReport: Sendable {
    /// The run as started (parameters already redacted).
    public var header: RunHeader
    /// Where it stands.
    public var status: RunStatus
    /// When it ended, if it did.
    public var finishedAt: Date?
    /// Its events with their place in the chain.
    public var events: [RecordedEvent]
    /// Every attempt of every step.
    public var steps: [StepExecution]
    /// The evidence, content included.
    public var evidence: [StoredEvidence]
    /// The approval decisions.
    public var approvals: [RecordedApproval]
    /// The audit-trail checks made for the report.
    public var chain: ChainAudit
    /// The plan of the recorded runbook text, when this irun can compile it.
    public var plan: Plan?
    /// Why there is no plan, if there is none.
    public var planProblem: String?
    /// The actions, for undo texts.
    public var catalog: ActionCatalog
    /// When the report was made.
    public var generatedAt: Date
    /// What made it, such as `irun 0.1.0`.
    public var generator: String

    /// Creates a report from its parts.
    ///
    /// - Parameters:
    ///   - header: The run.
    ///   - status: Its status.
    ///   - finishedAt: Its end.
    ///   - events: Its events.
    ///   - steps: Its attempts.
    ///   - evidence: Its evidence.
    ///   - approvals: Its approvals.
    ///   - chain: The chain checks.
    ///   - plan: The plan.
    ///   - planProblem: Why there is no plan.
    ///   - catalog: The actions.
    ///   - generatedAt: When.
    ///   - generator: By what.
    public init(
        header: RunHeader, status: RunStatus, finishedAt: Date?, events: [RecordedEvent], steps: [StepExecution], evidence: [StoredEvidence],
        approvals: [RecordedApproval], chain: ChainAudit, plan: Plan?, planProblem: String?, catalog: ActionCatalog, generatedAt: Date,
        generator: String
    ) {
        self.header = header
        self.status = status
        self.finishedAt = finishedAt
        self.events = events
        self.steps = steps
        self.evidence = evidence
        self.approvals = approvals
        self.chain = chain
        self.plan = plan
        self.planProblem = planProblem
        self.catalog = catalog
        self.generatedAt = generatedAt
        self.generator = generator
    }

    /// Each step's outcome by name; steps absent did not run.
    public var outcomes: [String: StepOutcome] { StepOutcome.outcomes(of: steps, events: events.map(\.event)) }

    /// The names of the `ec2.isolate` steps: from the plan, else from the recorded attempts.
    public var isolateSteps: [String] {
        if let plan {
            return TimeToContain.isolateSteps(of: plan)
        }
        var names: [String] = []
        for step in steps where step.action == TimeToContain.isolateAction && !names.contains(step.step) { names.append(step.step) }
        return names
    }

    /// Time to contain; see ``TimeToContain`` for the definition.
    public var timeToContain: TimeToContain {
        TimeToContain.measure(header: header, status: status, finishedAt: finishedAt, steps: steps, events: events.map(\.event), isolateSteps: isolateSteps)
    }

    /// The timeline: one entry per event.
    public var timeline: [TimelineEntry] {
        TimelineEntry.timeline(of: events, start: header.startedAt, isVerified: chain.isVerified)
    }

    /// The retried and failed attempts and failed undos, from the timeline.
    public var problems: [TimelineEntry] {
        timeline.filter { [.stepRetrying, .stepFailed, .undoFailed].contains($0.recorded.event.kind) }
    }

    /// What the run changed, with before/after and undo.
    public var changes: [ResourceChange] { ResourceChanges.changes(in: steps, catalog: catalog) }

    /// The instance states captured before any change.
    public var captured: [CapturedState] { ResourceChanges.captured(in: steps) }

    /// The run's duration, when it ended.
    public var durationMilliseconds: Int? {
        finishedAt.map { ReportFormatting.milliseconds(from: header.startedAt, to: $0) }
    }

    /// Whether the stored content of `evidence` hashes to its recorded SHA-256, and that hash is
    /// the one its `evidence-recorded` event put in the chain.
    ///
    /// - Parameter evidence: One of the run's artifacts.
    /// - Returns: Content intact, and hash matching the chain.
    public func custody(of evidence: StoredEvidence) -> (contentIntact: Bool, matchesChain: Bool) {
        let recorded = events.first {
            $0.event.kind == .evidenceRecorded && $0.event.payload[member: "artifact"].stringValue == evidence.artifact.name
        }
        return (evidence.isIntact, recorded?.event.payload[member: "sha256"].stringValue == evidence.sha256)
    }

    /// The `approval-requested` event of a step, for when the wait began.
    ///
    /// - Parameters:
    ///   - step: The step.
    ///   - time: When the decision was made.
    /// - Returns: The last request of that step at or before `time`, if any.
    public func approvalRequest(for step: String?, before time: Date) -> RunEvent? {
        events.last { $0.event.kind == .approvalRequested && $0.event.step == step && $0.event.time <= time }?.event
    }
}
