public import AuditStore
public import Foundation
import Providers
public import RunbookModel

/// Decides, for each finding, whether to start a run, from the rules and what the store knows.
///
/// Three kinds of repeat never start a second containment: the same delivery (answered before
/// this is consulted), the same finding (an update of it), and another finding about a target
/// whose run is open or started within ``targetWindow``.
public struct FindingTriage: Sendable {
    public var rules: [ResponseRule]
    /// After this many automatic containments in a window, further ones wait for approval.
    public var breakers: [Breaker]
    /// A target's run counts as recent for this long after it started.
    public var targetWindow: Duration
    /// Makes the id of a run to start.
    public var newRunID: @Sendable () -> String

    public init(rules: [ResponseRule], breakers: [Breaker] = Breaker.builtIn, targetWindow: Duration = .seconds(3600), newRunID: @escaping @Sendable () -> String) {
        self.rules = rules
        self.breakers = breakers
        self.targetWindow = targetWindow
        self.newRunID = newRunID
    }

    /// The plan for one finding; called inside the transaction that records it.
    public func plan(_ finding: Finding, ledger: FindingLedger, at now: Date) throws -> FindingPlan {
        if let existing = try ledger.finding(finding.key) {
            return FindingPlan(finding: finding, decision: .deduplicated, rule: existing.rule, runbook: existing.runbook, runID: existing.runID,
                               reason: "seen before (delivery \(existing.deliveries + 1), first \(existing.decision.rawValue)); recorded as an update")
        }
        if finding.isSample { return FindingPlan(finding: finding, decision: .sample, reason: "a sample finding: never acted on") }
        if finding.isClosed { return FindingPlan(finding: finding, decision: .closed, reason: "suppressed, resolved or archived: not acted on") }
        guard let rule = rules.first(where: { $0.matches(finding) }) else {
            return FindingPlan(finding: finding, decision: .noRule, reason: "no rule matches \(finding.type) (\(finding.severity.rawValue))")
        }
        switch rule.mode {
        case .ignore: return FindingPlan(finding: finding, decision: .ignored, rule: rule.name, reason: "rule '\(rule.name)' ignores it")
        case .notify: return FindingPlan(finding: finding, decision: .notified, rule: rule.name, reason: "rule '\(rule.name)' records it for a responder")
        case .auto, .approve, .dryRun: break
        }
        guard let instance = finding.instance else {
            return FindingPlan(finding: finding, decision: .noInstance, rule: rule.name, reason: "it names no EC2 instance for \(rule.runbook)")
        }
        if let run = try ledger.run(of: rule.runbook, account: finding.account, region: finding.region, instance: instance, since: now.addingTimeInterval(-targetWindow.timeInterval)) {
            return FindingPlan(finding: finding, decision: .targetBusy, rule: rule.name, runbook: rule.runbook, runID: run,
                               reason: "\(rule.runbook) for \(instance) is open or started within \(targetWindow): run \(run)")
        }
        let matched = "rule '\(rule.name)' (\(rule.mode.rawValue)) matched \(finding.type), \(finding.severity.rawValue)"
        switch rule.mode {
        case .dryRun: return FindingPlan(finding: finding, decision: .startedDryRun, rule: rule.name, runbook: rule.runbook, runID: newRunID(), reason: matched)
        case .approve: return FindingPlan(finding: finding, decision: .startedForApproval, rule: rule.name, runbook: rule.runbook, runID: newRunID(), reason: matched + "; its changes wait for a responder")
        default: break
        }
        // A false-positive storm must not isolate the fleet: past a breaker, changes wait for a human.
        for breaker in breakers {
            let since = now.addingTimeInterval(-breaker.window.timeInterval)
            let (runs, targets) = try ledger.automaticStarts(since: since, account: breaker.scope == .account ? finding.account : nil, rule: breaker.scope == .rule ? rule.name : nil)
            if runs >= breaker.maxRuns || targets >= breaker.maxTargets {
                return FindingPlan(finding: finding, decision: .capped, rule: rule.name, runbook: rule.runbook, runID: newRunID(),
                                   reason: "\(matched); breaker '\(breaker.name)' tripped (\(runs) automatic containments, \(targets) targets in \(breaker.window)): its changes wait for a responder")
            }
        }
        return FindingPlan(finding: finding, decision: .started, rule: rule.name, runbook: rule.runbook, runID: newRunID(), reason: matched)
    }
}
