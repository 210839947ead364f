import GRDB

/// A forward-only cursor over stored events in `seq` order, valid only inside the closure of
/// ``AuditDatabase/withEventCursor(matching:_:)``.
///
/// It holds one row at a time, so reading any number of events takes constant memory.
public struct EventCursor {
    private let rows: RowCursor

    init(_ rows: RowCursor) {
        self.rows = rows
    }

    /// The next event, or `nil` after the last.
    ///
    /// - Returns: The event's stored columns.
    /// - Throws: ``AuditStoreError`` `corrupt` if a required column is NULL; database errors.
    public mutating func next() throws -> ExportedEvent? {
        guard let row = try rows.next() else { return nil }
        let seq = try row.decode(Int64.self, atIndex: 0)
        func text(_ index: Int) throws -> String {
            guard let value = try row.decode(String?.self, atIndex: index) else {
                throw AuditStoreError(.corrupt, "event \(seq) has a NULL column; run `irun audit verify`")
            }
            return value
        }
        return ExportedEvent(
            seq: seq, time: try text(1), runID: try text(2), runbook: try row.decode(String?.self, atIndex: 3) ?? "", kind: try text(4),
            step: try row.decode(String?.self, atIndex: 5), attempt: try row.decode(Int64?.self, atIndex: 6), payloadJSON: try text(7),
            prevHash: try text(8), hash: try text(9))
    }
}
