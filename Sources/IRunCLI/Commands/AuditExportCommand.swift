import ArgumentParser
import AuditStore
import Foundation
import Reports

/// `irun audit export`: stream events out for a SIEM.
struct AuditExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Stream audit events as JSON Lines or CSV, for SIEM ingestion.",
        discussion: """
            Writes every event that matches, in chain order, reading and writing one at a time: memory stays constant on any size of database.

            jsonl: one object per line with seq, time, run, runbook, kind, step, attempt, payload, prevHash and hash (keys sorted; schema in Schemas/audit-event.v2.schema.json). csv: RFC 4180 with a header row, the columns seq,time,run_id,runbook,kind,step,attempt,payload,prev_hash,hash, the payload as JSON text.

            Times are the stored ISO-8601 UTC times. --since is inclusive and --until exclusive; each takes 2026-01-01 (midnight UTC), 2026-01-01T10:00:00Z, or a time with an offset (2026-01-01T12:00:00+02:00). The payload and hashes are copied as stored, so a consumer can recompute the chain.
            """
    )

    @Option(help: ArgumentHelp("Only events at or after this time.", valueName: "date"))
    var since: TimestampArgument?

    @Option(help: ArgumentHelp("Only events before this time.", valueName: "date"))
    var until: TimestampArgument?

    @Option(help: ArgumentHelp("Only events of runs of this runbook (its name).", valueName: "name"))
    var runbook: String?

    @Option(help: ArgumentHelp("Only events of this run (full id).", valueName: "run"))
    var run: String?

    enum Format: String, ExpressibleByArgument, CaseIterable { case jsonl, csv }

    @Option(help: "Output format: jsonl or csv.")
    var format: Format = .jsonl

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    @OptionGroup var database: AuditStoreOptions

    func validate() throws {
        if let since, let until, since.date >= until.date {
            throw ValidationError("--since \(since.text) is not before --until \(until.text).")
        }
    }

    func run() async throws {
        guard let store = try database.openExisting() else {
            printError("error: \(database.missingMessage)")
            throw ExitCode.failed
        }
        let filter = EventFilter(since: since?.date, until: until?.date, runbook: runbook, runID: run)
        let destination = OutputDestination(path: output)
        let count: Int
        do {
            count = try await destination.write { fd in
                try await AuditExporter.export(from: store, matching: filter, format: format == .csv ? .csv : .jsonl, to: fd, name: destination.name)
            }
        } catch let error as ReportError {
            printError("error: \(error.message)")
            throw ExitCode.failed
        }
        if let output { printError("exported \(count) event\(count == 1 ? "" : "s") to \(output)") }
    }
}

