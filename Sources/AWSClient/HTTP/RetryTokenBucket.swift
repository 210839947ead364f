/// The client-side retry token bucket of the SDKs' standard retry mode, shared by every call of one client.
public actor RetryTokenBucket {
    /// Tokens left.
    public private(set) var tokens: Int
    private let capacity: Int

    /// Makes a full bucket.
    ///
    /// - Parameter capacity: Its size.
    public init(capacity: Int) {
        self.capacity = capacity
        self.tokens = capacity
    }

    /// Takes tokens for a retry.
    ///
    /// - Parameter cost: The tokens the retry costs.
    /// - Returns: Whether there were enough; when `false`, nothing is taken and the call must not retry.
    public func acquire(_ cost: Int) -> Bool {
        guard tokens >= cost else { return false }
        tokens -= cost
        return true
    }

    /// Gives tokens back (after a success), never beyond the capacity.
    ///
    /// - Parameter amount: The tokens to return.
    public func release(_ amount: Int) {
        tokens = min(capacity, tokens + amount)
    }
}
