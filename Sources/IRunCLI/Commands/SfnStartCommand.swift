import AWSClient
import ArgumentParser
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
        try RunLaunch.checkPairs(parameters, hint: ", e.g. --param case=IR-42")
        for instance in instances where !ResourceIdentifier.isInstanceID(instance) {
            throw ValidationError("--instance '\(instance)' is not an instance id; expected 'i-' followed by hexadecimal digits, e.g. i-0abc1234.")
        }
        if let maxErrors, ErrorBudgetText.count(maxErrors, of: max(instances.count, 1)) == nil {
            throw ValidationError("--max-errors '\(maxErrors)' must be a count like 3 or a share like 10%.")
        }
        guard let interval = RunbookDuration(parsing: poll), interval.milliseconds >= 100 else {
            throw ValidationError("--poll '\(poll)' must be a duration of at least 100ms, e.g. 1s.")
        }
        if parameters.contains(where: { $0.hasPrefix("instance=") }), !instances.isEmpty {
            throw ValidationError("give the instance either with --instance or with --param instance=…, not both.")
        }
    }

    func run() async throws {
        let (plan, _) = try RunbookPlans.plan(runbook, directory: runbooks)
        let fleet = instances.count > 1
        let name = RunLaunch.newRunID()
        let values: [String: Value]
        do {
            let placeholder: [(name: String, text: String)] = fleet ? [("instance", "i-0")] : []
            let given = (fleet ? [] : instances.map { (name: "instance", text: $0) }) + RunLaunch.pairs(parameters)
            values = try ParameterBinding.bind(placeholder + given, to: plan.runbook, scope: ExpressionScope(roots: ["run": ["id": .string(name)]]),
                                               flag: { $0 == "instance" ? "--instance" : "--param \($0)" })
        } catch {
            printError(error.problems.map { "error: \($0)" }.joined(separator: "\n"))
            throw ExitCode.usage
        }
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
        let budget = maxErrors.flatMap { ErrorBudgetText.count($0, of: instances.count) }
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

/// `--max-errors` as a count of a fleet's instances.
enum ErrorBudgetText {
    static func count(_ text: String, of total: Int) -> Int? {
        if text.hasSuffix("%"), let share = Double(text.dropLast()), (0...100).contains(share) {
            return Int((Double(total) * share / 100).rounded(.down))
        }
        guard let count = Int(text), count >= 0 else { return nil }
        return count
    }
}
