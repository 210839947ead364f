import RunbookModel

/// The single-instance machine of a plan: its start (parameters checked and completed), then
/// every step in topological order.
struct PlanLowering {
    let plan: Plan
    private(set) var refusals: [CompileRefusal] = []
    private let resolver: ReferenceResolver

    static let succeeded = "Succeeded"

    init(plan: Plan) {
        self.plan = plan
        var outputs: [String: Set<String>] = [:], actions: [String: String] = [:]
        for step in plan.runbook.steps {
            guard let action = step.action?.name.value else { continue }
            actions[step.name] = action
            outputs[step.name] = Lowerings.byAction[action]?.outputs ?? []
        }
        resolver = ReferenceResolver(outputsByStep: outputs, actionByStep: actions)
    }

    /// The definition's `StartAt` and `States`, or whatever compiled when there are refusals.
    mutating func lower() -> ASLNode {
        var groups: [StateChain] = []
        var next = Self.succeeded
        for index in plan.topology.order.reversed() {
            let node = plan.nodes[index]
            var chain = StateChain()
            do {
                next = try lower(node, next: next, into: &chain)
            } catch {
                refusals.append(error)
            }
            groups.append(chain)
        }
        var start = StateChain()
        let first = ParameterChecks(runbook: plan.runbook, resolver: resolver).add(next: next, into: &start, refusals: &refusals)
        var all = start
        for group in groups.reversed() { all.append(contentsOf: group) }
        all.add(Self.succeeded, .fields(["Type": .string("Succeed")]))
        refusals.sort { ($0.location?.line ?? 0, $0.subject) < ($1.location?.line ?? 0, $1.subject) }
        return all.scope(startAt: first)
    }

    /// Adds one step's states; returns its first state.
    private func lower(_ node: Plan.Node, next: String, into chain: inout StateChain) throws(CompileRefusal) -> String {
        let step = node.step
        let key = DataLayout.key(step.name)
        if step.name.count > StateMachineLimits.nameCharacters - 30 {
            throw CompileRefusal(step.name, "the step name is too long for Step Functions' 80-character state names (with its suffixes); shorten it to 50 characters", at: step.location)
        }
        if plan.runbook.steps.contains(where: { $0.name != step.name && DataLayout.key($0.name) == key }) {
            throw CompileRefusal(step.name, "another step has the same name once '-' becomes '_' (\(key)); rename one", at: step.location)
        }
        let start = step.name
        let guardState = StepGuard(plan: plan, node: node, resolver: resolver)
        let entry = try guardState.add(start: step.approval == nil ? start : "\(step.name).approval", next: next, into: &chain)

        switch step.kind {
        case .decision(let branches):
            try lowerDecision(step, branches: branches, next: next, into: &chain)
        case .action(let call):
            guard let actionLowering = Lowerings.byAction[call.name.value] else {
                let reason = Lowerings.refusals[call.name.value] ?? "\(call.name.value) has no Step Functions form"
                throw CompileRefusal(step.name, "cannot compile action \(call.name.value): \(reason)", at: call.name.location)
            }
            if step.onFailure == .compensate {
                throw CompileRefusal(step.name, "on-failure: compensate undoes earlier steps, which the Step Functions form does not do; use abort or continue", at: step.location)
            }
            var inputs: [String: Operand] = [:]
            for input in call.inputs {
                inputs[input.name] = try resolver.operand(input.value, subject: step.name, at: input.location)
            }
            let lowering = LoweringStep(
                name: step.name, inputs: inputs, next: next, retry: RetryMapping.retry(step.retry),
                timeoutSeconds: step.timeout.map { Int(($0.milliseconds + 999) / 1000) },
                failureHandler: step.onFailure == .continue ? "\(step.name).failed" : nil)
            var action = StateChain()
            try actionLowering.lower(lowering, into: &action)
            guard let actionStart = action.states.first?.key else { return entry }
            // An approval comes before the step starts, as in a local run: a denied step never started.
            if let approval = step.approval {
                try ApprovalGate(step: lowering, approval: approval, resolver: resolver).add(next: start, into: &chain)
            }
            chain.add(start, LoweringStep.pass(result: .object([]), resultPath: DataLayout.scratch, next: actionStart))
            chain.append(contentsOf: action)
            if let handler = lowering.failureHandler {
                chain.add(handler, LoweringStep.pass(
                    parameters: [ASLNode.Member("failed", .bool(true)), ASLNode.Member("error.$", .string("$.caught.Error")),
                                 ASLNode.Member("cause.$", .string("$.caught.Cause"))],
                    resultPath: lowering.resultPath, next: lowering.state("done")))
            }
        }
        return entry
    }

    /// A decision: the first branch whose condition holds is recorded as `{"branch": i}`; none
    /// holding (and no `else`) records `-1`, choosing nothing.
    private func lowerDecision(_ step: Step, branches: [DecisionBranch], next: String, into chain: inout StateChain) throws(CompileRefusal) {
        var rules: [(rule: ASLNode, next: String)] = []
        var outcomes = StateChain()
        var fallback = "\(step.name).none"
        for (index, branch) in branches.enumerated() {
            let chosen = "\(step.name).branch-\(index)"
            outcomes.add(chosen, LoweringStep.pass(result: .fields(["branch": .int(index)]), resultPath: DataLayout.step(step.name), next: next))
            guard let condition = branch.condition else {
                fallback = chosen
                break
            }
            let compiler = ConditionCompiler(resolver: resolver, subject: step.name, location: condition.location)
            rules.append((try compiler.rule(condition.expression), chosen))
        }
        if fallback == "\(step.name).none" {
            outcomes.add(fallback, LoweringStep.pass(result: .fields(["branch": .int(-1)]), resultPath: DataLayout.step(step.name), next: next))
        }
        let decide = rules.isEmpty ? LoweringStep.pass(result: .object([]), resultPath: nil, next: fallback) : LoweringStep.choice(rules, otherwise: fallback)
        chain.add(step.name, decide)
        chain.append(contentsOf: outcomes)
    }
}
