import AWSClient
import Actions
import ArgumentParser
import AuditStore
import Foundation
import RunbookModel
import StepFunctions

/// `irun sfn import EXECUTION`: an ended execution into the audit store, as a run.
struct SfnImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Record an ended Step Functions execution in the audit trail as a run (mode step-functions).",
        discussion: """
            The execution's history becomes the events a local run of the runbook records (steps
            started, retried, skipped, decided, approved, succeeded, failed), hash-chained in the
            store; each capture's instance description is stored as evidence with its SHA-256. A
            fleet execution becomes a parent run and one child per instance. All in one
            transaction: nothing is half-written. Then irun report RUN and irun audit verify work
            on it as on any run. The runbook is found by the state machine's name (irun-NAME).
            """
    )

    @Argument(help: ArgumentHelp("The execution's ARN (irun sfn start prints it).", valueName: "execution"))
    var execution: String

    @Option(help: ArgumentHelp("Who imported it (default: $IRUN_ACTOR, else the OS user).", valueName: "name"))
    var actor: String?

    @OptionGroup var access: StepFunctionsAccess
    @OptionGroup var store: AuditStoreOptions
    @OptionGroup var runbooks: RunbookDirectoryOptions

    func validate() throws {
        try StepFunctionsNames.checkExecution(execution, flag: "EXECUTION")
    }

    func run() async throws {
        guard let machineName = StepFunctionsNames.stateMachineName(ofExecution: execution),
              let (runbook, fleet) = StepFunctionsNames.runbook(ofStateMachine: machineName) else {
            printError("error: \(execution) is not an execution of a state machine irun deployed (irun-RUNBOOK or irun-RUNBOOK-fleet)")
            throw ExitCode.failed
        }
        let (plan, path) = try RunbookPlans.plan(runbook, directory: runbooks, outcome: "nothing imported")
        let client = try await access.client()
        let description = try await client.describeExecution(arn: execution)
        let events = try await client.executionHistory(arn: execution).map(\.executionEvent)
        let runID = description.name ?? execution.split(separator: ":").last.map(String.init) ?? execution
        let header = RunHeader(
            id: runID, runbookName: plan.runbook.name, runbookPath: path, runbookSHA256: ContentHash.sha256(plan.runbook.source.text),
            runbookText: plan.runbook.source.text, parameters: plan.runbook.redacting(ExecutionInput.parameters(in: description.input, plan: plan)),
            mode: .stepFunctions, provider: "step-functions \(description.stateMachineArn)", actor: RunLaunch.actor(actor), startedAt: description.startDate.date)
        let writes: [ImportedWrite]
        do {
            writes = try ExecutionImport(plan: plan, header: header, fleet: fleet, mutatingActions: BuiltinActions.mutating)
                .writes(for: events, status: description.status)
        } catch {
            printError("error: \(error.message)")
            throw ExitCode.failed
        }
        let database = try store.open()
        if try await database.run(runID) != nil {
            printError("error: \(execution) is already in \(store.resolvedPath) as run \(runID); irun report \(runID)")
            throw ExitCode.failed
        }
        try await database.importRecorded(writes.map { write in
            switch write {
            case .begin(let header, let event): .begin(header, event)
            case .append(let events): .append(events)
            case .evidence(let artifact): .evidence(artifact)
            }
        })
        let runs = writes.filter { if case .begin = $0 { true } else { false } }.count
        let evidence = writes.filter { if case .evidence = $0 { true } else { false } }.count
        print("imported \(description.status.lowercased()) execution \(runID) as run \(runID)\(runs > 1 ? " and \(runs - 1) child runs" : "") with \(evidence) evidence artifact\(evidence == 1 ? "" : "s") into \(store.resolvedPath)")
        print("next: irun report \(runID)   ·   irun audit verify")
    }
}
