import Foundation
import Providers

extension ProviderClock {
    /// The result of work run with ``ProviderClock/fork(_:)``, its end taken into this task's time.
    func joined<Result>(_ forked: (result: Result, end: Date)) -> Result {
        join(forked.end)
        return forked.result
    }

    /// `transform` of every item, at most `limit` at the same time, each on its own timeline of a
    /// simulated clock (joined after), so simulated time does not depend on how the runtime
    /// interleaves them; the results in the items' order.
    ///
    /// The limit keeps one step from flooding an API with calls (an account with hundreds of
    /// target groups scans them eight at a time).
    func concurrentMap<Item: Sendable, Result: Sendable>(
        _ items: [Item], limit: Int = 8, _ transform: @escaping @Sendable (Item) async throws -> Result
    ) async throws -> [Result] {
        try await withThrowingTaskGroup(of: (Int, Result, Date).self) { group in
            var results = [Result?](repeating: nil, count: items.count)
            var next = 0
            func startNext() {
                guard next < items.count else { return }
                let index = next, item = items[index]
                next += 1
                group.addTask {
                    let (result, end) = try await fork { try await transform(item) }
                    return (index, result, end)
                }
            }
            for _ in 0..<max(1, limit) { startNext() }
            while let (index, result, end) = try await group.next() {
                results[index] = result
                join(end)
                startNext()
            }
            return results.compactMap { $0 }
        }
    }
}
