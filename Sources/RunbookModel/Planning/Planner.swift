/// Turns a runbook into a ``Plan``: resolves step references to indices, adds the implicit
/// edges from decisions to the steps they choose, finds cycles and computes layers.
public enum Planner {
    /// Builds the plan of a runbook whose step references have been validated.
    ///
    /// References to unknown steps are ignored here (the validator reports them).
    ///
    /// - Parameter runbook: The runbook.
    /// - Returns: The plan, or the diagnostics naming each cycle when the graph has cycles.
    public static func plan(_ runbook: Runbook) -> Result<Plan, PlanningFailure> {
        var indexByName: [String: Int] = [:]
        for (index, step) in runbook.steps.enumerated() where indexByName[step.name] == nil { indexByName[step.name] = index }

        var nodes: [Plan.Node] = []
        nodes.reserveCapacity(runbook.steps.count)
        /// Where each dependency edge is written, for naming cycles: node → [(dependency, location)].
        var edgeLocations: [[(Int, SourceLocation)]] = []
        for (index, step) in runbook.steps.enumerated() {
            var needs: [Int] = []
            var edges: [(Int, SourceLocation)] = []
            for need in step.needs {
                guard let target = indexByName[need.value], target != index, !needs.contains(target) else { continue }
                needs.append(target)
                edges.append((target, need.location))
            }
            var branchTargets: [[Int]] = []
            for branch in step.branches ?? [] {
                branchTargets.append(branch.targets.compactMap { indexByName[$0.value] })
            }
            nodes.append(Plan.Node(index: index, step: step, needs: needs, gates: [], dependencies: [], dependents: [],
                                   branchTargets: branchTargets, layer: 0))
            edgeLocations.append(edges)
        }
        // Gates: each decision gates the steps its branches name.
        for decision in nodes where decision.isDecision {
            var branchesByTarget: [Int: [Int]] = [:]
            for (branch, targets) in decision.branchTargets.enumerated() {
                for target in targets where !(branchesByTarget[target]?.contains(branch) ?? false) {
                    branchesByTarget[target, default: []].append(branch)
                }
            }
            for (target, branches) in branchesByTarget.sorted(by: { $0.key < $1.key }) {
                nodes[target].gates.append(Plan.Gate(decision: decision.index, branches: branches))
                let location = decision.step.branches!.flatMap(\.targets).first { indexByName[$0.value] == target }!.location
                edgeLocations[target].append((decision.index, location))
            }
        }
        for index in nodes.indices {
            let dependencies = Set(nodes[index].needs + nodes[index].gates.map(\.decision))
            nodes[index].dependencies = dependencies.sorted()
            for dependency in dependencies { nodes[dependency].dependents.append(index) }
        }
        for index in nodes.indices { nodes[index].dependents.sort() }

        let cycles = findCycles(nodes: nodes, edgeLocations: edgeLocations)
        guard cycles.isEmpty else { return .failure(PlanningFailure(diagnostics: cycles)) }

        var layers: [[Int]] = []
        for index in topologicalOrder(nodes) {
            let layer = nodes[index].dependencies.map { nodes[$0].layer + 1 }.max() ?? 0
            nodes[index].layer = layer
            if layers.count <= layer { layers.append([]) }
            layers[layer].append(index)
        }
        for index in layers.indices { layers[index].sort() }
        return .success(Plan(runbook: runbook, nodes: nodes, layers: layers, indexByName: indexByName))
    }

    /// Kahn's algorithm over dependencies; assumes no cycles.
    private static func topologicalOrder(_ nodes: [Plan.Node]) -> [Int] {
        var remaining = nodes.map(\.dependencies.count)
        var queue = nodes.filter(\.dependencies.isEmpty).map(\.index)
        var order: [Int] = []
        order.reserveCapacity(nodes.count)
        var head = 0
        while head < queue.count {
            let index = queue[head]
            head += 1
            order.append(index)
            for dependent in nodes[index].dependents {
                remaining[dependent] -= 1
                if remaining[dependent] == 0 { queue.append(dependent) }
            }
        }
        return order
    }

    /// Every distinct cycle, each named in full at the edge that closes it (iterative DFS).
    static func findCycles(nodes: [Plan.Node], edgeLocations: [[(Int, SourceLocation)]]) -> [Diagnostic] {
        enum Color { case white, grey, black }
        var color = Array(repeating: Color.white, count: nodes.count)
        var reported = Set<[Int]>()
        var diagnostics: [Diagnostic] = []
        for root in nodes.indices where color[root] == .white {
            // Stack of (node, next edge to explore).
            var stack: [(node: Int, edge: Int)] = [(root, 0)]
            color[root] = .grey
            while let top = stack.last {
                let edges = edgeLocations[top.node]
                if top.edge == edges.count {
                    color[top.node] = .black
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].edge += 1
                let (next, location) = edges[top.edge]
                switch color[next] {
                case .white:
                    color[next] = .grey
                    stack.append((next, 0))
                case .grey:
                    let start = stack.firstIndex { $0.node == next }!
                    let members = stack[start...].map(\.node)
                    guard reported.insert(members.sorted()).inserted else { continue }
                    // Dependencies point backwards in time: show the cycle in the order steps would run.
                    let names = ([next] + members.reversed()).map { nodes[$0].name }
                    diagnostics.append(.error(.cycle, "steps depend on each other in a cycle: \(names.joined(separator: " → "))", at: location,
                                              fix: "remove one of these dependencies (a `needs` entry or a decision's `goto`)"))
                case .black:
                    continue
                }
            }
        }
        return diagnostics
    }
}

/// Why a runbook could not be planned.
public struct PlanningFailure: Error, Sendable {
    /// The problems, each with a location.
    public var diagnostics: [Diagnostic]
}
