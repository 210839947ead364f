public import Foundation

/// A token bucket: `capacity` calls at once, refilled at `refillPerSecond`.
///
/// AWS meters API calls with buckets of this shape, per account and region: a burst of up to
/// `capacity` calls goes through at once, and an empty bucket allows `refillPerSecond` calls a
/// second after that.
public struct TokenBucketSpec: Hashable, Sendable, Codable {
    public var capacity: Double
    public var refillPerSecond: Double

    public init(capacity: Double, refillPerSecond: Double) {
        self.capacity = capacity
        self.refillPerSecond = refillPerSecond
    }

    /// How many tokens are good at once: the burst, at least one.
    public var window: Int { max(1, Int(capacity)) }

    /// The tokens good at `time`, on the calendar where token `k` is minted at
    /// `start + k / refill` and lost once a full bucket would overflow it, `window` tokens later
    /// (tokens `1 − window … 0` are the full bucket at `start`).
    ///
    /// The simulated account judges calls by this window and irun's pacer hands tokens out by
    /// it, so a call the pacer lets go is never throttled by the simulation for a rounding.
    ///
    /// - Parameters:
    ///   - time: The call's time.
    ///   - start: When the bucket was full.
    /// - Returns: The oldest and the newest token good at `time`.
    public func goodTokens(at time: Date, since start: Date) -> ClosedRange<Int> {
        let newest = Int((time.timeIntervalSince(start) * refillPerSecond + 1e-9).rounded(.down))
        return (newest - window + 1)...newest
    }

    /// When token `k` of ``goodTokens(at:since:)``'s calendar is minted.
    public func minted(_ token: Int, since start: Date) -> Date { start.addingTimeInterval(Double(token) / refillPerSecond) }

    /// The part of this bucket a client may use: `share` of the burst and of the refill.
    ///
    /// - Parameter share: A fraction in `(0, 1]`.
    /// - Returns: The smaller bucket (never less than one call of burst).
    public func scaled(by share: Double) -> TokenBucketSpec {
        TokenBucketSpec(capacity: max(1, capacity * share), refillPerSecond: refillPerSecond * share)
    }
}
