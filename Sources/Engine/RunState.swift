import Foundation
import RunbookModel

/// What a run knows so far: each step's status and outputs (the `steps` expression root),
/// approvals, completed mutations (for compensation), and what a resume found recorded.
struct RunState: Sendable {
    enum ApprovalState: Sendable {
        case requested(at: Date)
        case granted
        case denied
    }

    struct Mutation: Sendable {
        var index: Int
        var inputs: [String: Value]
        var outputs: [String: Value]
    }

    /// `steps.<name>` values: `{status, output}`.
    private(set) var stepsRoot: [String: Value] = [:]
    var approvals: [String: ApprovalState] = [:]
    /// The step whose gate holds every change of the run, once one asked (``RunHeader/changesNeedApproval``).
    var changesGate: String?
    var completedMutations: [Mutation] = []
    var waiting: [Int] = []
    /// When each finished step ended (on its own timeline).
    var endTimes: [Int: Date] = [:]
    var running: Set<Int> = []
    var planned: Set<Int> = []
    var aborting = false
    var compensate = false
    var failure: String?
    private(set) var hasFailure = false

    // Found by a resume.
    /// Outcomes recorded by an earlier process, by node index.
    var recordedOutcomes: [Int: PlanScheduler.Outcome] = [:]
    /// The last attempt number of steps that were started but never finished.
    var startedAttempts: [Int: Int] = [:]
    /// The inputs such a step was started with (a resume reuses them exactly).
    var interruptedInputs: [Int: [String: Value]] = [:]

    /// Records a step's result where expressions read it (`steps.<name>.status` is the state's text).
    mutating func setResult(_ step: String, status: StepState, outputs: [String: Value]) {
        stepsRoot[step] = .object(["status": .string(status.rawValue), "output": .object(outputs)])
        if status == .failed { hasFailure = true }
    }

    func scope(parameters: [String: Value], run: Value) -> ExpressionScope {
        ExpressionScope(roots: ["params": .object(parameters), "steps": .object(stepsRoot), "run": run])
    }

    /// Each step's final state by name.
    func summary(plan: Plan, scheduler: PlanScheduler) -> [String: StepState] {
        var summary: [String: StepState] = [:]
        for node in plan.nodes {
            if waiting.contains(node.index) { summary[node.name] = .waiting; continue }
            if planned.contains(node.index) { summary[node.name] = .planned; continue }
            switch scheduler.outcome(of: node.index) {
            case .succeeded?, .decided?: summary[node.name] = .succeeded
            case .failed?: summary[node.name] = .failed
            case .skipped?: summary[node.name] = .skipped
            case nil: summary[node.name] = .notRun
            }
        }
        return summary
    }
}

extension RunState {
    /// Rebuilds the state of a run from its recorded events, read through their typed details.
    ///
    /// Steps with a recorded result are replayed as they ended; a step started but never
    /// finished keeps its attempt count and inputs (a mutating one is reconciled first).
    ///
    /// - Throws: `DecodingError` when an event's payload does not have its kind's shape (a damaged store).
    init(replaying events: [RunEvent], plan: Plan) throws {
        self.init()
        var mutates: [Int: Bool] = [:]
        for event in events {
            guard let name = event.step, let index = plan.index(of: name) else { continue }
            switch try event.details() {
            case .stepStarted(let started):
                startedAttempts[index] = event.attempt ?? 1
                interruptedInputs[index] = started.inputs
                mutates[index] = started.mutates
            case .stepSucceeded(let success):
                finishRecorded(index, name: name, outcome: .succeeded, status: .succeeded, outputs: success.outputs)
                if mutates[index] == true {
                    completedMutations.append(Mutation(index: index, inputs: interruptedInputs[index] ?? [:], outputs: success.outputs))
                }
            case .stepPlanned(let planned):
                finishRecorded(index, name: name, outcome: .succeeded, status: .succeeded, outputs: ["wouldDo": planned.wouldDo])
                self.planned.insert(index)
            case .stepFailed(let failed):
                finishRecorded(index, name: name, outcome: .failed(tolerated: failed.tolerated), status: .failed,
                               outputs: ["code": .string(failed.code), "message": .string(failed.message)])
                if !failed.tolerated {
                    aborting = true
                    failure = failure ?? "\(name): \(failed.code): \(failed.message)"
                }
            case .stepSkipped(let skipped):
                // Runs recorded before skip reasons had codes: a denied gate shows in its approval-denied event.
                let denied = events.contains { $0.kind == .approvalDenied && $0.step == name }
                let reason = PlanScheduler.SkipReason(recorded: skipped, plan: plan) ?? (denied ? .approvalDenied : .conditionFalse)
                finishRecorded(index, name: name, outcome: .skipped(reason), status: .skipped, outputs: [:])
            case .stepDecided(let decided):
                finishRecorded(index, name: name, outcome: .decided(branches: decided.branch > 0 ? [decided.branch - 1] : []), status: .succeeded,
                               outputs: ["branch": .int(decided.branch), "chosen": .list(decided.chosen.map(Value.string))])
            case .approvalRequested(let request):
                if approvals[name] == nil { approvals[name] = .requested(at: event.time) }
                if request.changes == true, changesGate == nil { changesGate = name }
            case .approvalGranted:
                approvals[name] = .granted
            case .approvalDenied:
                approvals[name] = .denied
            default:
                break
            }
        }
    }

    private mutating func finishRecorded(_ index: Int, name: String, outcome: PlanScheduler.Outcome, status: StepState, outputs: [String: Value]) {
        recordedOutcomes[index] = outcome
        startedAttempts[index] = nil
        setResult(name, status: status, outputs: outputs)
    }
}
