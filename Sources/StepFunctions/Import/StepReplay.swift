import Foundation
import RunbookModel

/// Replays the history of one run of a compiled runbook (the execution, or one instance of
/// the fleet form) as the events a local run of the same runbook records.
///
/// State names say whose they are (``DataLayout``): `STEP` starts the step, `STEP.output`
/// leaves its output, `STEP.not-chosen` (and the other reasons) skips it, `STEP.branch-N`
/// records a decision, `STEP.approval` is its gate, `STEP.failed` a tolerated failure. A task's
/// failure followed by the same task being scheduled again is a retry; one that ends the path
/// is the step's failure.
struct StepReplay {
    let plan: Plan
    let runID: String
    let mutatingActions: Set<String>

    private(set) var writes: [ImportedWrite] = []
    private(set) var status: RunStatus?
    private(set) var failure: String?
    private var pending: [RunEvent] = []
    private var params: [String: Value] = [:]
    private var outputs: [String: Value] = [:]
    private var current: String?
    private var currentState: String?
    private var lastFailure: (state: String, error: String, cause: String)?
    private var attempts: [String: Int] = [:]

    init(plan: Plan, runID: String, mutatingActions: Set<String>) {
        self.plan = plan
        self.runID = runID
        self.mutatingActions = mutatingActions
    }

    /// Replays one event of this run's path.
    mutating func replay(_ event: ExecutionEvent) {
        if event.isStateEntered, let state = event.state {
            currentState = state
            // The parameters are complete from the first step on; state inputs can be large.
            if params.isEmpty, case .object(let input) = ExecutionEvent.json(event.input), case .object(let given)? = input["params"] { params = given }
            entered(state, event)
        } else if event.isStateExited, let state = event.state {
            exited(state, event)
        } else {
            task(event)
        }
        flush()
    }

    /// Ends the run: succeeded, or failed with the error that ended its path.
    mutating func finish(succeeded: Bool, error: String?, cause: String?, at time: Date) {
        if !succeeded, let step = current {
            let failed = lastFailure ?? (state: step, error: error ?? "States.Runtime", cause: cause ?? "")
            emit(step, time, .stepFailed(StepFailed(code: Self.code(failed.error, failed.cause), message: failed.cause, tolerated: false)))
            failure = "\(step): \(Self.code(failed.error, failed.cause))"
            current = nil
        } else if !succeeded {
            failure = Self.code(error ?? "States.Runtime", cause ?? "")
        }
        status = succeeded ? .succeeded : .failed
        emit(nil, time, .runFinished(RunEnded(status: status, reason: succeeded ? "" : (failure ?? ""))))
        flush()
    }

    /// The writes so far, handed out and forgotten.
    mutating func takeWrites() -> [ImportedWrite] {
        defer { writes = [] }
        return writes
    }

    /// The run's events so far as writes.
    mutating func flush() {
        if !pending.isEmpty { writes.append(.append(pending)) }
        pending = []
    }

    private mutating func entered(_ state: String, _ event: ExecutionEvent) {
        guard let (step, part) = owner(of: state) else { return }
        switch part {
        case "":
            guard let call = step.action else { return }
            current = step.name
            attempts[step.name, default: 0] += 1
            let scope = self.scope
            var inputs: [String: Value] = [:]
            for input in call.inputs { inputs[input.name] = input.value.evaluate(in: scope) }
            emit(step.name, event.time, .stepStarted(StepStarted(action: call.name.value, inputs: inputs, mutates: mutatingActions.contains(call.name.value))))
        case "approval":
            let message = step.approval?.message?.evaluate(in: scope).interpolated ?? "Run step \(step.name)?"
            emit(step.name, event.time, .approvalRequested(ApprovalRequested(message: message, timeout: step.approval?.timeout?.description)))
        case "not-chosen", "dependencies-skipped", "condition-false", "denied":
            let code = part == "denied" ? "approval-denied" : part
            emit(step.name, event.time, .stepSkipped(StepSkipped(reason: Self.skipSentence(code), reasonCode: code)))
            outputs[step.name] = nil
            current = nil
        case "none":
            emit(step.name, event.time, .stepDecided(StepDecided(branch: -1, chosen: [])))
        case _ where part.hasPrefix("branch-"):
            guard let branch = Int(part.dropFirst("branch-".count)), let branches = step.branches, branches.indices.contains(branch) else { return }
            emit(step.name, event.time, .stepDecided(StepDecided(branch: branch, chosen: branches[branch].targets.map(\.value))))
        case "failed":
            let caught = ExecutionEvent.json(event.input)[member: "caught"]
            let error = caught[member: "Error"].stringValue ?? "States.TaskFailed", cause = caught[member: "Cause"].stringValue ?? ""
            emit(step.name, event.time, .stepFailed(StepFailed(code: Self.code(error, cause), message: cause, tolerated: true)))
            current = nil
        default:
            return
        }
    }

    private mutating func exited(_ state: String, _ event: ExecutionEvent) {
        guard let (step, part) = owner(of: state), part == "output", let call = step.action else { return }
        var stepOutputs = ExecutionEvent.json(event.output)[member: "steps"][member: DataLayout.key(step.name)].objectMembers
        if let description = stepOutputs.removeValue(forKey: "description"), description != .null, call.name.value == "ec2.capture" {
            let name = step.name == "capture" ? "instance-description" : "instance-description-\(step.name)"
            let content = Data(description.prettyJSON.utf8)
            flush()
            writes.append(.evidence(EvidenceArtifact(runID: runID, step: step.name, name: name, kind: "ec2-instance-description",
                                                     mediaType: "application/json", content: content, time: event.time)))
        }
        outputs[step.name] = .object(stepOutputs)
        emit(step.name, event.time, .stepSucceeded(StepOutputs(outputs: stepOutputs)))
        current = nil
    }

    private mutating func task(_ event: ExecutionEvent) {
        guard let state = currentState else { return }
        let owner = owner(of: state)
        switch event.type {
        case "TaskFailed", "TaskTimedOut":
            let error = event.error ?? (event.type == "TaskTimedOut" ? "States.Timeout" : "States.TaskFailed")
            let cause = event.cause ?? ""
            if let (step, part) = owner, part == "approval", error == ApprovalGate.deniedError {
                let answer = ExecutionEvent.json(cause)
                emit(step.name, event.time, .approvalDenied(ApprovalDecided(actor: answer[member: "actor"].stringValue ?? "unknown",
                                                                             reason: answer[member: "reason"].stringValue ?? "")))
                return
            }
            lastFailure = (state, error, cause)
        case "TaskScheduled":
            if let failed = lastFailure, failed.state == state, let step = current {
                emit(step, event.time, .stepRetrying(StepError(code: Self.code(failed.error, failed.cause), message: failed.cause)))
            }
            lastFailure = nil
        case "TaskSucceeded":
            lastFailure = nil
            if let (step, part) = owner, part == "approval" {
                let answer = ExecutionEvent.json(event.output)
                emit(step.name, event.time, .approvalGranted(ApprovalDecided(actor: answer[member: "actor"].stringValue ?? "unknown",
                                                                              reason: answer[member: "reason"].stringValue ?? "")))
            }
        default:
            return
        }
    }

    /// The step a state belongs to and the part of it: `isolate.move-interfaces` → (isolate, move-interfaces).
    private func owner(of state: String) -> (Step, String)? {
        var best: Step?
        for step in plan.runbook.steps where state == step.name || state.hasPrefix(step.name + ".") {
            if best == nil || step.name.count > best!.name.count { best = step }
        }
        guard let best else { return nil }
        return (best, state == best.name ? "" : String(state.dropFirst(best.name.count + 1)))
    }

    private var scope: ExpressionScope {
        ExpressionScope(roots: ["params": .object(params), "run": .object(["id": .string(runID)]),
                                "steps": .object(outputs.mapValues { .object(["output": $0]) })])
    }

    private mutating func emit(_ step: String?, _ time: Date, _ details: RunEventDetails) {
        let attempt = step.flatMap { attempts[$0] }
        pending.append(RunEvent(runID: runID, time: time, step: step, attempt: attempt, details))
    }

    /// The error's code: EC2's is only in the Cause (`Error Code: InvalidInstanceID.NotFound`);
    /// irun's own errors drop their `irun.` prefix.
    static func code(_ error: String, _ cause: String) -> String {
        if let range = cause.range(of: "Error Code: ") {
            let code = cause[range.upperBound...].prefix { $0 != "," && $0 != ")" && $0 != ";" }
            if !code.isEmpty { return String(code) }
        }
        return error.hasPrefix("irun.") ? String(error.dropFirst(5)) : error
    }

    static func skipSentence(_ code: String) -> String {
        switch code {
        case "not-chosen": "not chosen by the decision that gates it"
        case "dependencies-skipped": "every step it needs was skipped"
        case "condition-false": "its when condition is false"
        case "approval-denied": "its approval was denied"
        default: code
        }
    }
}

extension Value {
    var objectMembers: [String: Value] {
        if case .object(let members) = self { return members }
        return [:]
    }

    /// Two-space indented JSON with sorted keys: how evidence is stored.
    var prettyJSON: String { ASLNode(self).rendered() + "\n" }
}

extension ASLNode {
    init(_ value: Value) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .int(let number): self = .int(number)
        case .double(let number): self = .double(number)
        case .string(let text): self = .string(text)
        case .list(let items): self = .array(items.map(ASLNode.init))
        case .object(let members): self = .object(members.keys.sorted().map { Member($0, ASLNode(members[$0]!)) })
        }
    }
}
