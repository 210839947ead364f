public import Foundation
import GRDB

/// A human decision on an approval step, from the `approvals` projection.
public struct RecordedApproval: Hashable, Sendable, Codable {
    /// Granted or denied.
    public enum Decision: String, Hashable, Sendable, Codable {
        /// The step may go on.
        case granted
        /// The run stops.
        case denied
    }

    /// The run.
    public var runID: String
    /// The step that waited.
    public var step: String?
    /// Who decided.
    public var actor: String
    /// What they decided.
    public var decision: Decision
    /// Why, as they wrote it.
    public var reason: String?
    /// When.
    public var decidedAt: Date

    /// Creates an approval record.
    ///
    /// - Parameters:
    ///   - runID: The run.
    ///   - step: The step.
    ///   - actor: Who decided.
    ///   - decision: What.
    ///   - reason: Why.
    ///   - decidedAt: When.
    public init(runID: String, step: String?, actor: String, decision: Decision, reason: String?, decidedAt: Date) {
        self.runID = runID
        self.step = step
        self.actor = actor
        self.decision = decision
        self.reason = reason
        self.decidedAt = decidedAt
    }
}

extension RecordedApproval {
    /// An `approvals` row.
    init(row: Row) throws {
        self.init(
            runID: try RowReading.text(row, "run_id"), step: try row.decode(String?.self, forColumn: "step"),
            actor: try RowReading.text(row, "actor"), decision: try RowReading.enumeration(row, "decision"),
            reason: try row.decode(String?.self, forColumn: "reason"), decidedAt: try RowReading.time(row, "decided_at"))
    }
}
