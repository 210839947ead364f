/// Runs a plan's scheduling rules without running any action: every `when` holds, no step
/// fails, and each decision chooses the branches a policy gives it.
///
/// The validator uses it to find steps that can never run and goto targets whose needs
/// cannot run with them; tests use it to pin down the scheduling semantics.
public enum PlanSimulation {
    /// The outcome of every step when decisions choose as `choose` says.
    ///
    /// - Parameters:
    ///   - plan: The plan.
    ///   - choose: The branch indices a decision node chooses.
    /// - Returns: Each step's outcome, by node index.
    public static func run(_ plan: Plan, choose: (Plan.Node) -> Set<Int>) -> [PlanScheduler.Outcome] {
        var scheduler = PlanScheduler(plan: plan)
        var ready = scheduler.start()
        while let index = ready.popLast() {
            let node = plan.nodes[index]
            let outcome: PlanScheduler.Outcome = node.isDecision ? .decided(branches: choose(node)) : .succeeded
            ready.append(contentsOf: scheduler.complete(index, with: outcome))
        }
        return plan.nodes.indices.map { scheduler.outcome(of: $0) ?? .skipped(.allDependenciesSkipped) }
    }
}
