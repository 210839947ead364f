public import Foundation
public import Providers
import Synchronization

/// The one simulated time of a run on a ``SimulationExecutor``: a task that sleeps is woken
/// only once every task of the run is blocked and no other sleeper is due earlier — a
/// discrete-event clock, like FoundationDB's simulator or swift-nio's `EmbeddedEventLoop`.
///
/// Every call therefore reaches the simulated world in the order of simulated time: a step
/// that polls a snapshot for minutes cannot drag the world ahead while a parallel isolation,
/// seconds long, is still making its calls. Sleepers due at the same moment wake in the order
/// they went to sleep, so a seed replays exactly.
public final class SimulationClock: ProviderClock {
    private struct Sleeper {
        var deadline: Date
        var order: UInt64
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: Date
        var sleepers: [Sleeper] = []
        var nextOrder: UInt64 = 0
        /// Sleeps cancelled before they were registered.
        var cancelled: Set<UInt64> = []
    }

    private let state: Mutex<State>

    /// - Parameter start: The simulated time to start at.
    public init(start: Date) { state = Mutex(State(now: start)) }

    public var now: Date { state.withLock { $0.now } }

    /// Waits take no real time, and the engine enforces timeouts at a step's own waits.
    public var advancesInstantly: Bool { true }

    public func sleep(until deadline: Date) async throws {
        try Task.checkCancellation()
        let order: UInt64? = state.withLock { state in
            guard deadline > state.now else { return nil }
            defer { state.nextOrder += 1 }
            return state.nextOrder
        }
        guard let order else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let cancelledAlready = state.withLock { state in
                    if state.cancelled.remove(order) != nil { return true }
                    state.sleepers.append(Sleeper(deadline: deadline, order: order, continuation: continuation))
                    return false
                }
                if cancelledAlready { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            let sleeper: Sleeper? = state.withLock { state in
                guard let index = state.sleepers.firstIndex(where: { $0.order == order }) else {
                    state.cancelled.insert(order)
                    return nil
                }
                return state.sleepers.remove(at: index)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves time to the earliest deadline and wakes every sleeper due then, in the order they
    /// went to sleep. The executor calls it when no job is ready.
    ///
    /// - Returns: Whether a sleeper was woken (`false`: nobody sleeps).
    func wakeNext() -> Bool {
        let due: [Sleeper] = state.withLock { state in
            guard let earliest = state.sleepers.min(by: { ($0.deadline, $0.order) < ($1.deadline, $1.order) })?.deadline else { return [] }
            state.now = max(state.now, earliest)
            let due = state.sleepers.filter { $0.deadline <= earliest }.sorted { $0.order < $1.order }
            state.sleepers.removeAll { $0.deadline <= earliest }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
        return !due.isEmpty
    }

    /// Moves time forward while nothing runs: "the approval arrives ten minutes later".
    ///
    /// - Parameter duration: How far.
    public func advance(by duration: Duration) {
        state.withLock { $0.now = $0.now.addingTimeInterval(max(0, duration.timeInterval)) }
    }
}
