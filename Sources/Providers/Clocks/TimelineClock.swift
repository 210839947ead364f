public import Foundation
import Synchronization

/// A simulated clock on which every task keeps its own timeline, so that parallel work
/// overlaps in simulated time the way it would in real time.
///
/// A task's waits (API latency, back-off, polling) move only its own timeline. A task started
/// for a step forks a timeline from its parent's current time; when the step's result is
/// taken in, the parent joins it (its time becomes the later of the two). Time never depends
/// on how the runtime happened to interleave the tasks, so a game day is repeatable, and a
/// snapshot that polls for minutes does not make a parallel isolation look minutes long.
///
/// Code outside any fork (a test, a game-day runner between runs) sees the global time, which
/// joins fold into and ``advance(by:)`` moves.
public final class TimelineClock: ProviderClock {
    /// One task's simulated time.
    final class Timeline: Sendable {
        let time: Mutex<Date>
        init(_ start: Date) { time = Mutex(start) }
    }

    @TaskLocal static var current: Timeline?

    private let global: Mutex<Date>

    /// Makes a clock whose global time starts at `start`.
    ///
    /// - Parameter start: The initial simulated time.
    public init(start: Date) { global = Mutex(start) }

    public var now: Date { Self.current?.time.withLock { $0 } ?? global.withLock { $0 } }

    public var advancesInstantly: Bool { true }

    public func sleep(until deadline: Date) async throws {
        try Task.checkCancellation()
        if let timeline = Self.current {
            timeline.time.withLock { if deadline > $0 { $0 = deadline } }
        } else {
            global.withLock { if deadline > $0 { $0 = deadline } }
        }
    }

    public func fork<Result: Sendable>(_ body: @Sendable () async throws -> Result) async rethrows -> (result: Result, end: Date) {
        try await fork(at: now, body)
    }

    public func fork<Result: Sendable>(at start: Date, _ body: @Sendable () async throws -> Result) async rethrows -> (result: Result, end: Date) {
        let timeline = Timeline(start)
        let result = try await Self.$current.withValue(timeline) { try await body() }
        return (result, timeline.time.withLock { $0 })
    }

    public func join(_ time: Date) {
        if let timeline = Self.current {
            timeline.time.withLock { if time > $0 { $0 = time } }
        } else {
            global.withLock { if time > $0 { $0 = time } }
        }
    }

    /// Moves the global time forward to `date` if it is behind (a long-running server's
    /// simulated account keeps up with the wall clock between runs).
    ///
    /// - Parameter date: The time to catch up with.
    public func catchUp(to date: Date) {
        global.withLock { if date > $0 { $0 = date } }
    }

    /// Moves the global time forward (between runs: "the approval arrives ten minutes later").
    ///
    /// - Parameter duration: How far.
    public func advance(by duration: Duration) {
        global.withLock { $0 = $0.addingTimeInterval(max(0, duration.timeInterval)) }
    }
}
