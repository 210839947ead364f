public import AuditStore
public import RunbookModel

/// How a step of a run ended, as the report shows it on the graph and in tables.
public struct StepOutcome: Hashable, Sendable {
    /// The label, such as `succeeded`, `failed (tolerated)`, `not run`.
    public var label: String
    /// Its colour.
    public var tone: ReportTone
    /// How many attempts were recorded.
    public var attempts: Int

    /// Creates an outcome.
    ///
    /// - Parameters:
    ///   - label: The label.
    ///   - tone: Its colour.
    ///   - attempts: The attempts.
    public init(label: String, tone: ReportTone, attempts: Int) {
        self.label = label
        self.tone = tone
        self.attempts = attempts
    }

    /// The outcome of a step that has no recorded attempt.
    public static let notRun = StepOutcome(label: "not run", tone: .neutral, attempts: 0)

    /// The outcome of each step that has records, by step name: its latest attempt's status,
    /// refined by undo state and approval decisions.
    ///
    /// - Parameters:
    ///   - steps: Every attempt of the run.
    ///   - events: The run's events (for approvals waiting or denied, which have no attempt).
    /// - Returns: Outcomes by step name; steps absent from the result did not run.
    public static func outcomes(of steps: [StepExecution], events: [RunEvent]) -> [String: StepOutcome] {
        var latest: [String: StepExecution] = [:]
        var attempts: [String: Int] = [:]
        for step in steps {
            attempts[step.step, default: 0] += 1
            if let current = latest[step.step], current.attempt > step.attempt { continue }
            latest[step.step] = step
        }
        var result: [String: StepOutcome] = [:]
        for (name, step) in latest {
            let (label, tone) = describe(step)
            result[name] = StepOutcome(label: label, tone: tone, attempts: attempts[name] ?? 1)
        }
        // A step waiting for, or refused, approval has events but no attempt.
        var approval: [String: RunEvent.Kind] = [:]
        for event in events {
            guard let step = event.step else { continue }
            switch event.kind {
            case .approvalRequested, .approvalGranted, .approvalDenied: approval[step] = event.kind
            default: break
            }
        }
        for (step, kind) in approval where result[step] == nil {
            switch kind {
            case .approvalDenied: result[step] = StepOutcome(label: "denied", tone: .failure, attempts: 0)
            case .approvalRequested: result[step] = StepOutcome(label: "waiting approval", tone: .pending, attempts: 0)
            default: result[step] = StepOutcome(label: "approved", tone: .pending, attempts: 0)
            }
        }
        return result
    }

    /// The label and tone of one attempt.
    static func describe(_ step: StepExecution) -> (String, ReportTone) {
        switch step.status {
        case .succeeded:
            switch step.undoStatus {
            case "undone": return ("undone", .warning)
            case "undo-failed": return ("undo failed", .failure)
            case "undoing": return ("undoing", .pending)
            default: return ("succeeded", .success)
            }
        case .failed: return step.reason == "tolerated" ? ("failed (tolerated)", .warning) : ("failed", .failure)
        case .skipped: return ("skipped", .neutral)
        case .decided: return ("decided", .info)
        case .planned: return ("planned (dry run)", .info)
        case .retrying: return ("retrying", .pending)
        case .running: return ("running", .pending)
        case .notDone: return ("not done", .pending)
        default: return (step.status.rawValue, .neutral)
        }
    }
}
