import GRDB

extension ChainVerifier {
    /// Verifies the events of one run in place; see ``AuditDatabase/verifyEvents(ofRun:)``.
    ///
    /// For each of the run's events in `seq` order: the event before it must exist (else a
    /// sequence gap) and its stored hash must equal this event's `prev_hash` (the first event's
    /// must be 64 zeros); then the columns must hash to the stored hash.
    func verifyRun(_ runID: String, in db: Database) throws -> ChainVerification {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT e.seq, e.run_id, e.kind, e.time, e.step, e.attempt, e.payload, e.prev_hash, e.hash,
                   (SELECT p.hash FROM events AS p WHERE p.seq = e.seq - 1) AS before,
                   (SELECT max(p.seq) FROM events AS p WHERE p.seq < e.seq) AS before_seq
            FROM events AS e WHERE e.run_id = ? ORDER BY e.seq
            """, arguments: [runID])
        var checked = 0
        var head = EventChain.genesisHex
        var buffer = [UInt8]()
        while let row = try rows.next() {
            checked += 1
            let seq = try row.decode(Int64.self, atIndex: 0)
            func broken(_ reason: ChainVerification.Break.Reason) -> ChainVerification {
                ChainVerification(eventsChecked: checked, headHash: head, firstBreak: .init(seq: Int(seq), reason: reason))
            }
            let prevHash = try row.decode(String?.self, atIndex: 7) ?? ""
            let before = seq == 1 ? EventChain.genesisHex : try row.decode(String?.self, atIndex: 9)
            guard let before else { return broken(.sequenceGap(after: try row.decode(Int?.self, atIndex: 10) ?? 0)) }
            guard before == prevHash, let previous = Hex.bytes(prevHash), previous.count == 32 else { return broken(.prevHashDoesNotLink) }
            EventChain.canonicalBytes(EventChain.Fields(
                seq: seq, runID: try row.decode(String?.self, atIndex: 1) ?? "", kind: try row.decode(String?.self, atIndex: 2) ?? "",
                time: try row.decode(String?.self, atIndex: 3) ?? "", step: try row.decode(String?.self, atIndex: 4),
                attempt: try row.decode(Int64?.self, atIndex: 5), payloadJSON: try row.decode(String?.self, atIndex: 6) ?? ""), into: &buffer)
            let hash = Hex.string(EventChain.hash(previous: previous, canonical: buffer))
            guard try row.decode(String?.self, atIndex: 8) == hash else { return broken(.hashMismatch) }
            head = hash
        }
        return ChainVerification(eventsChecked: checked, headHash: head, firstBreak: nil)
    }
}
