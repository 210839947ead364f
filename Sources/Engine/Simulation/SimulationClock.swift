public import Foundation
public import Providers

/// The one simulated time of a run on a ``SimulationExecutor``: a task that sleeps is woken
/// only once every task of the run is blocked and no other sleeper is due earlier — a
/// discrete-event clock, like FoundationDB's simulator or swift-nio's `EmbeddedEventLoop`.
///
/// Every call therefore reaches the simulated world in the order of simulated time: a step
/// that polls a snapshot for minutes cannot drag the world ahead while a parallel isolation,
/// seconds long, is still making its calls. Sleepers due at the same moment wake in the order
/// they went to sleep, so a seed replays exactly. The sleepers are a ``ManualClock``'s; the
/// executor is what moves it.
public final class SimulationClock: ProviderClock {
    private let sleepers: ManualClock

    /// - Parameter start: The simulated time to start at.
    public init(start: Date) { sleepers = ManualClock(start: start) }

    public var now: Date { sleepers.now }

    /// Waits take no real time, and the engine enforces timeouts at a step's own waits.
    public var advancesInstantly: Bool { true }

    public func sleep(until deadline: Date) async throws {
        try Task.checkCancellation()
        guard deadline > sleepers.now else { return }
        try await sleepers.sleep(until: deadline)
    }

    /// Moves time to the earliest deadline and wakes the sleepers due then. The executor calls
    /// it when no job is ready.
    ///
    /// - Returns: Whether a sleeper was woken (`false`: nobody sleeps).
    func wakeNext() -> Bool { sleepers.advanceToNextDeadline() }

    /// Moves time forward while nothing runs: "the approval arrives ten minutes later".
    ///
    /// - Parameter duration: How far.
    public func advance(by duration: Duration) { sleepers.advance(by: duration) }
}
