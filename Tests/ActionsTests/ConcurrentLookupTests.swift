@testable import Actions
import Foundation
import Providers
import Synchronization
import Testing

@Suite("Concurrent look-ups within a step")
struct ConcurrentLookupTests {
    /// The most transforms seen running at once.
    final class InFlight: Sendable {
        let counts = Mutex((now: 0, most: 0))
        func enter() { counts.withLock { $0.now += 1; $0.most = max($0.most, $0.now) } }
        func leave() { counts.withLock { $0.now -= 1 } }
    }

    @Test func atMostEightRunAtOnceAndTheResultsKeepTheirOrder() async throws {
        // Given 20 look-ups of one simulated second each
        let clock = TimelineClock(start: Date(timeIntervalSince1970: 0))
        let inFlight = InFlight()
        // When they are mapped concurrently
        let results = try await clock.concurrentMap(Array(0..<20)) { item in
            inFlight.enter()
            try await clock.sleep(until: clock.now.addingTimeInterval(1))
            await Task.yield()
            inFlight.leave()
            return item * 2
        }
        // Then no more than eight ran at once, in three simulated waves, results in order
        #expect(results == (0..<20).map { $0 * 2 })
        #expect(inFlight.counts.withLock { $0.most } <= 8)
        #expect(clock.now == Date(timeIntervalSince1970: 3))
    }
}
