import Actions
import Foundation
@testable import RunbookModel
import Testing

@Suite("Reachability analysis")
struct ReachabilityTests {
    static let plans: [String] = [
        "Runbooks/ec2-quarantine.yaml",
        "Runbooks/ec2-release.yaml",
    ]

    /// Every combination of branch subsets for every decision (small plans only).
    func choiceCombinations(_ plan: Plan) -> [[Int: Set<Int>]] {
        var combinations: [[Int: Set<Int>]] = [[:]]
        for decision in plan.decisions {
            let count = plan.nodes[decision].branchTargets.count
            let subsets = (0..<(1 << count)).map { mask in Set((0..<count).filter { mask & (1 << $0) != 0 }) }
            combinations = combinations.flatMap { combination in subsets.map { combination.merging([decision: $0]) { $1 } } }
        }
        return combinations
    }

    @Test("the analysis' one-pass simulation agrees with the scheduler on every choice", arguments: plans)
    func agreesWithScheduler(_ file: String) throws {
        // Given a shipped runbook's plan
        let path = repositoryRoot.appendingPathComponent(file).path
        let plan = try #require(RunbookCompiler.compile(contentsOf: path, catalog: BuiltinActions.catalog).plan)
        let analysis = ReachabilityAnalysis(plan: plan)
        for choices in choiceCombinations(plan) {
            // When decisions choose every possible subset of branches
            let fast = analysis.simulate { choices[$0] ?? [] }
            let scheduled = PlanSimulation.run(plan) { choices[$0.index] ?? [] }.map { outcome -> Bool in
                if case .skipped = outcome { return false }
                return true
            }
            // Then the fast pass and the scheduler agree on which steps run
            #expect(fast == scheduled, "choices \(choices)")
        }
    }
}
