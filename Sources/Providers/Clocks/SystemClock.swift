public import Foundation

/// The real wall clock: `now` is the system time and sleeping really waits.
public struct SystemClock: ProviderClock {
    public init() {}

    public var now: Date { Date() }

    public func sleep(until deadline: Date) async throws {
        let interval = deadline.timeIntervalSinceNow
        guard interval > 0 else { return try Task.checkCancellation() }
        try await Task.sleep(for: .interval(interval))
    }
}
