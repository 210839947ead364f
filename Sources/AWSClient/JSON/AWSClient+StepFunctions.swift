public import Foundation

/// The Step Functions API calls `irun sfn` makes, and SQS's two that find the approval queue.
extension AWSClient {
    /// Every state machine of the account and region, by name.
    public func stateMachines() async throws -> [StateMachineListItem] {
        var items: [StateMachineListItem] = []
        var token: String?
        repeat {
            let page = try await callJSON(.stepFunctions, "ListStateMachines", ListStateMachinesInput(nextToken: token), as: ListStateMachinesOutput.self)
            items += page.stateMachines
            token = page.nextToken
        } while token != nil
        return items
    }

    /// Creates a standard state machine; returns its ARN.
    public func createStateMachine(name: String, definition: String, roleArn: String) async throws -> String {
        try await callJSON(.stepFunctions, "CreateStateMachine", CreateStateMachineInput(name: name, definition: definition, roleArn: roleArn, type: "STANDARD"),
                           as: StateMachineArnOutput.self).stateMachineArn
    }

    /// Replaces a state machine's definition and role.
    public func updateStateMachine(arn: String, definition: String, roleArn: String) async throws {
        _ = try await callJSON(.stepFunctions, "UpdateStateMachine", UpdateStateMachineInput(stateMachineArn: arn, definition: definition, roleArn: roleArn),
                               as: EmptyAnswer.self)
    }

    /// Starts an execution called `name` with `input` (JSON text); returns its ARN.
    public func startExecution(stateMachineArn: String, name: String, input: String) async throws -> String {
        try await callJSON(.stepFunctions, "StartExecution", StartExecutionInput(stateMachineArn: stateMachineArn, name: name, input: input),
                           as: ExecutionArnOutput.self).executionArn
    }

    /// An execution's status, input and output.
    public func describeExecution(arn: String) async throws -> ExecutionDescription {
        try await callJSON(.stepFunctions, "DescribeExecution", ExecutionArnInput(executionArn: arn), as: ExecutionDescription.self)
    }

    /// An execution's whole history, oldest event first.
    public func executionHistory(arn: String) async throws -> [HistoryEvent] {
        var events: [HistoryEvent] = []
        var token: String?
        repeat {
            let page = try await callJSON(.stepFunctions, "GetExecutionHistory", GetExecutionHistoryInput(executionArn: arn, nextToken: token),
                                          as: GetExecutionHistoryOutput.self)
            events += page.events
            token = page.nextToken
        } while token != nil
        return events
    }

    /// Completes a task waiting for its token with `output` (JSON text).
    public func sendTaskSuccess(token: String, output: String) async throws {
        _ = try await callJSON(.stepFunctions, "SendTaskSuccess", SendTaskSuccessInput(taskToken: token, output: output), as: EmptyAnswer.self)
    }

    /// Fails a task waiting for its token.
    public func sendTaskFailure(token: String, error: String, cause: String) async throws {
        _ = try await callJSON(.stepFunctions, "SendTaskFailure", SendTaskFailureInput(taskToken: token, error: error, cause: cause), as: EmptyAnswer.self)
    }

    /// The URL of the queue called `name`, creating it when it does not exist (CreateQueue is
    /// idempotent for the same attributes).
    public func queueURL(creating name: String) async throws -> String {
        try await callJSON(.sqs, "CreateQueue", QueueNameInput(QueueName: name), as: QueueURLOutput.self).QueueUrl
    }

    /// The URL of the queue called `name`; `AWS.SimpleQueueService.NonExistentQueue` when there is none.
    public func queueURL(of name: String) async throws -> String {
        try await callJSON(.sqs, "GetQueueUrl", QueueNameInput(QueueName: name), as: QueueURLOutput.self).QueueUrl
    }
}

public struct StateMachineListItem: Codable, Sendable, Hashable {
    public var stateMachineArn: String
    public var name: String
}

/// An execution as DescribeExecution gives it.
public struct ExecutionDescription: Codable, Sendable, Hashable {
    public var executionArn: String
    public var stateMachineArn: String
    public var name: String?
    /// RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED (or PENDING_REDRIVE).
    public var status: String
    public var startDate: FlexibleDate
    public var stopDate: FlexibleDate?
    public var input: String?
    public var output: String?
    public var error: String?
    public var cause: String?
}

/// One event of an execution's history. Only the details irun reads are decoded.
public struct HistoryEvent: Codable, Sendable, Hashable {
    public var id: Int
    public var previousEventId: Int?
    public var timestamp: FlexibleDate
    /// `TaskStateEntered`, `TaskSucceeded`, `ExecutionFailed`, ….
    public var type: String
    public var stateEnteredEventDetails: StateDetails?
    public var stateExitedEventDetails: StateDetails?
    public var taskScheduledEventDetails: TaskDetails?
    public var taskSucceededEventDetails: TaskDetails?
    public var taskSubmittedEventDetails: TaskDetails?
    public var taskFailedEventDetails: FailureDetails?
    public var taskTimedOutEventDetails: FailureDetails?
    public var executionFailedEventDetails: FailureDetails?
    public var executionAbortedEventDetails: FailureDetails?
    public var executionTimedOutEventDetails: FailureDetails?
    public var executionSucceededEventDetails: OutputDetails?
    public var executionStartedEventDetails: InputDetails?
    public var failStateEnteredEventDetails: FailureDetails?
    public var mapIterationStartedEventDetails: MapIterationDetails?

    public struct StateDetails: Codable, Sendable, Hashable {
        public var name: String
        public var input: String?
        public var output: String?
    }

    public struct TaskDetails: Codable, Sendable, Hashable {
        public var resource: String?
        public var resourceType: String?
        public var parameters: String?
        public var output: String?
    }

    public struct FailureDetails: Codable, Sendable, Hashable {
        public var error: String?
        public var cause: String?
    }

    public struct OutputDetails: Codable, Sendable, Hashable {
        public var output: String?
    }

    public struct InputDetails: Codable, Sendable, Hashable {
        public var input: String?
    }

    public struct MapIterationDetails: Codable, Sendable, Hashable {
        public var name: String?
        public var index: Int?
    }
}

/// A timestamp of the JSON protocol: seconds since 1970 as a number (what AWS sends), or an
/// ISO 8601 string (what some emulators send).
public struct FlexibleDate: Codable, Sendable, Hashable {
    public var date: Date

    public init(_ date: Date) { self.date = date }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let seconds = try? container.decode(Double.self) {
            date = Date(timeIntervalSince1970: seconds)
            return
        }
        let text = try container.decode(String.self)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let parsed = formatter.date(from: text) {
            date = parsed
        } else {
            formatter.formatOptions = [.withInternetDateTime]
            guard let parsed = formatter.date(from: text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a timestamp")
            }
            date = parsed
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(date.timeIntervalSince1970)
    }
}

private struct ListStateMachinesInput: Encodable { var nextToken: String? }
private struct ListStateMachinesOutput: Decodable { var stateMachines: [StateMachineListItem]; var nextToken: String? }
private struct CreateStateMachineInput: Encodable { var name, definition, roleArn, type: String }
private struct UpdateStateMachineInput: Encodable { var stateMachineArn, definition, roleArn: String }
private struct StateMachineArnOutput: Decodable { var stateMachineArn: String }
private struct StartExecutionInput: Encodable { var stateMachineArn, name, input: String }
private struct ExecutionArnOutput: Decodable { var executionArn: String }
private struct ExecutionArnInput: Encodable { var executionArn: String }
private struct GetExecutionHistoryInput: Encodable { var executionArn: String; var nextToken: String?; var maxResults = 1000 }
private struct GetExecutionHistoryOutput: Decodable { var events: [HistoryEvent]; var nextToken: String? }
private struct SendTaskSuccessInput: Encodable { var taskToken, output: String }
private struct SendTaskFailureInput: Encodable { var taskToken, error, cause: String }
// SQS's JSON protocol names members as its Query protocol did.
// swiftlint:disable:next identifier_name
private struct QueueNameInput: Encodable { var QueueName: String }
private struct QueueURLOutput: Decodable { var QueueUrl: String }
