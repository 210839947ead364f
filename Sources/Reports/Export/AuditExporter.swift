public import AuditStore

/// The formats of `irun audit export`.
public enum AuditExportFormat: String, Hashable, Sendable, CaseIterable {
    /// One JSON object per line (`Schemas/audit-event.v2.schema.json`), for SIEM ingestion.
    case jsonl
    /// CSV, RFC 4180: a header, then one row per event.
    case csv
}

/// Streams events out of the audit database for SIEM ingestion: `irun audit export`.
///
/// Each event is read from a database cursor and written to a buffered file descriptor
/// before the next is read, so memory stays constant on any number of events. Values are
/// copied as stored: the time as ISO-8601 UTC text, the payload as the exact JSON the chain
/// hashes, and both hashes, so a consumer can check an event against the chain.
public enum AuditExporter {
    /// The CSV columns.
    public static let csvColumns = ["seq", "time", "run_id", "runbook", "kind", "step", "attempt", "payload", "prev_hash", "hash"]

    /// Writes every event `filter` matches, in `seq` order.
    ///
    /// - Parameters:
    ///   - store: The audit database.
    ///   - filter: Which events.
    ///   - format: JSON Lines or CSV.
    ///   - descriptor: An open, writable file descriptor (1 for standard output); not closed.
    ///   - name: The destination's name, for error messages.
    /// - Returns: The number of events written.
    /// - Throws: ``ReportError`` `io` if writing fails; database errors.
    public static func export(
        from store: AuditDatabase, matching filter: EventFilter, format: AuditExportFormat, to descriptor: Int32, name: String
    ) async throws -> Int {
        try await store.withEventCursor(matching: filter) { cursor in
            var output = FileOutput(descriptor: descriptor)
            var line = [UInt8]()
            line.reserveCapacity(4096)
            if format == .csv { output.write(CSVWriter.record(csvColumns)) }
            var count = 0
            while let event = try cursor.next() {
                line.removeAll(keepingCapacity: true)
                switch format {
                case .jsonl: appendJSONLine(event, to: &line)
                case .csv: appendCSVRecord(event, to: &line)
                }
                output.write(line)
                count += 1
            }
            try output.flush(path: name)
            return count
        }
    }

    /// `{"attempt":…,"hash":…,"kind":…,"payload":{…},"prevHash":…,"run":…,"runbook":…,"seq":…,"step":…,"time":…}` and a line feed.
    static func appendJSONLine(_ event: ExportedEvent, to line: inout [UInt8]) {
        line += #"{"attempt":"#.utf8
        if let attempt = event.attempt { line += String(attempt).utf8 } else { line += "null".utf8 }
        line += #","hash":"#.utf8
        appendQuoted(event.hash.utf8, to: &line)
        line += #","kind":"#.utf8
        appendQuoted(event.kind.utf8, to: &line)
        line += #","payload":"#.utf8
        line += event.payloadJSON.utf8
        line += #","prevHash":"#.utf8
        appendQuoted(event.prevHash.utf8, to: &line)
        line += #","run":"#.utf8
        appendQuoted(event.runID.utf8, to: &line)
        line += #","runbook":"#.utf8
        appendQuoted(event.runbook.utf8, to: &line)
        line += #","seq":"#.utf8
        line += String(event.seq).utf8
        line += #","step":"#.utf8
        if let step = event.step { appendQuoted(step.utf8, to: &line) } else { line += "null".utf8 }
        line += #","time":"#.utf8
        appendQuoted(event.time.utf8, to: &line)
        line += "}\n".utf8
    }

    /// One CSV record of ``csvColumns``, CRLF-terminated.
    static func appendCSVRecord(_ event: ExportedEvent, to line: inout [UInt8]) {
        line += String(event.seq).utf8
        line.append(UInt8(ascii: ","))
        CSVWriter.appendField(event.time.utf8, to: &line)
        line.append(UInt8(ascii: ","))
        CSVWriter.appendField(event.runID.utf8, to: &line)
        line.append(UInt8(ascii: ","))
        CSVWriter.appendField(event.runbook.utf8, to: &line)
        line.append(UInt8(ascii: ","))
        CSVWriter.appendField(event.kind.utf8, to: &line)
        line.append(UInt8(ascii: ","))
        if let step = event.step { CSVWriter.appendField(step.utf8, to: &line) }
        line.append(UInt8(ascii: ","))
        if let attempt = event.attempt { line += String(attempt).utf8 }
        line.append(UInt8(ascii: ","))
        CSVWriter.appendField(event.payloadJSON.utf8, to: &line)
        line.append(UInt8(ascii: ","))
        CSVWriter.appendField(event.prevHash.utf8, to: &line)
        line.append(UInt8(ascii: ","))
        CSVWriter.appendField(event.hash.utf8, to: &line)
        line += "\r\n".utf8
    }

    /// A JSON string literal of UTF-8 `text`: `"` `\` and control characters escaped.
    static func appendQuoted(_ text: String.UTF8View, to line: inout [UInt8]) {
        line.append(UInt8(ascii: "\""))
        for byte in text {
            switch byte {
            case UInt8(ascii: "\""): line += #"\""#.utf8
            case UInt8(ascii: "\\"): line += #"\\"#.utf8
            case 0x0A: line += #"\n"#.utf8
            case 0x0D: line += #"\r"#.utf8
            case 0x09: line += #"\t"#.utf8
            case 0..<0x20:
                let digits = Array("0123456789abcdef".utf8)
                line += #"\u00"#.utf8
                line.append(digits[Int(byte >> 4)])
                line.append(digits[Int(byte & 0x0F)])
            default: line.append(byte)
            }
        }
        line.append(UInt8(ascii: "\""))
    }
}
