import ArgumentParser
import AuditStore
import Engine
import Foundation
import RunbookModel

/// `irun status RUN`: one run from the audit database, step by step.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a recorded run: where it stands, and each step's attempts, outcome, timing and errors.",
        discussion: "RUN is a run id, or any unique beginning of one (see `irun runs`)."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: ArgumentHelp("The run id, or a unique prefix of it.", valueName: "run"))
    var runID: String

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @OptionGroup var database: AuditStoreOptions

    func run() async throws {
        guard let store = try database.openExisting() else { throw ValidationError(database.missingMessage + ".") }
        let id: String
        do {
            id = try await store.runID(matching: runID)
        } catch let error as AuditStoreError {
            throw ValidationError(error.message + ".")
        }
        guard let run = try await store.run(id), let summary = try await store.summary(ofRun: id) else {
            throw ValidationError("no run with id '\(id)'.")
        }
        var children: [(instance: String, run: RunSummary?)] = []
        if run.header.parentRunID == nil, let fleet = FleetPlan(startedPayload: run.events.first?.payload ?? .null) {
            let started = Dictionary(try await store.children(ofRun: id).map { ($0.id, $0) }) { first, _ in first }
            children = fleet.targets.map { ($0, started["\(id).\($0)"]) }
        }
        let report = StatusReport(
            run: run, finishedAt: summary.finishedAt, steps: try await store.steps(ofRun: id), approvals: try await store.approvals(ofRun: id),
            evidence: try await store.evidence(ofRun: id), children: children)
        print(format == .json ? try JSONOutput.string(report.json) : report.text, terminator: "")
    }
}
