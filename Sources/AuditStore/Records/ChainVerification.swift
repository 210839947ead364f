/// The result of ``AuditDatabase/verifyChain()``: intact, or where the chain first breaks.
public struct ChainVerification: Hashable, Sendable, Codable {
    /// Where and why the chain breaks.
    public struct Break: Hashable, Sendable, Codable {
        /// Why an event does not fit the chain.
        public enum Reason: Hashable, Sendable, Codable, CustomStringConvertible {
            /// The row's columns no longer hash to its stored hash: it was changed.
            case hashMismatch
            /// The row's `prev_hash` is not the previous row's hash: a row before it was deleted, or rows were reordered.
            case prevHashDoesNotLink
            /// The row's `seq` does not follow the previous one: rows after `seq` were deleted.
            case sequenceGap(after: Int)

            /// The reason as `irun audit verify` prints it.
            public var description: String {
                switch self {
                case .hashMismatch: "hash mismatch (row changed)"
                case .prevHashDoesNotLink: "prev_hash does not link (row deleted or reordered)"
                case .sequenceGap(let after): "sequence gap after \(after)"
                }
            }
        }

        /// The `seq` of the first event that does not fit.
        public var seq: Int
        /// Why.
        public var reason: Reason

        /// Creates a break.
        ///
        /// - Parameters:
        ///   - seq: The first event that does not fit.
        ///   - reason: Why.
        public init(seq: Int, reason: Reason) {
            self.seq = seq
            self.reason = reason
        }
    }

    /// Events checked: all of them when intact; up to and including the broken one otherwise.
    public var eventsChecked: Int
    /// The hash of the last event that verified (64 zeros for an empty log): the value to
    /// keep elsewhere, so that a later rewrite of the whole chain can be noticed too.
    public var headHash: String
    /// The first break, or `nil` if the chain is intact.
    public var firstBreak: Break?

    /// Whether every event verified.
    public var isIntact: Bool { firstBreak == nil }

    /// Creates a result.
    ///
    /// - Parameters:
    ///   - eventsChecked: Events checked.
    ///   - headHash: The last verified hash.
    ///   - firstBreak: The first break.
    public init(eventsChecked: Int, headHash: String, firstBreak: Break?) {
        self.eventsChecked = eventsChecked
        self.headHash = headHash
        self.firstBreak = firstBreak
    }
}
