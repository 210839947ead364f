import Foundation
import GRDB
import RunbookModel

extension ChainWriter {
    /// Takes the lease of `runID` for `owner`: free, already its own, or taken over from a
    /// holder that is gone (its pid dead on this host, or its heartbeat older than
    /// ``RunLeases/staleAfter``), which is recorded as a `run-taken-over` event.
    ///
    /// - Returns: The `run-taken-over` event, when the lease was taken from a holder that was gone.
    /// - Throws: ``AuditStoreError`` `runLeased` naming the live holder.
    @discardableResult
    mutating func claimLease(_ runID: String, for owner: LeaseOwner, at now: Date) throws -> RunEvent? {
        let stamp = AuditTime.string(now)
        if let (holder, heartbeat) = try Self.lease(of: runID, in: db) {
            if holder.token == owner.token { return nil }
            let reason: LeaseTakeover
            if !holder.isAliveIfLocal {
                reason = .ownerExited
            } else if now.timeIntervalSince(heartbeat) > RunLeases.staleAfter {
                reason = .heartbeatExpired
            } else {
                let age = max(0, Int(now.timeIntervalSince(heartbeat)))
                throw AuditStoreError(
                    .runLeased,
                    "run \(runID) is being driven by \(holder), last heard from \(age) s ago"
                )
            }
            let takeover = RunEvent(runID: runID, time: now, .runTakenOver(RunTakenOver(
                reason: reason.rawValue, previousHost: holder.host, previousPid: Int(holder.pid), previousActor: holder.actor,
                host: owner.host, pid: Int(owner.pid), actor: owner.actor
            )))
            try append(takeover)
            try db.execute(sql: "DELETE FROM run_leases WHERE run_id = ?", arguments: [runID])
            try insertLease(runID, for: owner, at: stamp)
            return takeover
        }
        try insertLease(runID, for: owner, at: stamp)
        return nil
    }

    private func insertLease(_ runID: String, for owner: LeaseOwner, at stamp: String) throws {
        try db.execute(
            sql: "INSERT INTO run_leases (run_id, token, host, pid, actor, acquired_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [runID, owner.token, owner.host, Int64(owner.pid), owner.actor, stamp, stamp]
        )
    }

    /// Who holds the lease of `runID`, and when they last renewed it; `nil` when nobody does.
    static func lease(of runID: String, in db: Database) throws -> (owner: LeaseOwner, heartbeat: Date)? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM run_leases WHERE run_id = ?", arguments: [runID]) else { return nil }
        let owner = LeaseOwner(token: row["token"], host: row["host"], pid: Int32(row["pid"] as Int64), actor: row["actor"])
        return (owner, AuditTime.date(row["heartbeat_at"] as String) ?? .distantPast)
    }

    /// Gives up `owner`'s lease of `runID`, if it holds it.
    func releaseLease(_ runID: String, for owner: LeaseOwner) throws {
        try db.execute(sql: "DELETE FROM run_leases WHERE run_id = ? AND token = ?", arguments: [runID, owner.token])
    }
}
