import Foundation

/// A token bucket on simulated time: `capacity` calls in a burst, refilled continuously.
struct TokenBucket: Sendable, Codable, Hashable {
    let spec: TokenBucketSpec
    var tokens: Double
    var refilledAt: Date

    init(spec: TokenBucketSpec, now: Date) {
        self.spec = spec
        tokens = spec.capacity
        refilledAt = now
    }

    /// Takes one token if there is one.
    ///
    /// - Returns: `false` when the bucket is empty (the call is throttled).
    mutating func take(at now: Date) -> Bool {
        let elapsed = now.timeIntervalSince(refilledAt)
        if elapsed > 0 {
            tokens = min(spec.capacity, tokens + elapsed * spec.refillPerSecond)
            refilledAt = now
        }
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}
