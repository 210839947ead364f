public import Foundation
import GRDB
public import RunbookModel

/// Run ownership: at most one process drives a run at a time.
extension AuditDatabase {
    /// Takes the lease of a run before driving it (resume, approve, deny); does nothing for a
    /// store that is not ``driving(as:)``.
    ///
    /// - Parameter runID: The run.
    /// - Returns: The `run-taken-over` event, when the run's last driver was gone.
    /// - Throws: ``AuditStoreError`` `runLeased` naming the live process that drives it.
    public func claim(_ runID: String) async throws -> RunEvent? {
        guard let owner else { return nil }
        let now = Date()
        return try await writer.write { db in
            var chain = try ChainWriter(db)
            return try chain.claimLease(runID, for: owner, at: now)
        }
    }

    /// Records that a run waits for approval of the steps in `waiting`'s payload and gives up
    /// its lease, in one transaction, unless a decision for one of those steps was recorded
    /// meanwhile (by `irun approve` in another terminal while this process held the run).
    ///
    /// - Parameter waiting: The `run-waiting-approval` event.
    /// - Returns: The decisions found (nothing written), or none once the pause is recorded.
    public func pause(_ waiting: RunEvent) async throws -> [RunEvent] {
        let steps: [String] = if case .list(let names) = waiting.payload[member: "steps"] { names.compactMap(\.stringValue) } else { [] }
        let owner = owner
        return try await writer.write { db in
            let placeholders = Array(repeating: "?", count: steps.count).joined(separator: ", ")
            let rows = steps.isEmpty ? [] : try Row.fetchAll(
                db, sql: "SELECT step, decision, actor, reason, decided_at FROM approvals WHERE run_id = ? AND step IN (\(placeholders)) ORDER BY id",
                arguments: StatementArguments([waiting.runID] + steps)
            )
            if !rows.isEmpty {
                return rows.map { row in
                    let decision = ApprovalDecided(actor: row["actor"], reason: (row["reason"] as String?) ?? "")
                    let granted = (row["decision"] as String) == RecordedApproval.Decision.granted.rawValue
                    return RunEvent(
                        runID: waiting.runID, time: AuditTime.date(row["decided_at"] as String) ?? waiting.time, step: row["step"],
                        granted ? .approvalGranted(decision) : .approvalDenied(decision)
                    )
                }
            }
            var chain = try ChainWriter(db)
            try chain.append(waiting)
            if let owner { try chain.releaseLease(waiting.runID, for: owner) }
            return []
        }
    }

    /// Renews every lease this process holds; the CLI calls it every ``RunLeases/heartbeatEvery``.
    public func renewLeases() async throws {
        guard let owner else { return }
        let stamp = AuditTime.string(Date())
        try await writer.write { db in
            try db.execute(sql: "UPDATE run_leases SET heartbeat_at = ? WHERE token = ?", arguments: [stamp, owner.token])
        }
    }

    /// Gives up every lease this process still holds (a command that stops on an error).
    public func releaseLeases() async throws {
        guard let owner else { return }
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM run_leases WHERE token = ?", arguments: [owner.token])
        }
    }

    /// Who drives a run now, and when it last said so; `nil` when no process does.
    public func lease(ofRun runID: String) async throws -> (owner: LeaseOwner, heartbeat: Date)? {
        try await writer.read { db in try ChainWriter.lease(of: runID, in: db) }
    }
}
