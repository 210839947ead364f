import ArgumentParser
import AuditStore
import Engine
import Foundation
import RunbookModel

/// `irun approve RUN STEP` / `irun deny RUN STEP`: decides an approval gate and resumes the run.
struct ApprovalDecision: ParsableArguments {
    @Argument(help: ArgumentHelp("The run id (or a unique prefix of it).", valueName: "run"))
    var runID: String

    @Argument(help: ArgumentHelp("The step waiting for approval.", valueName: "step"))
    var step: String

    @Option(help: ArgumentHelp("Why; recorded in the audit trail.", valueName: "text"))
    var reason: String?

    @Flag(name: .customLong("no-resume"), help: "Record the decision only; continue later with irun resume.")
    var noResume = false

    @Option(name: .customLong("param"), help: ArgumentHelp("A secret parameter's value for the resumed run, as name=value (secrets are never stored).", valueName: "name=value"))
    var parameters: [String] = []

    func validate() throws {
        try RunLaunch.checkPairs(parameters)
    }

    /// Records the decision, then resumes the run unless `--no-resume`.
    func decide(_ kind: RunEvent.Kind, run: RunOptions, store: AuditStoreOptions, runbooks: RunbookDirectoryOptions) async throws {
        guard let database = try store.openExisting() else {
            printError("error: \(store.missingMessage)")
            throw ExitCode.failed
        }
        let prepared = try await ResumeCommand.prepare(runID, database: database, secrets: RunLaunch.pairs(parameters), requireSecrets: !noResume)
        let stored = prepared.stored
        let id = stored.header.id
        let waiting = stored.events.stepsWaitingForApproval
        // A run another process is driving may still wait on this gate: the decision is recorded, and that process takes it up.
        guard stored.status.isOpen, waiting.contains(step) else {
            let hint = waiting.isEmpty ? "no step of run \(id) is waiting for approval (status \(stored.status.rawValue))" : "steps waiting: \(waiting.joined(separator: ", "))"
            printError("error: step '\(step)' is not waiting for approval; \(hint)")
            throw ExitCode.usage
        }
        // Check the provider before the decision is recorded, so a wrong one changes nothing.
        let provider = noResume ? nil : try await ResumeCommand.provider(for: prepared, run: run)
        let actor = RunLaunch.actor(run.actor)
        let decided = ApprovalDecided(actor: actor, reason: reason ?? "")
        try await database.append([RunEvent(runID: id, time: Date(), step: step, kind == .approvalGranted ? .approvalGranted(decided) : .approvalDenied(decided))])
        printError("\(kind == .approvalGranted ? "approved" : "denied") \(id) \(step) as \(actor)")
        guard !noResume else { return }
        let outcome: RunOutcome
        do {
            outcome = try await ResumeCommand.resume(prepared, database: database, store: store, run: run, runbooks: runbooks, provider: provider)
        } catch let error as AuditStoreError where error.code == .runLeased {
            // The process driving the run sees the decision before it pauses: nothing else to do here.
            printError("\(error.message); it continues with this decision")
            return
        } catch let error as ResumeError {
            printError("\(error.message)")
            return
        }
        RunSession.summarize(outcome)
        throw RunSession.exitCode(for: outcome)
    }
}

struct ApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve", abstract: "Approve a step waiting for approval (recorded with --actor and --reason), then resume the run."
    )
    @OptionGroup var decision: ApprovalDecision
    @OptionGroup var run: RunOptions
    @OptionGroup var store: AuditStoreOptions
    @OptionGroup var runbooks: RunbookDirectoryOptions

    func run() async throws { try await decision.decide(.approvalGranted, run: run, store: store, runbooks: runbooks) }
}

struct DenyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deny", abstract: "Deny a step waiting for approval: it is skipped and the run carries on without it."
    )
    @OptionGroup var decision: ApprovalDecision
    @OptionGroup var run: RunOptions
    @OptionGroup var store: AuditStoreOptions
    @OptionGroup var runbooks: RunbookDirectoryOptions

    func run() async throws { try await decision.decide(.approvalDenied, run: run, store: store, runbooks: runbooks) }
}
