import GRDB

/// Checkpoints (signed chain heads), the stored hash at a point of the chain, and verification
/// of one run's events.
extension AuditDatabase {
    /// Stores a signed checkpoint of the chain head.
    ///
    /// The store does not check the signature (it has no key); it checks that the event exists
    /// and has the stated hash, so a checkpoint never states something the chain does not hold.
    ///
    /// - Parameter checkpoint: The checkpoint; its `id` is ignored.
    /// - Returns: The checkpoint with its row id.
    /// - Throws: ``AuditStoreError`` `invalidEvent` if event `seq` does not exist or has another
    ///   hash; database errors.
    public func recordCheckpoint(_ checkpoint: Checkpoint) async throws -> Checkpoint {
        try await writer.write { db in
            let stored = try String.fetchOne(db, sql: "SELECT hash FROM events WHERE seq = ?", arguments: [checkpoint.seq])
            guard let stored else {
                throw AuditStoreError(.invalidEvent, "cannot record a checkpoint of event \(checkpoint.seq): there is no such event")
            }
            guard stored == checkpoint.hash else {
                throw AuditStoreError(.invalidEvent, "cannot record a checkpoint of event \(checkpoint.seq): its stored hash is \(stored.prefix(12))…, not \(checkpoint.hash.prefix(12))…")
            }
            try db.execute(
                sql: "INSERT INTO checkpoints (seq, hash, created_at, key_id, public_key, signature) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [checkpoint.seq, checkpoint.hash, checkpoint.createdAtText, checkpoint.keyID, checkpoint.publicKey, checkpoint.signature])
            var recorded = checkpoint
            recorded.id = db.lastInsertedRowID
            return recorded
        }
    }

    /// Every checkpoint, in the order recorded.
    ///
    /// - Returns: The checkpoints.
    /// - Throws: ``AuditStoreError`` `corrupt` if a row cannot be read back; database errors.
    public func checkpoints() async throws -> [Checkpoint] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM checkpoints ORDER BY id").map(Checkpoint.init(row:))
        }
    }

    /// The newest event's sequence number and stored hash, as they are now (not verified).
    ///
    /// - Returns: The head, or `nil` for an empty log.
    /// - Throws: Database errors.
    public func head() async throws -> ChainHead? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").map { row in
                ChainHead(seq: try row.decode(Int.self, atIndex: 0), hash: try row.decode(String?.self, atIndex: 1) ?? "")
            }
        }
    }

    /// The stored hash of event `seq`.
    ///
    /// - Parameter seq: The sequence number.
    /// - Returns: Its stored hash (lowercase hex), or `nil` if there is no such event.
    /// - Throws: Database errors.
    public func eventHash(atSeq seq: Int) async throws -> String? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT hash FROM events WHERE seq = ?", arguments: [seq])
        }
    }

    /// Verifies one run's events where they sit in the chain: that each still hashes to its
    /// stored hash from its stored `prev_hash`, and that this `prev_hash` is the stored hash of
    /// the event just before it (whichever run that belongs to).
    ///
    /// Fast on any size of database (a run's events and their neighbours only), and it catches
    /// any edit, deletion or reordering of the run's events that did not recompute hashes. It
    /// does not prove the rest of the chain; ``verifyChain()`` does, and signed checkpoints
    /// prove the chain was not rewritten with recomputed hashes.
    ///
    /// - Parameter runID: The full run id.
    /// - Returns: The run's events checked and its last verified hash (`eventsChecked` 0 and 64
    ///   zeros for a run with no events), or the first of its events that does not fit.
    /// - Throws: Database errors.
    public func verifyEvents(ofRun runID: String) async throws -> ChainVerification {
        try await writer.read { db in try ChainVerifier().verifyRun(runID, in: db) }
    }
}
