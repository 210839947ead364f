import AWSClient
import ArgumentParser
import RunbookModel
import StepFunctions

/// `irun sfn deploy NAME --role-arn ARN`: creates or updates the runbook's state machines.
struct SfnDeployCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Create or update the runbook's state machines (irun-NAME and irun-NAME-fleet), and the approval queue it needs.",
        discussion: """
            Both forms are compiled and checked before anything is sent; a step that cannot
            compile is named and nothing is deployed. A runbook with approvals also gets the SQS
            queue irun-approvals, where each gate's task token is sent.
            """
    )

    @Argument(help: ArgumentHelp("A runbook name (e.g. ec2-quarantine) or file.", valueName: "runbook"))
    var runbook: String

    @Option(name: .customLong("role-arn"), help: ArgumentHelp("The IAM role the state machines run as.", valueName: "arn"))
    var roleARN: String

    @Option(name: .customLong("max-concurrency"), help: "The fleet form: at most N instances at once (default 10).")
    var maxConcurrency = 10

    @OptionGroup var access: StepFunctionsAccess
    @OptionGroup var runbooks: RunbookDirectoryOptions

    func validate() throws {
        try StepFunctionsNames.checkRole(roleARN)
        guard (1...1000).contains(maxConcurrency) else { throw ValidationError("--max-concurrency must be 1 to 1000, not \(maxConcurrency).") }
    }

    func run() async throws {
        let (plan, path) = try RunbookPlans.plan(runbook, directory: runbooks, outcome: "nothing deployed")
        let machines = try [false, true].map { try StateMachineCompilation.compile(plan, path: path, fleet: $0, maxConcurrency: maxConcurrency) }
        let client = try await access.client()
        let existing = Dictionary(try await client.stateMachines().map { ($0.name, $0.stateMachineArn) }, uniquingKeysWith: { first, _ in first })
        for machine in machines {
            let name = StepFunctionsNames.stateMachine(plan.runbook.name, fleet: machine.fleet)
            if let arn = existing[name] {
                try await client.updateStateMachine(arn: arn, definition: machine.json, roleArn: roleARN)
                print("updated \(name): \(arn)")
            } else {
                let arn = try await client.createStateMachine(name: name, definition: machine.json, roleArn: roleARN)
                print("created \(name): \(arn)")
            }
        }
        if ExecutionInput.needsApprovalQueue(plan) {
            print("approval queue \(StepFunctionsNames.approvalQueue): \(try await client.queueURL(creating: StepFunctionsNames.approvalQueue))")
        }
    }
}
