import Foundation
import Providers

/// Answers of the reads the actions repeat, kept for a few seconds and dropped whenever this
/// process changes what they describe.
///
/// Each answer belongs to topics: the ids of the resources it describes (instances, interfaces,
/// volumes) or a whole listing ("load-balancers"). A change names the topics it touches; it
/// drops their answers before it is sent and again after it returns (whatever the outcome), and
/// an answer whose read began before a change to one of its topics finished is not kept. So a
/// read made after this process changed something never sees the world from before the change.
actor ReadCache {
    private struct Entry {
        var topics: Set<String>
        var output: any Sendable
        var time: Date
    }

    private let clock: any ProviderClock
    private let maxAge: TimeInterval
    private var entries: [AnyHashable: Entry] = [:]
    /// The keys of the entries about each topic (may name entries already dropped).
    private var keysByTopic: [String: Set<AnyHashable>] = [:]
    /// A counter of changes, and the last value at which each topic changed.
    private var changes = 0
    private var changed: [String: Int] = [:]

    init(clock: any ProviderClock, maxAge: TimeInterval) {
        self.clock = clock
        self.maxAge = maxAge
    }

    /// Answers `input` from the cache while fresh, else with `read` (keeping the answer under `topics`).
    func answer<Input: Hashable & Sendable, Output: Sendable>(
        _ input: Input, topics: @Sendable (Input, Output) -> [String], _ read: @Sendable (Input) async throws -> Output
    ) async throws -> Output {
        let key = AnyHashable(input)
        if let entry = entries[key] {
            if clock.now.timeIntervalSince(entry.time) < maxAge, let output = entry.output as? Output { return output }
            entries[key] = nil
        }
        let started = changes
        let output = try await read(input)
        let about = Set(topics(input, output))
        if about.allSatisfy({ changed[$0, default: -1] < started }) {
            entries[key] = Entry(topics: about, output: output, time: clock.now)
            for topic in about { keysByTopic[topic, default: []].insert(key) }
        }
        return output
    }

    /// Drops every answer about these topics.
    func invalidate(_ topics: [String]) {
        changes += 1
        for topic in topics {
            changed[topic] = changes
            for key in keysByTopic.removeValue(forKey: topic) ?? [] { entries[key] = nil }
        }
    }

    /// Makes a change to `topics`, dropping their answers before and after it.
    func changing<Result: Sendable>(_ topics: [String], _ change: @Sendable () async throws -> Result) async throws -> Result {
        invalidate(topics)
        defer { invalidate(topics) }
        return try await change()
    }
}
