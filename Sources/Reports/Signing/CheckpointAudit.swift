public import AuditStore

/// The result of checking every signed checkpoint against the chain and the reviewer's keys:
/// what `irun audit verify --pubkey` prints and a report's chain section shows.
public struct CheckpointAudit: Hashable, Sendable {
    /// Why a checkpoint does not hold.
    public enum Problem: Hashable, Sendable, CustomStringConvertible {
        /// No given public key has the checkpoint's key id.
        case unknownKey
        /// The signature does not verify with the given key: the checkpoint was forged or edited.
        case badSignature
        /// The chain's hash at the signed event differs from the signed one: events up to it were rewritten.
        case hashChanged(current: String)
        /// The signed event no longer exists: events were removed from the end.
        case eventMissing(head: Int)
        /// The chain breaks at or before the signed event, so its hash cannot be trusted.
        case afterBreak(seq: Int)

        /// The problem as a sentence fragment.
        public var description: String {
            switch self {
            case .unknownKey: "signed by a key not given with --pubkey"
            case .badSignature: "signature does not verify: the checkpoint was forged or edited"
            case .hashChanged(let current):
                "the chain's hash there is now \(current.prefix(16))…, not the signed one: events up to it were rewritten"
            case .eventMissing(let head): "the chain now ends at event \(head): events were removed"
            case .afterBreak(let seq): "the chain is broken at event \(seq), before it"
            }
        }
    }

    /// One checkpoint and whether it holds.
    public struct Result: Hashable, Sendable {
        /// The checkpoint.
        public var checkpoint: Checkpoint
        /// Why it does not hold, or `nil` if it does.
        public var problem: Problem?

        /// Creates a result.
        ///
        /// - Parameters:
        ///   - checkpoint: The checkpoint.
        ///   - problem: Why it fails.
        public init(checkpoint: Checkpoint, problem: Problem?) {
            self.checkpoint = checkpoint
            self.problem = problem
        }

        /// Whether the checkpoint holds.
        public var isValid: Bool { problem == nil }
    }

    /// The full chain verification the checkpoints were checked against.
    public var chain: ChainVerification
    /// Each checkpoint, in the order recorded.
    public var results: [Result]

    /// Creates an audit.
    ///
    /// - Parameters:
    ///   - chain: The chain verification.
    ///   - results: The checkpoint results.
    public init(chain: ChainVerification, results: [Result]) {
        self.chain = chain
        self.results = results
    }

    /// Whether the chain is intact, there is at least one checkpoint, and every checkpoint holds.
    public var isTrusted: Bool { chain.isIntact && !results.isEmpty && results.allSatisfy(\.isValid) }

    /// The valid checkpoint with the highest sequence number: events up to it are proven not rewritten.
    public var latestValid: Checkpoint? {
        results.filter(\.isValid).map(\.checkpoint).max { $0.seq < $1.seq }
    }
}
