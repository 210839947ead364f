import RunbookModel

/// The Choice in front of a step that applies the language's skip rules (PlanScheduler's): not
/// chosen by a decision that gates it, every dependency skipped, its `when` false. Each reason
/// has its own Pass, so the history says why: `{"skipped": true, "reason": "not-chosen"}`.
struct StepGuard {
    let plan: Plan
    let node: Plan.Node
    let resolver: ReferenceResolver

    /// Adds the guard (when the step has any rule) and returns the step's entry state.
    func add(start: String, next: String, into chain: inout StateChain) throws(CompileRefusal) -> String {
        let step = node.step
        var rules: [(rule: ASLNode, next: String)] = []
        var reasons: [String] = []
        if !node.gates.isEmpty {
            let chosen = node.gates.map { gate in
                let decision = "\(DataLayout.step(plan.nodes[gate.decision].name)).branch"
                return ASLNode.fields(["Or": .array(gate.branches.map { branch in
                    .fields(["And": .array([.fields(["Variable": .string(decision), "IsPresent": .bool(true)]),
                                            .fields(["Variable": .string(decision), "NumericEquals": .int(branch)])])])
                })])
            }
            rules.append((.fields(["Not": .fields(["Or": .array(chosen)])]), "\(step.name).not-chosen"))
            reasons.append("not-chosen")
        }
        if !node.dependencies.isEmpty {
            let skipped = node.dependencies.map { ASLNode.fields(["Variable": .string("\(DataLayout.step(plan.nodes[$0].name)).skipped"), "IsPresent": .bool(true)]) }
            rules.append((.fields(["And": .array(skipped)]), "\(step.name).dependencies-skipped"))
            reasons.append("dependencies-skipped")
        }
        var fallback = start
        if let when = step.when {
            let compiler = ConditionCompiler(resolver: resolver, subject: step.name, location: when.location)
            rules.append((try compiler.rule(when.expression), start))
            fallback = "\(step.name).condition-false"
            reasons.append("condition-false")
        }
        guard !rules.isEmpty else { return start }
        let name = "\(step.name).when"
        chain.add(name, LoweringStep.choice(rules, otherwise: fallback))
        for reason in reasons {
            chain.add("\(step.name).\(reason)", LoweringStep.pass(
                result: .fields(["skipped": .bool(true), "reason": .string(reason)]), resultPath: DataLayout.step(step.name), next: next))
        }
        return name
    }
}
