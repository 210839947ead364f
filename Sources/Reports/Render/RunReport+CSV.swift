import AuditStore
import RunbookModel

extension RunReport {
    /// The columns of the CSV form, one row per event.
    public static let csvColumns = ["run_id", "seq", "time", "offset_ms", "kind", "step", "attempt", "duration_ms", "detail", "payload", "hash", "verified"]

    /// The report as CSV (RFC 4180): a header, then one row per event of the run with its
    /// offset from the start, the duration of what it ends, a one-line detail, the payload as
    /// compact JSON, its chain hash, and whether it verified.
    public var csv: String {
        CSVWriter.table(Self.csvColumns, timeline.map { entry in
            let event = entry.recorded.event
            return [header.id, String(entry.recorded.seq), ReportFormatting.time(event.time), String(entry.offsetMilliseconds), event.kind.rawValue,
                    event.step ?? "", event.attempt.map(String.init) ?? "", entry.durationMilliseconds.map(String.init) ?? "", entry.detail,
                    event.payload.json, entry.recorded.hash, entry.verified ? "true" : "false"]
        })
    }
}
