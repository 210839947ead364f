import Synchronization
import Foundation
import Providers

/// The error of an attempt that ran past its step's `timeout`.
struct StepTimeout: Error {
    let limit: Duration
}

/// The run's clock as one attempt sees it: any wait past the attempt's deadline ends at the
/// deadline with ``StepTimeout``. This is how timeouts hold on a virtual clock, where racing
/// the step against a timer would not work.
struct DeadlineClock: ProviderClock {
    let base: any ProviderClock
    let deadline: Date
    let limit: Duration

    var now: Date { base.now }
    var advancesInstantly: Bool { base.advancesInstantly }

    func sleep(until time: Date) async throws {
        if time > deadline {
            try await base.sleep(until: deadline)
            throw StepTimeout(limit: limit)
        }
        try await base.sleep(until: time)
        if base.now > deadline { throw StepTimeout(limit: limit) }
    }
}

/// A flag Ctrl-C sets: the engine stops starting steps, lets running ones finish, and records
/// the run as interrupted.
public final class InterruptSignal: Sendable {
    private let flag = Mutex(false)

    public init() {}

    /// Asks the run to stop after the steps in flight.
    public func interrupt() { flag.withLock { $0 = true } }

    /// Whether ``interrupt()`` was called.
    public var isInterrupted: Bool { flag.withLock { $0 } }
}
