import AWSClient
import Actions
import ArgumentParser
import Foundation
import Providers
import RunbookModel
import StepFunctions

/// Where `irun sfn` finds Step Functions: the credentials, region and endpoint the AWS CLI
/// would use, as `--provider aws` finds them.
struct StepFunctionsAccess: ParsableArguments {
    @Option(help: ArgumentHelp("AWS region (default: $AWS_REGION, $AWS_DEFAULT_REGION, then the profile's region).", valueName: "region"))
    var region: String?

    @Option(name: .customLong("endpoint-url"), help: ArgumentHelp("Send every call to this endpoint (moto, LocalStack, a VPC endpoint); default $AWS_ENDPOINT_URL.", valueName: "url"))
    var endpointURL: String?

    @Option(help: ArgumentHelp("The AWS profile in ~/.aws (default: $AWS_PROFILE, else default).", valueName: "name"))
    var profile: String?

    /// A client with resolved credentials; configuration problems exit 2 with their reason.
    func client() async throws -> AWSClient {
        do {
            return try await ProviderSelection.connect(region: region, endpoint: endpointURL, profile: profile, role: nil).0
        } catch let error as AWSConfigurationError {
            printError("error: \(error.description)")
            throw ExitCode.usage
        }
    }
}

/// Names `irun sfn` gives what it deploys.
enum StepFunctionsNames {
    /// The state machine of a runbook: `irun-NAME`, and `irun-NAME-fleet` for the fleet form.
    static func stateMachine(_ runbook: String, fleet: Bool) -> String { "irun-\(runbook)\(fleet ? "-fleet" : "")" }

    /// The runbook and form of a state machine name, if irun deployed it.
    static func runbook(ofStateMachine name: String) -> (runbook: String, fleet: Bool)? {
        guard name.hasPrefix("irun-") else { return nil }
        let rest = String(name.dropFirst(5))
        return rest.hasSuffix("-fleet") ? (String(rest.dropLast(6)), true) : (rest, false)
    }

    /// The queue approvals are sent to.
    static let approvalQueue = "irun-approvals"

    /// The state machine of an execution ARN (`arn:aws:states:REGION:ACCOUNT:execution:MACHINE:NAME`).
    static func stateMachineName(ofExecution arn: String) -> String? {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 8, parts[0] == "arn", parts[2] == "states", parts[5] == "execution" else { return nil }
        return String(parts[6])
    }

    /// Checks an execution ARN before it reaches a request.
    static func checkExecution(_ arn: String, flag: String) throws {
        guard stateMachineName(ofExecution: arn) != nil, arn.count <= 2048 else {
            throw ValidationError("\(flag) '\(arn.prefix(120))' is not an execution ARN; expected arn:aws:states:REGION:ACCOUNT:execution:STATE-MACHINE:NAME (irun sfn start prints it).")
        }
    }

    /// Checks an IAM role ARN, as `--role-arn` of the other commands is checked.
    static func checkRole(_ arn: String) throws {
        guard RoleAssumption.isRoleARN(arn) else {
            throw ValidationError("--role-arn '\(arn.prefix(120))' is not an IAM role ARN; expected arn:aws:iam::123456789012:role/NAME (the role the state machine runs as; its policy: irun iam-policy RUNBOOK --for step-functions).")
        }
    }
}

extension HistoryEvent {
    /// The event as the import reads it.
    var executionEvent: ExecutionEvent {
        let state = stateEnteredEventDetails ?? stateExitedEventDetails
        let failure = taskFailedEventDetails ?? taskTimedOutEventDetails ?? executionFailedEventDetails ?? executionAbortedEventDetails
            ?? executionTimedOutEventDetails ?? failStateEnteredEventDetails
        let task = taskSucceededEventDetails ?? taskScheduledEventDetails
        return ExecutionEvent(
            id: id, previousID: previousEventId, time: timestamp.date, type: type, state: state?.name,
            input: state?.input ?? executionStartedEventDetails?.input, output: state?.output ?? task?.output ?? executionSucceededEventDetails?.output,
            error: failure?.error, cause: failure?.cause, parameters: taskScheduledEventDetails?.parameters,
            mapName: mapIterationStartedEventDetails?.name, mapIndex: mapIterationStartedEventDetails?.index)
    }
}
