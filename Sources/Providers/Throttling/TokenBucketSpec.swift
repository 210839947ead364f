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

    /// The part of this bucket a client may use: `share` of the burst and of the refill.
    ///
    /// - Parameter share: A fraction in `(0, 1]`.
    /// - Returns: The smaller bucket (never less than one call of burst).
    public func scaled(by share: Double) -> TokenBucketSpec {
        TokenBucketSpec(capacity: max(1, capacity * share), refillPerSecond: refillPerSecond * share)
    }
}
