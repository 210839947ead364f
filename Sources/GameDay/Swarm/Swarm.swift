import Foundation

/// A scenario not declaring what a swarm may draw.
public struct SwarmError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// Runs a scenario under many seeds, each with faults drawn from the scenario's fault space,
/// several at once: each run is deterministic on an executor of its own, so running them side
/// by side changes nothing but the wall time.
public struct Swarm: Sendable {
    public let runner: GameDayRunner
    /// Runs at once (one per core by default).
    public let parallel: Int

    /// - Parameters:
    ///   - runner: Runs each rehearsal.
    ///   - parallel: Runs at once; `nil` for one per core.
    public init(runner: GameDayRunner, parallel: Int? = nil) {
        self.runner = runner
        self.parallel = max(1, parallel ?? ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Runs `count` seeds from `firstSeed` on. The runs are not recorded in the audit store,
    /// except a swarm of one (the replay of a failing seed), which is.
    ///
    /// - Parameters:
    ///   - scenario: A scenario with a `swarm:` section.
    ///   - count: How many runs.
    ///   - firstSeed: The first run's seed; the others follow it.
    ///   - finished: Called after each run with how many have finished (progress).
    /// - Returns: Every run's scorecard, in seed order.
    /// - Throws: ``SwarmError`` if the scenario declares no fault space; ``GameDayError``.
    public func run(_ scenario: Scenario, count: Int, firstSeed: UInt64, finished: (@Sendable (Int) -> Void)? = nil) async throws -> [Scorecard] {
        guard let space = scenario.swarm else {
            throw SwarmError(description: "\(scenario.path): scenario '\(scenario.name)' declares no fault space; add a `swarm:` section naming what may go wrong (see Runbooks/gamedays/README.md, \"Swarms\")")
        }
        let recording = count == 1
        return try await withThrowingTaskGroup(of: (Int, Scorecard).self) { group in
            var cards = [Scorecard?](repeating: nil, count: count)
            var next = 0, done = 0
            func start(_ index: Int) {
                let seed = firstSeed &+ UInt64(index)
                let schedule = FaultSchedule(drawingFrom: space, seed: seed, approvals: !scenario.approvals.isEmpty)
                group.addTask { (index, try await runner.run(scenario, seed: seed, faults: schedule, recording: recording)) }
            }
            while next < min(parallel, count) { start(next); next += 1 }
            while let (index, card) = try await group.next() {
                cards[index] = card
                done += 1
                finished?(done)
                if next < count { start(next); next += 1 }
            }
            return cards.compactMap { $0 }
        }
    }
}
