import Actions
import Foundation
import Providers
import RunbookModel

/// The task that owns a run: it alone mutates the scheduler and the recorded state, evaluates
/// conditions, decisions and approvals, hands action steps to child tasks, and records their
/// results. Child tasks only return results (STYLE.md's scheduler pattern).
struct RunDriver {
    let plan: Plan
    let header: RunHeader
    /// The bound parameters (secrets included: they never leave the process).
    let parameters: [String: Value]
    let registry: ActionRegistry
    let providers: AWSProviders?
    let options: ExecutionOptions
    let journal: EventJournal
    let observer: (any RunObserver)?
    let interrupt: InterruptSignal

    var scheduler: PlanScheduler
    var state: RunState
    /// The `run` expression root, fixed for the whole run.
    let runRoot: Value
    /// When this driver started (or resumed) the run, on its clock.
    let runStart: Date

    init(
        plan: Plan, header: RunHeader, parameters: [String: Value], registry: ActionRegistry, providers: AWSProviders?,
        options: ExecutionOptions, journal: EventJournal, observer: (any RunObserver)?, interrupt: InterruptSignal, state: RunState
    ) {
        self.plan = plan
        self.header = header
        self.parameters = parameters
        self.registry = registry
        self.providers = providers
        self.options = options
        self.journal = journal
        self.observer = observer
        self.interrupt = interrupt
        self.scheduler = PlanScheduler(plan: plan)
        self.state = state
        self.runStart = options.clock.now
        self.runRoot = .object([
            "id": .string(header.id), "runbook": .string(header.runbookName), "mode": .string(header.mode.rawValue),
            "actor": .string(header.actor), "provider": .string(header.provider),
            "startedAt": .string(ISO8601DateFormatter().string(from: header.startedAt)),
        ])
    }

    private var now: Date { options.clock.now }

    /// When a step became ready: the latest end of the steps it depends on (the run's time for roots).
    private func readyTime(_ index: Int) -> Date {
        plan.topology.dependencies[index].compactMap { state.endTimes[$0] }.max() ?? runStart
    }

    private func event(step: String? = nil, attempt: Int? = nil, at time: Date? = nil, _ details: RunEventDetails) -> RunEvent {
        RunEvent(runID: header.id, time: time ?? now, step: step, attempt: attempt, details)
    }

    /// What the owning task decided about a ready step.
    private enum Preparation {
        case resolved(PlanScheduler.Outcome)
        case waiting
        case launch(StepWork)
    }

    /// Runs the plan from the scheduler's start, or from what a resume replayed.
    ///
    /// When the run would pause for approval but another process recorded a decision for a
    /// waiting step meanwhile, it goes on with that decision instead of pausing.
    mutating func run() async throws -> RunOutcome {
        var queue = await replayRecorded()
        while true {
            try await runReady(&queue)
            if let outcome = try await finish() { return outcome }
            queue = state.waiting
            state.waiting = []
        }
    }

    /// Runs ready steps, and those they make ready, until none is left or the run stops.
    private mutating func runReady(_ queue: inout [Int]) async throws {
        try await withThrowingTaskGroup(of: StepWork.Finished.self) { group in
            var running = 0
            while true {
                while !state.aborting, !interrupt.isInterrupted, running < options.maxConcurrency, !queue.isEmpty {
                    let index = queue.removeFirst()
                    switch try await prepare(index) {
                    case .resolved(let outcome):
                        state.endTimes[index] = readyTime(index)
                        queue += try await complete(index, with: outcome)
                    case .waiting: state.waiting.append(index)
                    case .launch(let work):
                        state.running.insert(index)
                        group.addTask { await work.execute() }
                        running += 1
                    }
                }
                guard running > 0, let finished = try await group.next() else { break }
                running -= 1
                state.running.remove(finished.index)
                queue += try await handle(finished)
            }
        }
    }

    // MARK: - Replay (resume)

    /// Feeds the outcomes a previous process recorded back through the scheduler, and returns
    /// the steps still to run. A fresh run has nothing recorded: this is just `start()`.
    private mutating func replayRecorded() async -> [Int] {
        var queue = scheduler.start()
        var frontier: [Int] = []
        while !queue.isEmpty {
            let index = queue.removeFirst()
            guard let outcome = state.recordedOutcomes[index] else {
                frontier.append(index)
                continue
            }
            let resolution = scheduler.resolve(index, with: outcome)
            for (skipped, reason) in resolution.skipped where state.recordedOutcomes[skipped] == nil {
                await recordSkip(skipped, reason)
            }
            queue += resolution.ready
        }
        return frontier
    }

    // MARK: - Preparing a ready step

    private mutating func prepare(_ index: Int) async throws -> Preparation {
        let node = plan.nodes[index]
        let step = node.step
        let scope = state.scope(parameters: parameters, run: runRoot)
        if let condition = step.when, !condition.expression.isTrue(in: scope) {
            await recordSkip(index, .conditionFalse)
            return .resolved(.skipped(.conditionFalse))
        }
        if let approval = step.approval {
            switch try await gate(index, approval: approval, scope: scope) {
            case .proceed: break
            case .denied:
                await recordSkip(index, .approvalDenied)
                return .resolved(.skipped(.approvalDenied))
            case .timedOut(let limit):
                let failure = StepFailure(code: "ApprovalTimedOut", message: "no approval within \(limit)", isRetryable: false)
                return .resolved(try await recordFailure(index, failure))
            case .waiting: return .waiting
            }
        }
        if let branches = step.branches { return .resolved(await decide(index, branches: branches, scope: scope)) }
        guard let call = step.action else { return .resolved(.succeeded) }
        guard let action = registry[call.name.value] else {
            let failure = StepFailure(code: "NotImplemented", message: "action \(call.name.value) is not implemented in this irun", isRetryable: false)
            return .resolved(try await recordFailure(index, failure))
        }
        if header.changesNeedApproval, header.mode != .dryRun, action.signature.mutates {
            switch changesGate(index) {
            case .proceed: break
            case .denied:
                await recordSkip(index, .approvalDenied)
                return .resolved(.skipped(.approvalDenied))
            case .waiting, .timedOut: return .waiting
            }
        }
        var inputs: [String: Value] = [:]
        for input in action.signature.inputs { if let value = input.defaultValue { inputs[input.name] = value } }
        for input in call.inputs { inputs[input.name] = input.value.evaluate(in: scope) }
        let resumed = state.startedAttempts[index]
        return .launch(StepWork(
            index: index, step: step, action: action, inputs: state.interruptedInputs[index] ?? inputs, mode: header.mode, runID: header.id,
            firstAttempt: (resumed ?? 0) + 1, reconcileFirst: resumed != nil && action.signature.mutates && header.mode != .dryRun,
            providers: providers, clock: options.clock, journal: journal, observer: observer, jitterSeed: options.jitterSeed,
            recorder: journal.recorder, startAt: readyTime(index)
        ))
    }

    private enum Gate {
        case proceed, denied, waiting
        case timedOut(RunbookDuration)
    }

    /// Approval gate: recorded decisions win; `--yes` approves; otherwise ask and wait.
    private mutating func gate(_ index: Int, approval: Approval, scope: ExpressionScope) async throws -> Gate {
        let name = plan.nodes[index].name
        switch state.approvals[name] {
        case .granted: return .proceed
        case .denied: return .denied
        case .requested(let at):
            if let limit = approval.timeout, now >= at.addingTimeInterval(limit.duration.timeInterval) { return .timedOut(limit) }
            if !options.autoApprove { return .waiting }
        case nil:
            let message = approval.message?.evaluate(in: scope).interpolated ?? "Approve step \(name)?"
            return ask(name, for: index, ApprovalRequested(message: message, timeout: approval.timeout?.description))
        }
        return preApprove(name)
    }

    /// Asks for approval at `gate` (recorded when `index` became ready), or with `--yes` grants it at once.
    private mutating func ask(_ gate: String, for index: Int, _ request: ApprovalRequested) -> Gate {
        guard !options.autoApprove else { return preApprove(gate) }
        journal.record(event(step: gate, at: readyTime(index), .approvalRequested(request)))
        state.approvals[gate] = .requested(at: now)
        return .waiting
    }

    /// `--yes`: the gate is granted as the run's actor, and recorded so.
    private mutating func preApprove(_ gate: String) -> Gate {
        journal.record(event(step: gate, .approvalGranted(ApprovalDecided(actor: options.actor, reason: "pre-approved with --yes"))))
        state.approvals[gate] = .granted
        return .proceed
    }

    /// The gate that holds every change of a run whose changes need approval: the first
    /// mutating step to get here asks, the others wait on its answer; a denial skips them all,
    /// so the run changes nothing.
    private mutating func changesGate(_ index: Int) -> Gate {
        let name = plan.nodes[index].name
        let gate = state.changesGate ?? name
        switch state.approvals[gate] {
        case .granted: return .proceed
        case .denied: return .denied
        case .requested: if !options.autoApprove { return .waiting }
        case nil:
            state.changesGate = gate
            return ask(gate, for: index, ApprovalRequested(message: "Approve the changes this run makes; the first is step \(name)", changes: true))
        }
        return preApprove(gate)
    }

    /// Takes the first branch whose condition holds (`else` always holds).
    private mutating func decide(_ index: Int, branches: [DecisionBranch], scope: ExpressionScope) async -> PlanScheduler.Outcome {
        let node = plan.nodes[index]
        let taken = branches.firstIndex { $0.condition.map { $0.expression.isTrue(in: scope) } ?? true }
        let chosen = taken.map { node.branchTargets[$0].map { plan.nodes[$0].name } } ?? []
        let outputs: [String: Value] = ["branch": .int(taken.map { $0 + 1 } ?? 0), "chosen": .list(chosen.map(Value.string))]
        journal.record(event(step: node.name, at: readyTime(index), .stepDecided(StepDecided(branch: taken.map { $0 + 1 } ?? 0, chosen: chosen))))
        state.setResult(node.name, status: .succeeded, outputs: outputs)
        return .decided(branches: taken.map { [$0] } ?? [])
    }

    // MARK: - Results

    /// Records a finished action step and resolves what follows from it.
    private mutating func handle(_ finished: StepWork.Finished) async throws -> [Int] {
        options.clock.join(finished.end)
        state.endTimes[finished.index] = finished.end
        let name = plan.nodes[finished.index].name
        switch finished.result {
        case .succeeded(let outputs, let mutated):
            state.setResult(name, status: .succeeded, outputs: outputs)
            // Stamped with the step's own end: on a simulated clock the driver may take the result in later.
            let success = event(step: name, at: finished.end, .stepSucceeded(StepOutputs(outputs: outputs)))
            if mutated {
                state.completedMutations.append(.init(index: finished.index, inputs: finished.inputs, outputs: outputs))
                try await journal.recordDurably([success])
            } else {
                journal.record(success)
            }
            return try await complete(finished.index, with: .succeeded)
        case .planned(let outputs):
            state.setResult(name, status: .succeeded, outputs: outputs)
            state.planned.insert(finished.index)
            return try await complete(finished.index, with: .succeeded)
        case .failed(let failure):
            return try await complete(finished.index, with: recordFailure(finished.index, failure, at: finished.end))
        }
    }

    /// Records a failure and applies the step's failure policy.
    private mutating func recordFailure(_ index: Int, _ failure: StepFailure, at time: Date? = nil) async throws -> PlanScheduler.Outcome {
        let step = plan.nodes[index].step
        let tolerated = step.onFailure == .continue
        state.setResult(step.name, status: .failed, outputs: ["code": .string(failure.code), "message": .string(failure.message)])
        journal.record(event(step: step.name, at: time, .stepFailed(StepFailed(code: failure.code, message: failure.message, tolerated: tolerated))))
        if !tolerated {
            state.aborting = true
            state.failure = state.failure ?? "\(step.name): \(failure.code): \(failure.message)"
            if step.onFailure == .compensate { state.compensate = true }
        }
        return .failed(tolerated: tolerated)
    }

    private mutating func complete(_ index: Int, with outcome: PlanScheduler.Outcome) async throws -> [Int] {
        let resolution = scheduler.resolve(index, with: outcome)
        for (skipped, reason) in resolution.skipped { await recordSkip(skipped, reason) }
        return resolution.ready
    }

    private mutating func recordSkip(_ index: Int, _ reason: PlanScheduler.SkipReason) async {
        let name = plan.nodes[index].name
        let text: String = switch reason {
        case .conditionFalse: "its when condition is false"
        case .notChosen(let decision): "decision \(plan.nodes[decision].name) did not choose it"
        case .allDependenciesSkipped: "every step it needs was skipped"
        case .dependencyFailed(let dependency): "\(plan.nodes[dependency].name) failed"
        case .approvalDenied: "its approval was denied"
        }
        state.setResult(name, status: .skipped, outputs: [:])
        let skipped = StepSkipped(reason: text, reasonCode: reason.code, cause: reason.cause.map { plan.nodes[$0].name })
        journal.record(event(step: name, at: readyTime(index), .stepSkipped(skipped)))
    }

    // MARK: - The end

    /// Records how the run stopped; `nil` when it cannot pause yet because decisions for its
    /// waiting steps arrived from another process (they are applied: run the waiting steps again).
    private mutating func finish() async throws -> RunOutcome? {
        let status: RunStatus
        if interrupt.isInterrupted && !state.aborting {
            status = .interrupted
            journal.record(event(.runInterrupted(RunEnded())))
        } else if state.aborting {
            status = state.compensate ? try await compensate() : .failed
            journal.record(event(.runFinished(RunEnded(status: status, reason: state.failure ?? ""))))
        } else if !state.waiting.isEmpty {
            try await journal.flush()
            let waiting = event(.runWaiting(RunWaiting(steps: state.waiting.map { plan.nodes[$0].name })))
            let decisions = try await journal.recorder.pause(waiting)
            guard decisions.isEmpty else {
                for decision in decisions {
                    guard let step = decision.step else { continue }
                    state.approvals[step] = decision.kind == .approvalGranted ? .granted : .denied
                }
                return nil
            }
            observer?.observe(waiting)
            status = .waitingApproval
        } else {
            status = state.hasFailure ? .failed : .succeeded
            journal.record(event(.runFinished(RunEnded(status: status))))
        }
        try await journal.flush()
        return RunOutcome(
            runID: header.id, status: status, steps: state.summary(plan: plan, scheduler: scheduler),
            waitingForApproval: state.waiting.map { plan.nodes[$0].name }, failure: state.failure
        )
    }

    /// Undoes every completed mutating step, newest first. Returns `compensated` if every undo succeeded.
    private mutating func compensate() async throws -> RunStatus {
        let order = state.completedMutations.reversed()
        try await journal.recordDurably([event(.compensationStarted(StepNames(steps: order.map { plan.nodes[$0.index].name })))])
        var allUndone = true
        for mutation in order {
            let step = plan.nodes[mutation.index].step
            guard let action = step.action.flatMap({ registry[$0.name.value] }) else { continue }
            try await journal.recordDurably([event(step: step.name, .undoStarted)])
            let context = ActionContext(
                runID: header.id, step: step.name, attempt: 1, mode: header.mode, inputs: mutation.inputs, providers: providers,
                clock: options.clock,
                recordEvidence: { [journal, header, clock = options.clock] name, kind, mediaType, content in
                    try await journal.recordEvidence(EvidenceArtifact(runID: header.id, step: step.name, name: name, kind: kind, mediaType: mediaType, content: content, time: clock.now))
                },
                log: { [journal, header, clock = options.clock] level, message in
                    journal.record(RunEvent(runID: header.id, time: clock.now, step: step.name, attempt: 1, .actionLogged(ActionLogged(level: level, message: message))))
                },
                runHistory: { [recorder = journal.recorder] id in try await recorder.run(id) }
            )
            do {
                let outputs = try await action.undo(context, outputs: mutation.outputs)
                try await journal.recordDurably([event(step: step.name, .undoSucceeded(StepOutputs(outputs: outputs)))])
            } catch {
                allUndone = false
                let failure = StepFailure(error)
                try await journal.recordDurably([event(step: step.name, .undoFailed(StepError(code: failure.code, message: failure.message)))])
            }
        }
        return allUndone ? .compensated : .failed
    }
}
