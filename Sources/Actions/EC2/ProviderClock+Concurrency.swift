import Foundation
import Providers

extension ProviderClock {
    /// The result of work run with ``ProviderClock/fork(_:)``, its end taken into this task's time.
    func joined<Result>(_ forked: (result: Result, end: Date)) -> Result {
        join(forked.end)
        return forked.result
    }

    /// `transform` of every item, all at the same time, each on its own timeline of a simulated
    /// clock (joined after), so simulated time does not depend on how the runtime interleaves
    /// them; the results in the items' order.
    func concurrentMap<Item: Sendable, Result: Sendable>(_ items: [Item], _ transform: @escaping @Sendable (Item) async throws -> Result) async throws -> [Result] {
        try await withThrowingTaskGroup(of: (Int, Result, Date).self) { group in
            for (index, item) in items.enumerated() {
                group.addTask {
                    let (result, end) = try await fork { try await transform(item) }
                    return (index, result, end)
                }
            }
            var results = [Result?](repeating: nil, count: items.count)
            for try await (index, result, end) in group {
                results[index] = result
                join(end)
            }
            return results.compactMap { $0 }
        }
    }
}
