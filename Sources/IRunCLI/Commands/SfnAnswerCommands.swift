import AWSClient
import ArgumentParser
import Foundation
import RunbookModel
import StepFunctions

/// The options `irun sfn approve` and `irun sfn deny` share.
struct SfnAnswerOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The execution's ARN (irun sfn start prints it).", valueName: "execution"))
    var execution: String

    @Argument(help: ArgumentHelp("The step whose approval to answer, e.g. stop-instance.", valueName: "step"))
    var step: String

    @Option(name: .customLong("instance"), help: ArgumentHelp("The fleet form: answer only this instance's gate (default: every instance waiting at the step).", valueName: "id"))
    var instance: String?

    @Option(help: ArgumentHelp("Why; recorded with the answer.", valueName: "text"))
    var reason = ""

    @Option(help: ArgumentHelp("Who is answering (default: $IRUN_ACTOR, else the OS user).", valueName: "name"))
    var actor: String?

    @OptionGroup var access: StepFunctionsAccess

    func validate() throws {
        try StepFunctionsNames.checkExecution(execution, flag: "EXECUTION")
        guard step.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }), !step.isEmpty else {
            throw ValidationError("STEP '\(step.prefix(80))' is not a step name; step names are letters, digits, - and _ (irun show RUNBOOK lists them).")
        }
        if let instance, !ResourceIdentifier.isInstanceID(instance) {
            throw ValidationError("--instance '\(instance)' is not an instance id; expected 'i-' followed by hexadecimal digits, e.g. i-0abc1234.")
        }
    }

    /// Answers every waiting gate of the step with `send`; exits 1 when none is waiting.
    func answer(_ verb: String, _ send: (AWSClient, String, String) async throws -> Void) async throws {
        let client = try await access.client()
        let events = try await client.executionHistory(arn: execution).map(\.executionEvent)
        let gates = WaitingGates.find(in: events, step: step).filter { instance == nil || $0.instance == instance }
        guard !gates.isEmpty else {
            printError("error: no approval of '\(step)'\(instance.map { " for \($0)" } ?? "") is waiting in \(execution); `irun sfn start … --wait` names the gates that wait")
            throw ExitCode.failed
        }
        let who = RunLaunch.actor(actor)
        let answer = ASLNodeText.object(["actor": who, "reason": reason])
        for gate in gates {
            try await send(client, gate.token, answer)
            print("\(verb) \(step)\(gate.instance.map { " for \($0)" } ?? "") in \(execution) as \(who)")
        }
    }
}

/// `irun sfn approve EXECUTION STEP`: SendTaskSuccess for the step's gate.
struct SfnApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Approve a step waiting in a Step Functions execution (SendTaskSuccess); the approver is in its history and in the imported run.")

    @OptionGroup var options: SfnAnswerOptions

    func run() async throws {
        try await options.answer("approved") { client, token, answer in try await client.sendTaskSuccess(token: token, output: answer) }
    }
}

/// `irun sfn deny EXECUTION STEP`: SendTaskFailure, which skips the step as a local denial does.
struct SfnDenyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deny",
        abstract: "Deny a step waiting in a Step Functions execution (SendTaskFailure irun.ApprovalDenied); the step is skipped.")

    @OptionGroup var options: SfnAnswerOptions

    func run() async throws {
        try await options.answer("denied") { client, token, answer in
            try await client.sendTaskFailure(token: token, error: "irun.ApprovalDenied", cause: answer)
        }
    }
}

/// Compact JSON of string members, for answers.
enum ASLNodeText {
    static func object(_ members: KeyValuePairs<String, String>) -> String {
        ASLNode.object(members.map { ASLNode.Member($0.key, .string($0.value)) }).rendered(pretty: false)
    }
}
