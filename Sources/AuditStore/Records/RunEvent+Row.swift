import GRDB
import RunbookModel

extension RunEvent {
    /// The event of an `events` row.
    init(row: Row) throws {
        let payload = try RowReading.optionalJSON(row, "payload") ?? [:]
        self.init(
            runID: try RowReading.text(row, "run_id"), kind: try RowReading.enumeration(row, "kind"),
            time: try RowReading.time(row, "time"), step: try row.decode(String?.self, forColumn: "step"),
            attempt: try row.decode(Int?.self, forColumn: "attempt"), payload: payload)
    }
}
