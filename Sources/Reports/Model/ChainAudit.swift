public import AuditStore

/// The audit-trail checks a report ran when it was made, and what they found.
public struct ChainAudit: Hashable, Sendable {
    /// How much of the chain was recomputed.
    public enum Scope: String, Hashable, Sendable, CaseIterable {
        /// This run's events where they sit in the chain: each hash and its link to the event
        /// before. Milliseconds on any size of database; catches any edit, deletion or
        /// reordering of the run's events that did not recompute the hashes after it, but says
        /// nothing of other runs' events, nor of a rewrite carried on to the head.
        case run
        /// Every event of the database, in order (what `irun audit verify` does): about a
        /// second per million events.
        case full
    }

    /// How much was recomputed.
    public var scope: Scope
    /// The result. For scope `run`, `eventsChecked` counts the run's events and `headHash` is
    /// the run's last verified hash.
    public var verification: ChainVerification
    /// Every checkpoint recorded in the database.
    public var checkpoints: [Checkpoint]
    /// The checkpoints checked against the reviewer's keys, when keys were given.
    public var checkpointAudit: CheckpointAudit?
    /// The database's newest event when the report was made, as stored (for scope `run`, not
    /// verified): the value to write down to notice a later rewrite.
    public var head: ChainHead?

    /// Creates a chain audit.
    ///
    /// - Parameters:
    ///   - scope: What was recomputed.
    ///   - verification: The result.
    ///   - checkpoints: The recorded checkpoints.
    ///   - checkpointAudit: The checked checkpoints.
    ///   - head: The database's newest event.
    public init(scope: Scope, verification: ChainVerification, checkpoints: [Checkpoint], checkpointAudit: CheckpointAudit?, head: ChainHead?) {
        self.scope = scope
        self.verification = verification
        self.checkpoints = checkpoints
        self.checkpointAudit = checkpointAudit
        self.head = head
    }

    /// Whether event `seq` was covered by the verification and found intact.
    ///
    /// - Parameter seq: An event of the run.
    /// - Returns: `false` at or after the first break.
    public func isVerified(_ seq: Int) -> Bool {
        guard let broken = verification.firstBreak else { return true }
        return seq < broken.seq
    }

    /// The sentence a report shows prominently when the chain is broken: `chain broken at event N: reason`.
    public var breakSentence: String? {
        verification.firstBreak.map { "chain broken at event \($0.seq): \($0.reason)" }
    }
}
