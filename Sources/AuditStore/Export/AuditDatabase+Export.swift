import GRDB
import RunbookModel

/// The read side for reports and exports: a run's events with their place in the chain, and a
/// streaming cursor over all events for SIEM export.
extension AuditDatabase {
    /// A run's events in `seq` order, each with its sequence number and stored hashes.
    ///
    /// - Parameter runID: The full run id.
    /// - Returns: The events; empty for an unknown run.
    /// - Throws: ``AuditStoreError`` `corrupt` if a row cannot be read back; database errors.
    public func recordedEvents(ofRun runID: String) async throws -> [RecordedEvent] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT seq, run_id, kind, time, step, attempt, payload, prev_hash, hash FROM events WHERE run_id = ? ORDER BY seq
                """, arguments: [runID]).map { row in
                RecordedEvent(seq: try row.decode(Int.self, forColumn: "seq"), event: try RunEvent(row: row),
                              prevHash: try RowReading.text(row, "prev_hash"), hash: try RowReading.text(row, "hash"))
            }
        }
    }

    /// Runs `body` with a cursor over the events `filter` matches, in `seq` order, on one read
    /// snapshot.
    ///
    /// The cursor reads one row at a time and `body` runs on the database's reader thread, so
    /// an export that writes each event out as it reads it takes constant memory on any
    /// number of events. Appends may go on meanwhile; they are not in the snapshot.
    ///
    /// - Parameters:
    ///   - filter: Which events.
    ///   - body: Reads the cursor; what it returns is returned.
    /// - Returns: The result of `body`.
    /// - Throws: What `body` throws; ``AuditStoreError`` `corrupt` for an unreadable row; database errors.
    public func withEventCursor<Result: Sendable>(
        matching filter: EventFilter, _ body: @escaping @Sendable (inout EventCursor) throws -> Result
    ) async throws -> Result {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let since = filter.since {
            conditions.append("e.time >= ?")
            arguments += [AuditTime.string(since)]
        }
        if let until = filter.until {
            conditions.append("e.time < ?")
            arguments += [AuditTime.string(until)]
        }
        if let runbook = filter.runbook {
            conditions.append("r.runbook_name = ?")
            arguments += [runbook]
        }
        if let runID = filter.runID {
            conditions.append("e.run_id = ?")
            arguments += [runID]
        }
        let sql = """
            SELECT e.seq, e.time, e.run_id, r.runbook_name, e.kind, e.step, e.attempt, e.payload, e.prev_hash, e.hash
            FROM events AS e LEFT JOIN runs AS r ON r.id = e.run_id
            \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            ORDER BY e.seq
            """
        return try await writer.read { [arguments] db in
            var cursor = EventCursor(try Row.fetchCursor(db, sql: sql, arguments: arguments))
            return try body(&cursor)
        }
    }
}
