public import Foundation
public import AuditStore
public import RunbookModel

/// Time to contain: from the run's start to the moment the instance was isolated.
///
/// The definition, in order:
/// 1. If a step with action `ec2.isolate` succeeded: from the run's start to the end of its
///    successful attempt (the latest, when several isolate steps succeeded). Basis `isolated`.
/// 2. If the runbook has such a step but none succeeded (failed, skipped, not reached, or only
///    planned in a dry run): nothing was contained; no time. Basis `not-contained`.
/// 3. If the runbook has no `ec2.isolate` step: from the run's start to its end, when it
///    ended. Basis `run-ended`; while it is still open, no time and basis `open`.
public struct TimeToContain: Hashable, Sendable {
    /// What the time is measured to.
    public enum Basis: String, Hashable, Sendable, CaseIterable {
        /// The end of the successful `ec2.isolate` step.
        case isolated
        /// The end of the run (the runbook does not isolate).
        case runEnded = "run-ended"
        /// The runbook isolates, but the isolation did not happen.
        case notContained = "not-contained"
        /// The runbook does not isolate and the run has not ended.
        case open
    }

    /// What the time is measured to.
    public var basis: Basis
    /// The time, or `nil` when nothing was contained or the run is open.
    public var milliseconds: Int?
    /// The isolate step measured, if any.
    public var step: String?
    /// The moment measured to.
    public var until: Date?
    /// One sentence saying how the figure was obtained.
    public var explanation: String

    /// Creates a figure.
    ///
    /// - Parameters:
    ///   - basis: What it is measured to.
    ///   - milliseconds: The time.
    ///   - step: The isolate step.
    ///   - until: The end moment.
    ///   - explanation: How it was obtained.
    public init(basis: Basis, milliseconds: Int?, step: String?, until: Date?, explanation: String) {
        self.basis = basis
        self.milliseconds = milliseconds
        self.step = step
        self.until = until
        self.explanation = explanation
    }

    /// The action whose success counts as containment.
    public static let isolateAction = "ec2.isolate"

    /// The steps of a plan that contain: those that call ``isolateAction``.
    ///
    /// - Parameter plan: The runbook's plan.
    /// - Returns: Their names, in plan order.
    public static func isolateSteps(of plan: Plan) -> [String] {
        plan.nodes.filter { $0.step.action?.name.value == isolateAction }.map(\.name)
    }

    /// When a run was contained: the end of its last successful ``isolateAction`` step. The one
    /// definition reports (from the run's start) and game days (from the incident's start) measure to.
    ///
    /// - Parameters:
    ///   - events: The run's events (a step's `step-succeeded` time is when it ended).
    ///   - isolateSteps: The names of its isolate steps.
    /// - Returns: The step and the moment, or `nil` when no isolate step succeeded.
    public static func containment(events: [RunEvent], isolateSteps: [String]) -> (step: String, at: Date)? {
        let succeeded = events.filter { $0.kind == .stepSucceeded && $0.step.map(isolateSteps.contains) == true }
        return succeeded.max { $0.time < $1.time }.map { ($0.step!, $0.time) }
    }

    /// Measures a run.
    ///
    /// - Parameters:
    ///   - header: The run.
    ///   - status: Where it stands.
    ///   - finishedAt: When it ended.
    ///   - steps: Every attempt.
    ///   - events: Every event.
    ///   - isolateSteps: The names of the runbook's `ec2.isolate` steps (from its plan; when
    ///     the plan is unknown, the steps recorded with that action).
    /// - Returns: The figure.
    public static func measure(
        header: RunHeader, status: RunStatus, finishedAt: Date?, steps: [StepExecution], events: [RunEvent], isolateSteps: [String]
    ) -> TimeToContain {
        if let (step, end) = containment(events: events, isolateSteps: isolateSteps) {
            let ms = ReportFormatting.milliseconds(from: header.startedAt, to: end)
            return TimeToContain(
                basis: .isolated, milliseconds: ms, step: step, until: end,
                explanation: "from the run's start to the end of step '\(step)' (\(isolateAction) succeeded)")
        }
        if let step = isolateSteps.first {
            let attempts = steps.filter { $0.step == step }
            let state = attempts.max { $0.attempt < $1.attempt }.map { StepOutcome.describe($0).0 } ?? "not run"
            let why = header.mode == .dryRun ? "dry run: the isolation was only planned" : "step '\(step)' (\(isolateAction)) \(state)"
            return TimeToContain(basis: .notContained, milliseconds: nil, step: step, until: nil, explanation: "not contained: \(why)")
        }
        if let finishedAt, !status.isOpen {
            return TimeToContain(
                basis: .runEnded, milliseconds: ReportFormatting.milliseconds(from: header.startedAt, to: finishedAt), step: nil, until: finishedAt,
                explanation: "the runbook has no \(isolateAction) step: measured from the run's start to its end")
        }
        return TimeToContain(basis: .open, milliseconds: nil, step: nil, until: nil,
                             explanation: "the runbook has no \(isolateAction) step and the run is still \(status.rawValue)")
    }

    /// The figure as a short text: `4.5s`, or `not contained`, or `-`.
    public var text: String {
        if let milliseconds { return ReportFormatting.duration(milliseconds: milliseconds) }
        return basis == .notContained ? "not contained" : "-"
    }
}
