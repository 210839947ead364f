/// The newest event of the chain: its sequence number and stored hash.
public struct ChainHead: Hashable, Sendable {
    /// The sequence number of the newest event.
    public var seq: Int
    /// Its stored hash, lowercase hex (not recomputed).
    public var hash: String

    /// Creates a head.
    ///
    /// - Parameters:
    ///   - seq: The newest event's sequence number.
    ///   - hash: Its stored hash.
    public init(seq: Int, hash: String) {
        self.seq = seq
        self.hash = hash
    }
}
