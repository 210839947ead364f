public import Foundation
import GRDB
public import RunbookModel

/// One attempt of a step, as the `step_executions` projection holds it.
public struct StepExecution: Hashable, Sendable, Codable {
    /// Where an attempt stands. A string-backed struct so a newer irun's statuses still read.
    public struct Status: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        /// The stored text, such as `succeeded`.
        public var rawValue: String
        /// Wraps a stored status.
        ///
        /// - Parameter rawValue: The stored text.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The stored text.
        public var description: String { rawValue }

        /// Started, not yet finished (or the process stopped while it ran).
        public static let running = Status(rawValue: "running")
        /// Failed and was retried as the next attempt.
        public static let retrying = Status(rawValue: "retrying")
        /// Succeeded.
        public static let succeeded = Status(rawValue: "succeeded")
        /// Failed for good (``StepExecution/reason`` is `tolerated` if the run went on).
        public static let failed = Status(rawValue: "failed")
        /// Did not run; ``StepExecution/reason`` says why.
        public static let skipped = Status(rawValue: "skipped")
        /// A decision chose its branch; the outputs hold `branch` and `chosen`.
        public static let decided = Status(rawValue: "decided")
        /// Dry run: recorded what it would do; the outputs hold `wouldDo`.
        public static let planned = Status(rawValue: "planned")
        /// On resume, the provider showed that the interrupted attempt had not happened.
        public static let notDone = Status(rawValue: "not-done")
    }

    /// The run.
    public var runID: String
    /// The step name.
    public var step: String
    /// The attempt, 1-based.
    public var attempt: Int
    /// Where the attempt stands.
    public var status: Status
    /// The action, such as `ec2.isolate`.
    public var action: String?
    /// The resolved inputs.
    public var inputs: Value?
    /// The outputs.
    public var outputs: Value?
    /// The error code of a failed or retried attempt, such as `RequestLimitExceeded`.
    public var errorCode: String?
    /// The error message of a failed or retried attempt.
    public var errorMessage: String?
    /// Why it was skipped; `tolerated` for a tolerated failure; a reconciliation outcome.
    public var reason: String?
    /// When the attempt began.
    public var startedAt: Date?
    /// When it ended.
    public var finishedAt: Date?
    /// `undoing`, `undone` or `undo-failed` once compensation has touched the step.
    public var undoStatus: String?

    /// Creates an execution record.
    ///
    /// - Parameters:
    ///   - runID: The run.
    ///   - step: The step.
    ///   - attempt: The attempt.
    ///   - status: Where it stands.
    ///   - action: The action.
    ///   - inputs: The inputs.
    ///   - outputs: The outputs.
    ///   - errorCode: The error code.
    ///   - errorMessage: The error message.
    ///   - reason: Why skipped, tolerated or reconciled.
    ///   - startedAt: Start time.
    ///   - finishedAt: End time.
    ///   - undoStatus: Compensation state.
    public init(
        runID: String, step: String, attempt: Int, status: Status, action: String? = nil, inputs: Value? = nil, outputs: Value? = nil,
        errorCode: String? = nil, errorMessage: String? = nil, reason: String? = nil, startedAt: Date? = nil, finishedAt: Date? = nil,
        undoStatus: String? = nil
    ) {
        self.runID = runID
        self.step = step
        self.attempt = attempt
        self.status = status
        self.action = action
        self.inputs = inputs
        self.outputs = outputs
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.reason = reason
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.undoStatus = undoStatus
    }
}

extension StepExecution {
    /// A `step_executions` row.
    init(row: Row) throws {
        self.init(
            runID: try RowReading.text(row, "run_id"), step: try RowReading.text(row, "step"),
            attempt: try row.decode(Int.self, forColumn: "attempt"), status: Status(rawValue: try RowReading.text(row, "status")),
            action: try row.decode(String?.self, forColumn: "action"), inputs: try RowReading.optionalJSON(row, "inputs"),
            outputs: try RowReading.optionalJSON(row, "outputs"), errorCode: try row.decode(String?.self, forColumn: "error_code"),
            errorMessage: try row.decode(String?.self, forColumn: "error_message"), reason: try row.decode(String?.self, forColumn: "reason"),
            startedAt: try RowReading.optionalTime(row, "started_at"), finishedAt: try RowReading.optionalTime(row, "finished_at"),
            undoStatus: try row.decode(String?.self, forColumn: "undo_status"))
    }
}
