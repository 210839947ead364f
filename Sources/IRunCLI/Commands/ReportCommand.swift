import Actions
import ArgumentParser
import AuditStore
import Foundation
import Reports

/// `irun report RUN`: one run as a report for a post-incident review.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Export a recorded run as a report: Markdown, HTML, JSON or CSV.",
        discussion: """
            RUN is a run id, or any unique beginning of one (see `irun runs`).

            The report holds: a summary (runbook and its SHA-256, parameters with secrets redacted, who, when, mode, provider, outcome, time to contain); every event with times and durations, retries and errors; the runbook graph with each step's outcome (Mermaid in md, an inline SVG in html); the evidence manifest with SHA-256 (chain of custody); approvals; each resource's state before and after, with the undo that restores it; and the audit chain verification with the head hash at export time. A broken chain is shown at the top as "chain broken at event N".

            Time to contain runs from the run's start to the end of the step whose action is ec2.isolate; a runbook without one is measured to the run's end, and one whose isolation did not succeed is "not contained".

            Formats: md (GitHub Markdown), html (one self-contained page: no script, nothing fetched, works offline), json (follows Schemas/run-report.v1.schema.json), csv (RFC 4180, one row per event).

            --verify run (the default) checks this run's events where they sit in the chain: each hash, and its link to the event before. It takes milliseconds on a database of any size and catches any edit, deletion or reordering of the run's events made without recomputing the hashes after them; it says nothing of other runs' events. --verify full recomputes the whole chain, as `irun audit verify` does (about a second per million events). With --pubkey, the signed checkpoints are checked too (against the full chain, whatever --verify says), which also catches a chain rewritten with recomputed hashes.

            Exits 0 once the report is written, even when it shows a broken chain (a warning goes to stderr); `irun audit verify` is the check that fails.
            """
    )

    @Argument(help: ArgumentHelp("The run id, or a unique prefix of it.", valueName: "run"))
    var runID: String

    enum Format: String, ExpressibleByArgument, CaseIterable { case md, html, json, csv }
    enum Scope: String, ExpressibleByArgument, CaseIterable { case full, run }

    @Option(help: "Output format: md, html, json or csv.")
    var format: Format = .md

    @Option(help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file"))
    var output: String?

    @Option(help: "How much of the audit chain to verify: run (this run's events, fast) or full.")
    var verify: Scope = .run

    @Option(help: ArgumentHelp("A public key (from `irun audit keygen`) to check the signed checkpoints with; repeatable.", valueName: "file"))
    var pubkey: [String] = []

    @OptionGroup var database: AuditStoreOptions

    func run() async throws {
        let keys = try AuditKeyLoading.publicKeys(pubkey)
        guard let store = try database.openExisting() else { throw ValidationError(database.missingMessage + ".") }
        let id: String
        do {
            id = try await store.runID(matching: runID)
        } catch let error as AuditStoreError {
            throw ValidationError(error.message + ".")
        }
        let report: RunReport
        do {
            report = try await RunReport.load(run: id, from: store, options: RunReportOptions(
                catalog: BuiltinActions.catalog, verification: verify == .full ? .full : .run, verifyingKeys: keys, generator: "irun \(IRun.version)"))
        } catch {
            printError("error: cannot read run \(id) from \(database.resolvedPath): \(error)")
            throw ExitCode.failed
        }
        let destination = OutputDestination(path: output)
        do {
            try await destination.write(ReportExporter.render(report, as: ReportFormat(rawValue: format.rawValue)!))
        } catch let error as ReportError {
            printError("error: \(error.message)")
            throw ExitCode.failed
        }
        if let sentence = report.chain.breakSentence {
            printError("warning: \(sentence); the report shows it. Run `irun audit verify` for the whole database.")
        }
        if let audit = report.chain.checkpointAudit, !audit.isTrusted {
            printError("warning: the signed checkpoints do not hold; see the report's audit chain section")
        }
        if let path = output { printError("wrote \(format.rawValue) report of run \(id) to \(path)") }
    }
}

