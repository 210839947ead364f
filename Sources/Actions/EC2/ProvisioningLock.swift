/// Serialises the setup of shared resources within one irun process: when fifty fleet targets
/// need the same VPC's quarantine group at once, one creates and empties it, and the others
/// wait and then find it finished — instead of each revoking the same egress rule.
actor ProvisioningLock {
    static let shared = ProvisioningLock()
    /// The locks of the account being worked on: the process's, or a simulated world's own
    /// (game days running side by side are different accounts with the same VPC ids).
    @TaskLocal static var current = shared

    private var held: Set<String> = []
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

    /// Runs `body` while holding the lock named `key`.
    func withLock<Result: Sendable>(_ key: String, _ body: @Sendable () async throws -> Result) async throws -> Result {
        await acquire(key)
        do {
            let result = try await body()
            release(key)
            return result
        } catch {
            release(key)
            throw error
        }
    }

    private func acquire(_ key: String) async {
        guard held.contains(key) else {
            held.insert(key)
            return
        }
        await withCheckedContinuation { waiting[key, default: []].append($0) }
    }

    private func release(_ key: String) {
        if var queue = waiting[key], !queue.isEmpty {
            let next = queue.removeFirst()
            waiting[key] = queue.isEmpty ? nil : queue
            next.resume()
        } else {
            held.remove(key)
        }
    }
}

/// Where shared resources (quarantine groups) are provisioned one at a time.
public enum ProvisioningScope {
    /// Runs `body` with locks of its own: for a simulated account that is not the process's.
    ///
    /// - Parameter body: The work on that account.
    /// - Returns: What `body` returned.
    public static func separate<Result: Sendable>(_ body: @Sendable () async throws -> Result) async rethrows -> Result {
        try await ProvisioningLock.$current.withValue(ProvisioningLock()) { try await body() }
    }
}
