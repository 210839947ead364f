public import Foundation
import GRDB
public import RunbookModel

/// One line of `irun runs`: a run, where it stands, and how its steps ended.
public struct RunSummary: Hashable, Sendable, Codable {
    /// The run id.
    public var id: String
    /// The runbook's name.
    public var runbook: String
    /// Live, dry run or game day.
    public var mode: RunMode
    /// Where the run stands.
    public var status: RunStatus
    /// Who started it.
    public var actor: String
    /// `mock` or `aws` with the region.
    public var provider: String
    /// When it started.
    public var startedAt: Date
    /// When it finished, if it has.
    public var finishedAt: Date?
    /// The fleet run it belongs to, if any.
    public var parentRunID: String?
    /// Distinct steps with a recorded execution (started, skipped, planned…).
    public var steps: Int
    /// Steps whose last attempt succeeded.
    public var succeeded: Int
    /// Steps whose last attempt failed for good.
    public var failed: Int
    /// Steps that did not run.
    public var skipped: Int

    /// Creates a summary.
    ///
    /// - Parameters:
    ///   - id: The run id.
    ///   - runbook: The runbook's name.
    ///   - mode: The run mode.
    ///   - status: Where it stands.
    ///   - actor: Who started it.
    ///   - provider: The provider.
    ///   - startedAt: When it started.
    ///   - finishedAt: When it finished.
    ///   - parentRunID: Its fleet run.
    ///   - steps: Steps recorded.
    ///   - succeeded: Steps succeeded.
    ///   - failed: Steps failed.
    ///   - skipped: Steps skipped.
    public init(
        id: String, runbook: String, mode: RunMode, status: RunStatus, actor: String, provider: String, startedAt: Date,
        finishedAt: Date?, parentRunID: String?, steps: Int, succeeded: Int, failed: Int, skipped: Int
    ) {
        self.id = id
        self.runbook = runbook
        self.mode = mode
        self.status = status
        self.actor = actor
        self.provider = provider
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.parentRunID = parentRunID
        self.steps = steps
        self.succeeded = succeeded
        self.failed = failed
        self.skipped = skipped
    }
}

extension RunSummary {
    /// A row of the ``AuditDatabase/runs(limit:)`` query.
    init(row: Row) throws {
        self.init(
            id: try RowReading.text(row, "id"), runbook: try RowReading.text(row, "runbook_name"),
            mode: try RowReading.enumeration(row, "mode"), status: try RowReading.enumeration(row, "status"),
            actor: try RowReading.text(row, "actor"), provider: try RowReading.text(row, "provider"),
            startedAt: try RowReading.time(row, "started_at"), finishedAt: try RowReading.optionalTime(row, "finished_at"),
            parentRunID: try row.decode(String?.self, forColumn: "parent_run_id"),
            steps: try row.decode(Int.self, forColumn: "steps"), succeeded: try row.decode(Int.self, forColumn: "succeeded"),
            failed: try row.decode(Int.self, forColumn: "failed"), skipped: try row.decode(Int.self, forColumn: "skipped"))
    }
}
