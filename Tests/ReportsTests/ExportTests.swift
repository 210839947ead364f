@testable import AuditStore
import Foundation
import Reports
import RunbookModel
import Testing

@Suite("audit export: JSON Lines and CSV")
struct ExportTests {
    /// Exports into a file of the fixture directory and returns its text and the count.
    func export(_ database: FixtureDatabase, _ filter: EventFilter, _ format: AuditExportFormat) async throws -> (String, Int) {
        let path = database.file("export-\(UUID().uuidString)")
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        defer { close(fd) }
        let count = try await AuditExporter.export(from: database.store, matching: filter, format: format, to: fd, name: path)
        return (try String(contentsOfFile: path, encoding: .utf8), count)
    }

    @Test("every event, one JSON object a line, each valid against Schemas/audit-event.v2.schema.json, hashes recomputable")
    func jsonLines() async throws {
        // Given the fixture database
        let database = try await FixtureDatabase.make()
        defer { database.cleanup() }
        // When everything is exported as JSON Lines
        let (text, count) = try await export(database, EventFilter(), .jsonl)
        // Then there is one line per event, in chain order, each following the schema
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(count == 33 && lines.count == 33 && text.hasSuffix("\n"))
        let validator = try JSONSchemaValidator(contentsOf: repositoryRoot.appendingPathComponent("Schemas/audit-event.v2.schema.json"))
        for line in lines { #expect(validator.errors(in: String(line)) == [], "\(line)") }
        // And a consumer can recompute the chain from the lines alone
        var previous = EventChain.genesis
        var buffer: [UInt8] = []
        for (index, line) in lines.enumerated() {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["seq"] as? Int == index + 1)
            let payload = try Value(json: String(decoding: try JSONSerialization.data(withJSONObject: object["payload"]!), as: UTF8.self))
            EventChain.canonicalBytes(EventChain.Fields(
                seq: Int64(index + 1), runID: object["run"] as! String, kind: object["kind"] as! String, time: object["time"] as! String,
                step: object["step"] as? String, attempt: (object["attempt"] as? Int).map(Int64.init), payloadJSON: payload.json), into: &buffer)
            let hash = EventChain.hash(previous: previous, canonical: buffer)
            #expect(Hex.string(previous) == object["prevHash"] as? String)
            #expect(Hex.string(hash) == object["hash"] as? String)
            previous = hash
        }
        // And the first line is exactly the stored event
        #expect(lines.first?.hasPrefix(#"{"attempt":null,"hash":""#) == true)
        #expect(lines.first?.contains(#","kind":"run-started","payload":{"actor":"alice","mode":"live","#) == true)
        #expect(lines.first?.hasSuffix(#","prevHash":"0000000000000000000000000000000000000000000000000000000000000000","run":"20260101-000000-aaaa","runbook":"ec2-quarantine","seq":1,"step":null,"time":"2026-01-01T00:00:00.000Z"}"#) == true)
    }

    @Test("filters: since inclusive, until exclusive, runbook, run", arguments: [
        (EventFilter(since: at(600)), 6),
        (EventFilter(until: at(600)), 27),
        (EventFilter(since: at(63.5), until: at(65.3)), 5),
        (EventFilter(runbook: "page-oncall"), 6),
        (EventFilter(runbook: "nothing"), 0),
        (EventFilter(since: at(0), runbook: "ec2-quarantine", runID: ReportFixtures.quarantineRun), 27),
    ])
    func filters(filter: EventFilter, expected: Int) async throws {
        let database = try await FixtureDatabase.make()
        defer { database.cleanup() }
        let (text, count) = try await export(database, filter, .jsonl)
        #expect(count == expected)
        #expect(text.split(separator: "\n").count == expected)
        for line in text.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let time = try #require(AuditTime.date(object["time"] as! String))
            if let since = filter.since { #expect(time >= since) }
            if let until = filter.until { #expect(time < until) }
            if let runbook = filter.runbook { #expect(object["runbook"] as? String == runbook) }
        }
    }

    @Test("CSV: a header and one CRLF record per event; fields with commas, quotes and line breaks are quoted (RFC 4180)")
    func csv() async throws {
        // Given the fixture database
        let database = try await FixtureDatabase.make()
        defer { database.cleanup() }
        // When the paging run is exported as CSV
        let (text, count) = try await export(database, EventFilter(runbook: "page-oncall"), .csv)
        // Then the header comes first and every record ends with CRLF
        #expect(count == 6)
        #expect(text.hasPrefix("seq,time,run_id,runbook,kind,step,attempt,payload,prev_hash,hash\r\n"))
        // And the failed step's payload (commas, quotes, a newline) is one quoted field with its quotes doubled
        #expect(text.contains(#"escalate,1,"{""code"":""StepFailed"",""message"":""escalation target, unreachable\nsecond line"",""tolerated"":false}","#))
        let records = try parseCSV(text)
        #expect(records.count == 7 && records.allSatisfy { $0.count == 10 })
        #expect(records[5][7] == #"{"code":"StepFailed","message":"escalation target, unreachable\nsecond line","tolerated":false}"#)
        #expect(records[1][4] == "run-started" && records[1][5] == "" && records[1][6] == "")
    }

    @Test("the report's CSV quotes the same way and has one row per event")
    func reportCSV() async throws {
        let database = try await FixtureDatabase.make()
        defer { database.cleanup() }
        let records = try parseCSV(ReportExporter.render(try await database.report(), as: .csv))
        #expect(records.count == 28 && records[0] == RunReport.csvColumns)
        let granted = try #require(records.first { $0[4] == "approval-granted" })
        #expect(granted[8] == #"granted by bob: memory already captured by EDR, "ok" per IR-42 <see ticket>"#)
        #expect(granted[7] == "60490", "waited from the request at 3.010 s to the grant at 63.500 s")
    }

    @Test("CSVWriter quotes only when needed")
    func csvWriter() {
        #expect(CSVWriter.record(["a", "b c", "d,e", "f\"g", "h\ni", "j\r\nk", ""]) == "a,b c,\"d,e\",\"f\"\"g\",\"h\ni\",\"j\r\nk\",\r\n")
    }
}

/// A strict RFC 4180 reader: records end with CRLF; quoted fields may hold commas, CR, LF and doubled quotes.
func parseCSV(_ text: String) throws -> [[String]] {
    struct Malformed: Error { var at: Int }
    var records: [[String]] = [], record: [String] = [], field: [UInt8] = []
    let bytes = Array(text.utf8)
    var index = 0, quoted = false, fieldStart = true
    func endField() { record.append(String(decoding: field, as: UTF8.self)); field = []; fieldStart = true }
    while index < bytes.count {
        let byte = bytes[index]
        if quoted {
            if byte == UInt8(ascii: "\"") {
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") { field.append(byte); index += 2; continue }
                quoted = false
            } else {
                field.append(byte)
            }
            index += 1
            continue
        }
        switch byte {
        case UInt8(ascii: "\"") where fieldStart: quoted = true; fieldStart = false
        case UInt8(ascii: "\""): throw Malformed(at: index)
        case UInt8(ascii: ","): endField()
        case 0x0D:
            guard index + 1 < bytes.count, bytes[index + 1] == 0x0A else { throw Malformed(at: index) }
            endField(); records.append(record); record = []; index += 1
        case 0x0A: throw Malformed(at: index)
        default: field.append(byte); fieldStart = false
        }
        index += 1
    }
    guard record.isEmpty, field.isEmpty, !quoted else { throw Malformed(at: index) }
    return records
}
