public import Foundation

/// The time source that every delay, timeout and simulated health check reads.
///
/// irun never calls `Date()` or `Task.sleep` directly where time matters: it asks a clock,
/// so that game days and tests can run a simulated hour in milliseconds.
public protocol ProviderClock: Sendable {
    /// The current time.
    var now: Date { get }

    /// Suspends until `deadline` (returns at once if it has passed).
    ///
    /// - Parameter deadline: The time to wake up.
    /// - Throws: `CancellationError` if the task is cancelled while waiting.
    func sleep(until deadline: Date) async throws

    /// Whether sleeping jumps the clock ahead instead of waiting (simulated time).
    ///
    /// The engine cannot race a step against a timer on such a clock (the timer would always
    /// win); it enforces timeouts at the step's own waits instead.
    var advancesInstantly: Bool { get }
}

extension ProviderClock {
    public var advancesInstantly: Bool { false }

    /// Suspends for `duration`, measured on this clock.
    ///
    /// - Parameter duration: How long to wait; zero or negative returns at once.
    /// - Throws: `CancellationError` if the task is cancelled while waiting.
    public func sleep(for duration: Duration) async throws {
        guard duration > .zero else { return try Task.checkCancellation() }
        try await sleep(until: now.addingTimeInterval(duration.timeInterval))
    }
}

extension Duration {
    /// The duration in seconds, as a `TimeInterval`.
    public var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }

    /// A duration from seconds given as a `TimeInterval`.
    ///
    /// - Parameter interval: Seconds.
    /// - Returns: The duration, rounded to the nanosecond.
    public static func interval(_ interval: TimeInterval) -> Duration {
        .nanoseconds(Int64((interval * 1e9).rounded()))
    }
}
