/// Finds steps that can never run, and decision targets that need steps which cannot run
/// alongside them, by simulating the scheduling rules over the decisions' possible choices.
///
/// Choosing more branches never stops a step from running (the rules are monotone), so the
/// analysis simulates, for each decision and each branch it can take, the world where that
/// decision takes only that branch and every other decision takes all of its possible ones.
/// A step missing from every world of one decision can never run. A branch is impossible
/// when its condition is the literal `false` or an earlier branch's is the literal `true`;
/// a step whose `when` is the literal `false` never runs.
struct ReachabilityAnalysis {
    /// Worlds × nodes above which the per-branch analysis is skipped to keep validation fast.
    static let budget = 20_000_000

    let plan: Plan
    private let possibleBranches: [Int: Set<Int>]
    /// Whether each node's `when` is the literal `false`.
    private let neverWhen: [Bool]

    init(plan: Plan) {
        self.plan = plan
        var possible: [Int: Set<Int>] = [:]
        for node in plan.nodes where node.isDecision {
            var branches = Set<Int>()
            for (index, branch) in node.step.branches!.enumerated() {
                guard let condition = branch.condition else { branches.insert(index); break }
                if case .literal(let value) = condition.expression.kind {
                    if value.isTruthy { branches.insert(index); break } else { continue }
                }
                branches.insert(index)
            }
            possible[node.index] = branches
        }
        possibleBranches = possible
        neverWhen = plan.nodes.map { node in
            guard let when = node.step.when, case .literal(let value) = when.expression.kind else { return false }
            return !value.isTruthy
        }
    }

    mutating func diagnostics() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let everything = simulate { possibleBranches[$0] ?? [] }
        var reported = Set<Int>()
        for node in plan.nodes where !everything[node.index] {
            reported.insert(node.index)
            diagnostics.append(.error(.unreachable, "step '\(node.name)' can never run: \(whyNever(node.index))", at: node.step.location,
                                      fix: "check the `when` conditions and decision branches that lead to it"))
        }
        let worlds = possibleBranches.values.reduce(0) { $0 + $1.count }
        guard worlds * max(plan.nodes.count, 1) <= Self.budget else { return diagnostics }

        for decision in plan.decisions {
            let branches = possibleBranches[decision]!.sorted()
            guard !branches.isEmpty else { continue }
            // Which steps run in the world where the decision takes only that branch, by branch index.
            var ranInBranch = [[Bool]](repeating: [], count: plan.nodes[decision].branchTargets.count)
            for branch in branches {
                ranInBranch[branch] = simulate { $0 == decision ? [branch] : possibleBranches[$0] ?? [] }
            }
            for index in plan.nodes.indices where !reported.contains(index) {
                if !branches.contains(where: { ranInBranch[$0][index] }) {
                    let node = plan.nodes[index]
                    reported.insert(node.index)
                    diagnostics.append(.error(.unreachable, "step '\(node.name)' can never run: no single branch of decision '\(plan.nodes[decision].name)' lets it run",
                                              at: node.step.location, fix: "its needs lie on branches that exclude each other; make it depend on one branch"))
                }
                for gate in plan.topology.gates[index] where gate.decision == decision {
                    let node = plan.nodes[index]
                    let chosenBy = gate.branches.filter(branches.contains)
                    for need in node.needs where need != decision {
                        guard !chosenBy.isEmpty, !chosenBy.contains(where: { ranInBranch[$0][need] }) else { continue }
                        let location = node.step.needs.first { plan.index(of: $0.value) == need }?.location ?? node.step.location
                        diagnostics.append(.error(.conflictingGoto,
                                                  "step '\(node.name)' runs only when '\(plan.nodes[decision].name)' chooses branch \(chosenBy.map { String($0 + 1) }.joined(separator: " or ")), but it needs '\(plan.nodes[need].name)', which never runs then",
                                                  at: location, fix: "move '\(node.name)' to the branch that runs '\(plan.nodes[need].name)', or drop the need"))
                    }
                }
            }
        }
        return diagnostics
    }

    /// Which steps run when decisions choose as `choose` says and literal-false `when`s skip.
    ///
    /// The rules of ``PlanScheduler`` for a run in which nothing fails, applied in one pass in
    /// topological order (the analysis runs this once per decision branch, so it must be cheap;
    /// a test checks it agrees with the scheduler).
    func simulate(_ choose: (Int) -> Set<Int>) -> [Bool] {
        let topology = plan.topology
        var ran = [Bool](repeating: false, count: plan.nodes.count)
        var chosen = [Set<Int>?](repeating: nil, count: plan.nodes.count)
        for index in topology.order where !neverWhen[index] {
            let gates = topology.gates[index]
            if !gates.isEmpty, !gates.contains(where: { gate in chosen[gate.decision].map { choice in gate.branches.contains(where: choice.contains) } ?? false }) {
                continue
            }
            let dependencies = topology.dependencies[index]
            if !dependencies.isEmpty, !dependencies.contains(where: { ran[$0] }) { continue }
            ran[index] = true
            if topology.isDecision[index] { chosen[index] = choose(index) }
        }
        return ran
    }

    private func whyNever(_ index: Int) -> String {
        let node = plan.nodes[index]
        if let when = node.step.when, case .literal(let value) = when.expression.kind, !value.isTruthy { return "its `when` is always false" }
        if let gate = node.gates.first, node.gates.allSatisfy({ gate in gate.branches.allSatisfy { !(possibleBranches[gate.decision]?.contains($0) ?? false) } }) {
            return "the branches of '\(plan.nodes[gate.decision].name)' that choose it can never be taken"
        }
        return "every step it depends on can never run"
    }
}
