import Engine
import Foundation
import Providers
import Synchronization
import Testing

/// What the tasks of a test saw, in order.
private final class Log<Item: Sendable>: Sendable {
    private let items = Mutex<[Item]>([])
    func append(_ item: Item) { items.withLock { $0.append(item) } }
    var all: [Item] { items.withLock { $0 } }
}

@Suite("The simulation clock: time moves only when every task waits")
struct SimulationClockTests {
    static let start = Date(timeIntervalSince1970: 1_767_225_600)

    @Test func aLongPollerDoesNotDragTimeAheadOfAShortStepRunningBesideIt() async throws {
        // Given a step that polls every 60 s for 5 minutes and, beside it, one that waits 2 s then 3 s
        let clock = SimulationClock(start: Self.start)
        let log = Log<String>()
        @Sendable func note(_ text: String) { log.append("\(Int(clock.now.timeIntervalSince(Self.start)))s \(text)") }
        try await SimulationExecutor.run(clock: clock) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for poll in 1...5 {
                        try await clock.sleep(for: .seconds(60))
                        note("poll \(poll)")
                    }
                }
                group.addTask {
                    try await clock.sleep(for: .seconds(2))
                    note("isolate call 1")
                    try await clock.sleep(for: .seconds(3))
                    note("isolate call 2")
                }
                try await group.waitForAll()
            }
        }
        // Then each wakes at its own deadline, in the order of simulated time
        #expect(log.all == ["2s isolate call 1", "5s isolate call 2", "60s poll 1", "120s poll 2", "180s poll 3", "240s poll 4", "300s poll 5"])
        #expect(clock.now == Self.start.addingTimeInterval(300))
    }

    @Test func sleepersDueAtOneMomentWakeInTheOrderTheyWentToSleep() async throws {
        let clock = SimulationClock(start: Self.start)
        let order = Log<Int>()
        try await SimulationExecutor.run(clock: clock) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        try await clock.sleep(for: .seconds(10))
                        order.append(index)
                    }
                }
                try await group.waitForAll()
            }
        }
        #expect(order.all == Array(0..<20))
    }

    @Test func aCancelledSleepEndsAtOnceAndLeavesTimeAlone() async throws {
        // Given a task sleeping an hour, cancelled once a 1 s sleeper beside it wakes
        let clock = SimulationClock(start: Self.start)
        let outcome = try await SimulationExecutor.run(clock: clock) {
            let sleeper = Task { () -> Bool in
                do { try await clock.sleep(for: .seconds(3600)); return false } catch { return error is CancellationError }
            }
            try await clock.sleep(for: .seconds(1))
            sleeper.cancel()
            return await sleeper.value
        }
        // Then it threw CancellationError, and the hour never passed
        #expect(outcome)
        #expect(clock.now == Self.start.addingTimeInterval(1))
    }
}
