public import Foundation
import GRDB
public import RunbookModel

/// A finding as `irun serve` keeps it: the projection of its `finding-received` and
/// `finding-decided` events.
public struct StoredFinding: Sendable, Hashable {
    public var finding: Finding
    public var firstSeenAt: Date
    public var lastSeenAt: Date
    public var deliveries: Int
    public var decision: FindingDecision
    public var rule: String?
    public var runbook: String?
    public var runID: String?
}

/// What the store knows when a finding arrives, read inside the transaction that records it:
/// decisions made on it are serialized with every other delivery's, so two deliveries arriving
/// together cannot both start a run for one target, nor both slip under a breaker's limit.
public struct FindingLedger {
    let db: Database

    /// The finding recorded under `key`, if any.
    public func finding(_ key: String) throws -> StoredFinding? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM findings WHERE key = ?"), arguments: [key]).map(Self.stored)
    }

    /// The run of `runbook` for this target that is still open (running or waiting for approval,
    /// or started but not yet begun), or that started after `since`.
    public func run(of runbook: String, account: String, region: String, instance: String, since: Date) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: """
            SELECT f.run_id FROM findings f LEFT JOIN runs r ON r.id = f.run_id
            WHERE f.account = ? AND f.region = ? AND f.instance = ? AND f.runbook = ? AND f.run_id IS NOT NULL
              AND (r.id IS NULL OR r.status IN ('running', 'waiting-approval') OR f.first_seen_at >= ?)
            ORDER BY f.first_seen_at DESC LIMIT 1
            """), arguments: [account, region, instance, runbook, AuditTime.string(since)])
    }

    /// How many findings since `since` started a run that acts without a human — in all, in
    /// one account, or by one rule — and for how many distinct targets.
    public func automaticStarts(since: Date, account: String? = nil, rule: String? = nil) throws -> (runs: Int, targets: Int) {
        var sql = "SELECT COUNT(*), COUNT(DISTINCT account || '/' || region || '/' || instance) FROM findings WHERE decision = 'started' AND first_seen_at >= ?"
        var arguments: [any DatabaseValueConvertible] = [AuditTime.string(since)]
        if let account { sql += " AND account = ?"; arguments.append(account) }
        if let rule { sql += " AND rule = ?"; arguments.append(rule) }
        let row = try Row.fetchOne(db.cachedStatement(sql: sql), arguments: StatementArguments(arguments))
        return (row?[0] ?? 0, row?[1] ?? 0)
    }

    static func stored(_ row: Row) throws -> StoredFinding {
        let source: String = row["source"], severity: String = row["severity"], decision: String = row["decision"]
        let role: String? = row["resource_role"], updated: String? = row["updated_at"]
        guard let parsedSource = Finding.Source(rawValue: source), let parsedSeverity = Finding.Severity(rawValue: severity),
              let parsedDecision = FindingDecision(rawValue: decision) else {
            throw AuditStoreError(.corrupt, "finding '\(row["key"] as String)' has an unknown source, severity or decision")
        }
        let finding = Finding(
            source: parsedSource, key: row["key"], type: row["type"], severity: parsedSeverity, score: row["score"], account: row["account"], region: row["region"],
            instance: row["instance"], resourceRole: role.flatMap(Finding.ResourceRole.init(rawValue:)), updatedAt: updated,
            count: row["count"], isSample: decision == FindingDecision.sample.rawValue, isClosed: decision == FindingDecision.closed.rawValue, title: nil
        )
        return StoredFinding(
            finding: finding, firstSeenAt: AuditTime.date(row["first_seen_at"]) ?? .distantPast, lastSeenAt: AuditTime.date(row["last_seen_at"]) ?? .distantPast,
            deliveries: row["deliveries"], decision: parsedDecision, rule: row["rule"], runbook: row["runbook"], runID: row["run_id"]
        )
    }
}
