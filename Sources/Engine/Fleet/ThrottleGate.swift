import Foundation
import Providers

/// Shared rate-limit awareness for a fleet: when any target's call is throttled
/// (`RequestLimitExceeded`, `Throttling`), every target pauses before its next call, with an
/// exponentially growing pause that halves again as calls succeed — so 200 runs back off
/// together instead of each hammering the account's bucket on its own.
actor ThrottleGate {
    private let clock: any ProviderClock
    private var pausedUntil: Date?
    private var pause: TimeInterval = 0
    private let smallest: TimeInterval = 0.25
    private let largest: TimeInterval = 20
    /// How many throttled answers the fleet got.
    private(set) var throttledCalls = 0

    init(clock: any ProviderClock) { self.clock = clock }

    /// Waits out the current pause, if any.
    func admit() async throws {
        if let until = pausedUntil, until > clock.now { try await clock.sleep(until: until) }
    }

    /// A call was throttled: lengthen the shared pause.
    func throttled() {
        throttledCalls += 1
        pause = min(largest, max(smallest, pause * 2))
        let until = clock.now.addingTimeInterval(pause)
        if pausedUntil.map({ until > $0 }) ?? true { pausedUntil = until }
    }

    /// A call succeeded: shorten the pause.
    func succeeded() {
        guard pause > 0 else { return }
        pause = pause / 2 < smallest ? 0 : pause / 2
    }
}
