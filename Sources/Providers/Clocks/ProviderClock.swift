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

    /// Runs `body` as a separate line of work that starts now (a step running in parallel).
    ///
    /// Simulated clocks give it its own timeline; real clocks just run it.
    ///
    /// - Parameter body: The work.
    /// - Returns: Its result and the time it ended at on its own timeline.
    func fork<Result: Sendable>(_ body: @Sendable () async throws -> Result) async rethrows -> (result: Result, end: Date)

    /// Like ``fork(_:)``, but the work starts at `start` on its own timeline (when what it
    /// waited for ended), not at the caller's current time.
    ///
    /// - Parameters:
    ///   - start: When the work begins.
    ///   - body: The work.
    /// - Returns: Its result and the time it ended at on its own timeline.
    func fork<Result: Sendable>(at start: Date, _ body: @Sendable () async throws -> Result) async rethrows -> (result: Result, end: Date)

    /// Takes in the end of forked work: the caller's time becomes at least `time`.
    ///
    /// - Parameter time: When the forked work ended.
    func join(_ time: Date)
}

extension ProviderClock {
    public var advancesInstantly: Bool { false }

    public func fork<Result: Sendable>(_ body: @Sendable () async throws -> Result) async rethrows -> (result: Result, end: Date) {
        (try await body(), now)
    }

    public func fork<Result: Sendable>(at start: Date, _ body: @Sendable () async throws -> Result) async rethrows -> (result: Result, end: Date) {
        try await fork(body)
    }

    public func join(_ time: Date) {}

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
