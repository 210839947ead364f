/// When and how long to wait before trying a failed call again: the AWS SDKs' "standard" retry mode.
///
/// A call is retried when AWS throttled it, when it failed with a transient or 5xx error, or
/// when no response came (connection failure, timeout), up to ``maxAttempts`` attempts in
/// all. Before attempt *n + 1* the client waits a random time in `[0, min(baseDelay × 2ⁿ⁻¹, maxBackoff))`
/// ("full jitter"), or the server's `Retry-After` when it sent one (capped at ``maxBackoff``).
/// Every retry also takes tokens from a bucket shared by all calls of one client
/// (``retryCost``, or ``timeoutCost`` after a timeout); when the bucket is empty, failures are
/// returned at once instead of retried, so an outage does not become a retry storm.
/// Successful calls put tokens back.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts per call, the first one included (3 in the SDKs).
    public var maxAttempts: Int
    /// The back-off scale: the first retry waits up to this long.
    public var baseDelay: Duration
    /// The longest wait between attempts.
    public var maxBackoff: Duration
    /// Tokens the bucket starts with and never exceeds.
    public var bucketCapacity: Int
    /// Tokens a retry takes.
    public var retryCost: Int
    /// Tokens a retry after a timeout takes.
    public var timeoutCost: Int
    /// Tokens a call that succeeds at its first attempt gives back.
    public var successIncrement: Int

    /// Makes a policy; the defaults are the SDKs' standard mode.
    ///
    /// - Parameters:
    ///   - maxAttempts: Attempts per call, at least 1.
    ///   - baseDelay: The back-off scale.
    ///   - maxBackoff: The longest wait.
    ///   - bucketCapacity: The retry token bucket's size.
    ///   - retryCost: Tokens per retry.
    ///   - timeoutCost: Tokens per retry after a timeout.
    ///   - successIncrement: Tokens returned by a first-attempt success.
    public init(
        maxAttempts: Int = 3, baseDelay: Duration = .seconds(1), maxBackoff: Duration = .seconds(20), bucketCapacity: Int = 500,
        retryCost: Int = 5, timeoutCost: Int = 10, successIncrement: Int = 1
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxBackoff = maxBackoff
        self.bucketCapacity = bucketCapacity
        self.retryCost = retryCost
        self.timeoutCost = timeoutCost
        self.successIncrement = successIncrement
    }

    /// No retries at all.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// The wait before the next attempt.
    ///
    /// - Parameters:
    ///   - attempt: The attempt that just failed, from 1.
    ///   - retryAfter: The server's `Retry-After`, if any.
    ///   - random: A number in `[0, 1)`.
    /// - Returns: The delay.
    public func delay(afterAttempt attempt: Int, retryAfter: Duration?, random: Double) -> Duration {
        if let retryAfter { return min(max(retryAfter, .zero), maxBackoff) }
        let exponent = min(max(attempt - 1, 0), 30)
        let ceiling = min(baseDelay * (1 << exponent), maxBackoff)
        return ceiling * min(max(random, 0), 1)
    }
}
