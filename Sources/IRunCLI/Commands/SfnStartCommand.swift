import AWSClient
import ArgumentParser
import Engine
import Foundation
import Providers
import RunbookModel
import StepFunctions

/// `irun sfn start NAME --instance ID…`: starts one execution of the deployed runbook.
struct SfnStartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start the deployed runbook on Step Functions: one --instance, or several (the fleet form).",
        discussion: """
            Parameters are bound and checked exactly as irun execute binds them (--param name=value,
            defaults, types), and the execution is named like a run id, which is also its run.id.
            --wait follows it with execute's progress lines and exits as execute does:
            0 succeeded, 1 failed, 3 waiting for approval (irun sfn approve/deny).
            """
    )

    @Argument(help: ArgumentHelp("A runbook name (e.g. ec2-quarantine) or file.", valueName: "runbook"))
    var runbook: String

    @Option(name: .customLong("instance"), help: ArgumentHelp("The instance to act on. Repeat for the fleet form.", valueName: "id"))
    var instances: [String] = []

    @Option(name: .customLong("param"), help: ArgumentHelp("A runbook parameter, as name=value. Repeatable.", valueName: "name=value"))
    var parameters: [String] = []

    @Option(name: .customLong("max-errors"), help: ArgumentHelp("The fleet form: the execution fails once more than N (or N%) instances failed.", valueName: "N|N%"))
    var maxErrors: String?

    @Flag(help: "Follow the execution to its end (or its first wait for approval), printing each step.")
    var wait = false

    @Option(help: ArgumentHelp("With --wait: how often to read the execution's history.", valueName: "duration"))
    var poll = "1s"

    @Option(help: ArgumentHelp("Who is starting it (default: $IRUN_ACTOR, else the OS user).", valueName: "name"))
    var actor: String?

    @OptionGroup var access: StepFunctionsAccess
    @OptionGroup var runbooks: RunbookDirectoryOptions

    func validate() throws {
        try RunLaunch.checkTargets(parameters: parameters, instances: instances, targetsGiven: !instances.isEmpty)
        if let maxErrors, ErrorBudget(parsing: maxErrors) == nil {
            throw ValidationError("--max-errors '\(maxErrors)' must be a count like 3 or a share like 10%.")
        }
        guard let interval = RunbookDuration(parsing: poll), interval.milliseconds >= 100 else {
            throw ValidationError("--poll '\(poll)' must be a duration of at least 100ms, e.g. 1s.")
        }
    }

    func run() async throws {
        let (plan, _) = try RunbookPlans.plan(runbook, directory: runbooks, outcome: "nothing started")
        let fleet = instances.count > 1
        let name = RunLaunch.newRunID()
        let values = try RunLaunch.bind(plan, runID: name, instance: instances.first, parameters: parameters, fleet: fleet)
        let client = try await access.client()
        let machineName = StepFunctionsNames.stateMachine(plan.runbook.name, fleet: fleet)
        guard let machine = try await client.stateMachines().first(where: { $0.name == machineName }) else {
            printError("error: no state machine \(machineName) in \(client.configuration.region); deploy it first: irun sfn deploy \(runbook) --role-arn ARN")
            throw ExitCode.failed
        }
        var queue: String?
        if ExecutionInput.needsApprovalQueue(plan) {
            queue = try await client.queueURL(of: StepFunctionsNames.approvalQueue)
        }
        let budget = maxErrors.flatMap(ErrorBudget.init(parsing:))?.allowedFailures(of: instances.count)
        let input = ExecutionInput.json(plan: plan, parameters: values, instances: fleet ? instances : nil, approvalQueueURL: queue, maxErrors: fleet ? budget : nil)
        let arn = try await client.startExecution(stateMachineArn: machine.stateMachineArn, name: name, input: input)
        // The progress lines that follow are written straight to the file, so this one is too.
        FileHandle.standardOutput.write(Data("started \(arn)\n".utf8))
        guard wait else {
            print("follow it: irun sfn import \(arn) once it ends (or start with --wait)")
            return
        }
        let follower = ExecutionFollower(client: client, plan: plan, executionARN: arn, fleet: fleet, actor: RunLaunch.actor(actor),
                                         interval: RunbookDuration(parsing: poll)!.duration)
        let code = try await follower.follow()
        if code != 0 { throw ExitCode(code) }
    }
}
