public import Foundation
import Synchronization

/// A simulated clock that jumps ahead instantly: sleeping moves `now` to the deadline and returns.
///
/// A simulated hour of health checks, snapshot progress and back-off costs no real time.
/// Concurrent sleepers that start at the same instant share the jump, so two parallel
/// one-second waits advance the clock by one second, not two.
public final class VirtualClock: ProviderClock {
    private let current: Mutex<Date>

    /// Makes a clock that starts at `start`.
    ///
    /// - Parameter start: The initial simulated time.
    public init(start: Date) { current = Mutex(start) }

    public var now: Date { current.withLock { $0 } }

    public var advancesInstantly: Bool { true }

    public func sleep(until deadline: Date) async throws {
        try Task.checkCancellation()
        current.withLock { now in if deadline > now { now = deadline } }
    }

    /// Moves the clock forward by `duration` (never backward).
    ///
    /// - Parameter duration: How far to jump.
    public func advance(by duration: Duration) {
        current.withLock { $0 = $0.addingTimeInterval(max(0, duration.timeInterval)) }
    }
}
