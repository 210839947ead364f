import ArgumentParser
import AuditStore
import Foundation
import RunbookModel

/// `irun runs`: the most recent runs in the audit database.
struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List recent runs from the audit database, newest first.",
        discussion: "STEPS counts steps that succeeded / failed / skipped / recorded in all. `irun status RUN` shows one run in full."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    @Option(help: "How many runs to show.")
    var limit = 20

    @Option(help: "Output format: table or json.")
    var format: Format = .table

    @OptionGroup var database: AuditStoreOptions

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1.") }
    }

    /// One run in `--format json`: every key always present (`null` when absent), times as ISO-8601 text.
    static func json(_ run: RunSummary) -> Value {
        [
            "id": .string(run.id), "runbook": .string(run.runbook), "mode": .string(run.mode.rawValue),
            "status": .string(run.status.rawValue), "actor": .string(run.actor), "provider": .string(run.provider),
            "startedAt": .string(AuditFormatting.time(run.startedAt)), "finishedAt": AuditFormatting.json(run.finishedAt),
            "parentRunID": AuditFormatting.json(run.parentRunID), "steps": .int(run.steps), "succeeded": .int(run.succeeded),
            "failed": .int(run.failed), "skipped": .int(run.skipped),
        ]
    }

    func run() async throws {
        var runs: [RunSummary] = []
        if let store = try database.openExisting() {
            runs = try await store.runs(limit: limit)
        }
        if format == .json {
            print(try JSONOutput.string(Value.list(runs.map(Self.json))), terminator: "")
            return
        }
        guard !runs.isEmpty else {
            print("no runs recorded in \(database.resolvedPath)")
            return
        }
        print(TextTable.render(
            ["RUN", "RUNBOOK", "MODE", "STATUS", "STEPS ok/failed/skipped/all", "ACTOR", "STARTED", "DURATION"],
            runs.map { run in
                [run.id, run.runbook, run.mode.rawValue, run.status.rawValue, "\(run.succeeded)/\(run.failed)/\(run.skipped)/\(run.steps)",
                 run.actor, AuditFormatting.time(run.startedAt), AuditFormatting.duration(from: run.startedAt, to: run.finishedAt)]
            }), terminator: "")
    }
}
