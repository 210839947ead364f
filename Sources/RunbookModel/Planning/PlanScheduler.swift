/// The run-time state machine of a plan: which steps are ready, which are skipped, when the
/// run is done. It encodes the language's scheduling rules in one place; the executor
/// evaluates conditions and runs actions, then reports each outcome back.
///
/// A step is resolved once all its dependencies have finished:
/// 1. if a dependency failed (and its failure was not tolerated with `on-failure: continue`),
///    the step is skipped;
/// 2. if decisions gate it and none of them chose it, it is skipped;
/// 3. if it has dependencies and every one of them was skipped, it is skipped
///    (skipping propagates);
/// 4. otherwise it is ready: the executor evaluates its `when` and runs it or reports it skipped.
///
/// Mutated by one task only (it is a value type), as STYLE.md asks of scheduler state.
public struct PlanScheduler: Sendable {
    /// Why a step was skipped.
    public enum SkipReason: Hashable, Sendable {
        /// Its `when` condition was false.
        case conditionFalse
        /// The decision with this node index did not choose it.
        case notChosen(decision: Int)
        /// Every step it depends on was skipped.
        case allDependenciesSkipped
        /// The step with this node index failed.
        case dependencyFailed(Int)
        /// Someone denied the step's approval.
        case approvalDenied
    }

    /// What completing a step resolved: steps now ready, and steps skipped as a consequence.
    public struct Resolution: Sendable {
        /// Node indices that became ready, in plan order.
        public var ready: [Int]
        /// Node indices skipped by the rules (in the order they were resolved), with why.
        public var skipped: [(index: Int, reason: SkipReason)]
    }

    /// What happened to a step.
    public enum Outcome: Hashable, Sendable {
        /// An action step completed.
        case succeeded
        /// A decision step chose these branch indices (empty when no branch held).
        case decided(branches: Set<Int>)
        /// The step failed after its retries; `tolerated` when its policy is `continue`.
        case failed(tolerated: Bool)
        /// The step did not run.
        case skipped(SkipReason)
    }

    /// Where a step stands.
    public enum State: Hashable, Sendable {
        /// Waiting for dependencies.
        case pending
        /// Handed to the executor (by ``start()`` or ``complete(_:with:)``), not yet finished.
        case ready
        /// Finished with this outcome.
        case finished(Outcome)
    }

    /// The plan being run.
    public let plan: Plan
    /// Every step's state, by node index.
    public private(set) var states: [State]
    private var unfinishedDependencies: [Int]
    private var unfinishedCount: Int

    /// Creates the state machine with every step pending.
    ///
    /// - Parameter plan: The plan to run.
    public init(plan: Plan) {
        self.plan = plan
        states = Array(repeating: .pending, count: plan.nodes.count)
        unfinishedDependencies = plan.topology.dependencies.map { $0.count }
        unfinishedCount = plan.nodes.count
    }

    /// Whether every step has finished.
    public var isFinished: Bool { unfinishedCount == 0 }

    /// The outcome of a finished step.
    ///
    /// - Parameter index: The node index.
    /// - Returns: Its outcome, or `nil` while it has not finished.
    public func outcome(of index: Int) -> Outcome? {
        if case .finished(let outcome) = states[index] { return outcome }
        return nil
    }

    /// The steps with no dependencies, now ready.
    ///
    /// - Returns: Node indices the executor should run next.
    public mutating func start() -> [Int] {
        var ready: [Int] = []
        for (index, dependencies) in plan.topology.dependencies.enumerated() where dependencies.isEmpty && states[index] == .pending {
            states[index] = .ready
            ready.append(index)
        }
        return ready
    }

    /// Records the outcome of a ready step and resolves the steps that were waiting on it.
    ///
    /// - Parameters:
    ///   - index: The node index of a step previously returned as ready.
    ///   - outcome: What happened.
    /// - Returns: Node indices that became ready, in plan order.
    public mutating func complete(_ index: Int, with outcome: Outcome) -> [Int] {
        resolve(index, with: outcome).ready
    }

    /// Records the outcome of a ready step, like ``complete(_:with:)``, and also reports the
    /// steps the rules skipped as a consequence, so the executor can record each of them.
    ///
    /// - Parameters:
    ///   - index: The node index of a step previously returned as ready.
    ///   - outcome: What happened.
    /// - Returns: The steps now ready and the steps skipped.
    public mutating func resolve(_ index: Int, with outcome: Outcome) -> Resolution {
        precondition(states[index] == .ready, "step \(plan.nodes[index].name) completed without being ready")
        var ready: [Int] = []
        var skipped: [(index: Int, reason: SkipReason)] = []
        var finished = [(index, outcome)]
        while let (current, result) = finished.popLast() {
            states[current] = .finished(result)
            unfinishedCount -= 1
            for dependent in plan.topology.dependents[current] {
                unfinishedDependencies[dependent] -= 1
                guard unfinishedDependencies[dependent] == 0 else { continue }
                if let reason = skipReason(for: dependent) {
                    finished.append((dependent, .skipped(reason)))
                    skipped.append((dependent, reason))
                } else {
                    states[dependent] = .ready
                    ready.append(dependent)
                }
            }
        }
        return Resolution(ready: ready.sorted(), skipped: skipped)
    }

    /// Why a step whose dependencies have all finished must be skipped, or `nil` if it may run.
    private func skipReason(for index: Int) -> SkipReason? {
        let dependencies = plan.topology.dependencies[index]
        let gates = plan.topology.gates[index]
        for dependency in dependencies {
            if case .finished(.failed(tolerated: false)) = states[dependency] { return .dependencyFailed(dependency) }
        }
        if !gates.isEmpty {
            let chosen = gates.contains { gate in
                guard case .finished(.decided(let branches)) = states[gate.decision] else { return false }
                return gate.branches.contains(where: branches.contains)
            }
            if !chosen { return .notChosen(decision: gates[0].decision) }
        }
        let allSkipped = dependencies.allSatisfy { dependency in
            if case .finished(.skipped) = states[dependency] { return true }
            return false
        }
        return allSkipped && !dependencies.isEmpty ? .allDependenciesSkipped : nil
    }
}
