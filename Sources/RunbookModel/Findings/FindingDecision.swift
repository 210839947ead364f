/// What `irun serve` did with a finding, recorded as a `finding-decided` event.
public enum FindingDecision: String, Sendable, Codable, CaseIterable {
    /// A run was started for it, acting at once.
    case started
    /// A run was started that waits for a responder before its first change (the rule's mode, or a breaker).
    case startedForApproval = "started-for-approval"
    /// A run was started in dry-run mode: it records what it would change and changes nothing.
    case startedDryRun = "started-dry-run"
    /// An automatic containment was turned into one waiting for approval: a blast-radius breaker tripped.
    case capped
    /// The same finding was seen before: this delivery updated it, started nothing.
    case deduplicated
    /// A run for the same runbook and target is active or recent: this finding joined it.
    case targetBusy = "target-busy"
    /// The instance carries the exempt tag.
    case exempt
    /// Accepted while paused: recorded, started nothing.
    case paused
    /// A rule says to record it and do nothing more.
    case ignored
    /// A rule says to record it and notify (the console lists it).
    case notified
    /// No rule matched it.
    case noRule = "no-rule"
    /// A sample finding (GuardDuty's sample generator): never acted on.
    case sample
    /// Suppressed, resolved or archived: never acted on.
    case closed
    /// It names no EC2 instance the runbooks could act on.
    case noInstance = "no-instance"

    /// Whether a run was started for the finding.
    public var startedRun: Bool { self == .started || self == .startedForApproval || self == .startedDryRun || self == .capped }
}
