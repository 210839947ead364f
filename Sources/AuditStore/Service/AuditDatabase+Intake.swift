public import Foundation
import GRDB
public import RunbookModel
import Synchronization

/// What `irun serve` decided for one finding of a delivery.
public struct FindingPlan: Sendable, Hashable {
    public var finding: Finding
    public var decision: FindingDecision
    public var rule: String?
    public var runbook: String?
    /// The run to start (a new id) or the one joined.
    public var runID: String?
    public var reason: String

    public init(finding: Finding, decision: FindingDecision, rule: String? = nil, runbook: String? = nil, runID: String? = nil, reason: String) {
        self.finding = finding
        self.decision = decision
        self.rule = rule
        self.runbook = runbook
        self.runID = runID
        self.reason = reason
    }
}

/// What became of a delivery.
public enum DeliveryOutcome: Sendable, Hashable {
    /// EventBridge delivered this event before: nothing was written.
    case duplicate
    /// Recorded, with a decision per finding.
    case accepted([FindingPlan])
}

extension AuditDatabase {
    /// Records a delivery of findings — the raw event as evidence, each finding, each decision —
    /// in one transaction, before the caller answers EventBridge.
    ///
    /// - Parameters:
    ///   - eventID: EventBridge's event id: a second delivery of it writes nothing.
    ///   - raw: The request body as received (stored, with its SHA-256, as the artifact `event-<id>`).
    ///   - findings: The findings it carries.
    ///   - intakeRunID: The run of the `irun serve` process, whose chain the events join.
    ///   - now: When it arrived.
    ///   - decide: What to do with each finding, given what the store knows at that moment
    ///     (called inside the transaction, so decisions are serialized).
    /// - Returns: ``DeliveryOutcome/duplicate``, or the plans in the order of `findings`.
    /// - Throws: What `decide` throws, ``AuditStoreError``, database errors; then nothing is written.
    public func recordDelivery(
        eventID: String, raw: Data, findings: [Finding], intakeRunID: String, at now: Date,
        decide: @escaping @Sendable (Finding, FindingLedger) throws -> FindingPlan
    ) async throws -> DeliveryOutcome {
        let outcome = Mutex<DeliveryOutcome>(.duplicate)
        try await commit { db in
            if try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM finding_deliveries WHERE event_id = ?"), arguments: [eventID]) == true { return }
            var chain = try ChainWriter(db)
            let artifact = EvidenceArtifact(runID: intakeRunID, step: nil, name: "event-\(eventID)", kind: "eventbridge-event", mediaType: "application/json", content: raw, time: now)
            let digest = EvidenceDigest(raw)
            try chain.insertEvidence(artifact, digest: digest)
            let ledger = FindingLedger(db: db)
            var plans: [FindingPlan] = []
            let time = AuditTime.string(now)
            for finding in findings {
                _ = try chain.append(RunEvent(runID: intakeRunID, time: now, .findingReceived(FindingReceived(delivery: eventID, artifact: artifact.name, finding: finding))))
                let plan = try decide(finding, ledger)
                plans.append(plan)
                let updated = finding.updatedAt
                if try ledger.finding(finding.key) != nil {
                    try db.cachedStatement(sql: """
                        UPDATE findings SET last_seen_at = ?, deliveries = deliveries + 1,
                            updated_at = CASE WHEN ? > IFNULL(updated_at, '') THEN ? ELSE updated_at END,
                            count = MAX(IFNULL(count, 0), IFNULL(?, 0)), severity = ?, score = IFNULL(?, score)
                        WHERE key = ?
                        """).execute(arguments: [time, updated, updated, finding.count, finding.severity.rawValue, finding.score, finding.key])
                } else {
                    try db.cachedStatement(sql: """
                        INSERT INTO findings (key, source, type, severity, score, account, region, instance, resource_role, updated_at, count,
                                              first_seen_at, last_seen_at, deliveries, decision, rule, runbook, run_id, intake_run_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)
                        """).execute(arguments: [finding.key, finding.source.rawValue, finding.type, finding.severity.rawValue, finding.score, finding.account, finding.region,
                                         finding.instance, finding.resourceRole?.rawValue, updated, finding.count, time, time, plan.decision.rawValue, plan.rule,
                                         plan.runbook, plan.runID, intakeRunID])
                }
                _ = try chain.append(RunEvent(runID: intakeRunID, time: now, .findingDecided(FindingDecided(
                    finding: finding.key, decision: plan.decision, rule: plan.rule, runbook: plan.runbook, run: plan.runID, reason: plan.reason))))
            }
            try db.cachedStatement(sql: "INSERT INTO finding_deliveries (event_id, received_at, sha256, finding_keys) VALUES (?, ?, ?, ?)")
                .execute(arguments: [eventID, time, digest.sha256, Value.list(findings.map { .string($0.key) }).json])
            outcome.withLock { $0 = .accepted(plans) }
        }
        return outcome.withLock { $0 }
    }

    /// Findings, most recently seen first.
    public func findings(limit: Int = 200) async throws -> [StoredFinding] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM findings ORDER BY last_seen_at DESC, key LIMIT ?", arguments: [limit]).map(FindingLedger.stored)
        }
    }

    /// Findings whose decision started a run that was never begun (the process stopped between
    /// recording the decision and beginning the run): `irun serve` starts them when it starts.
    public func findingsAwaitingTheirRun() async throws -> [StoredFinding] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT f.* FROM findings f LEFT JOIN runs r ON r.id = f.run_id
                WHERE f.run_id IS NOT NULL AND r.id IS NULL AND f.decision IN ('started', 'started-for-approval', 'started-dry-run', 'capped')
                ORDER BY f.first_seen_at
                """).map(FindingLedger.stored)
        }
    }
}

extension AuditDatabase {
    /// The stored (redacted) parameters of each run, by id.
    public func parameters(ofRuns ids: [String]) async throws -> [String: [String: Value]] {
        guard !ids.isEmpty else { return [:] }
        return try await writer.read { db in
            var result: [String: [String: Value]] = [:]
            let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
            for row in try Row.fetchAll(db, sql: "SELECT id, parameters FROM runs WHERE id IN (\(marks))", arguments: StatementArguments(ids)) {
                let text: String = row["parameters"]
                if case .object(let members) = try Value(json: text) { result[row["id"]] = members }
            }
            return result
        }
    }

    /// How many runs are in each status.
    public func runCounts() async throws -> [RunStatus: Int] {
        try await writer.read { db in
            var counts: [RunStatus: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM runs GROUP BY status") {
                if let status = RunStatus(rawValue: row["status"]) { counts[status] = row["n"] }
            }
            return counts
        }
    }
}

extension AuditDatabase {
    /// Records a second decision on a finding — a guard evaluated again when its run was about
    /// to start (the instance is exempt) — as a `finding-decided` event and on its row.
    public func redecide(_ key: String, decision: FindingDecision, reason: String, intakeRunID: String, at now: Date) async throws {
        try await commit { db in
            var chain = try ChainWriter(db)
            try db.execute(sql: "UPDATE findings SET decision = ? WHERE key = ?", arguments: [decision.rawValue, key])
            let row = try Row.fetchOne(db, sql: "SELECT rule, runbook, run_id FROM findings WHERE key = ?", arguments: [key])
            _ = try chain.append(RunEvent(runID: intakeRunID, time: now, .findingDecided(FindingDecided(
                finding: key, decision: decision, rule: row?["rule"], runbook: row?["runbook"], run: row?["run_id"], reason: reason))))
        }
    }

    /// A switch of the service (`paused`), with who set it and when; `nil` when never set.
    public func serviceSwitch(_ key: String) async throws -> (value: String, changedAt: Date, changedBy: String)? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM service_state WHERE key = ?", arguments: [key]).map {
                ($0["value"], AuditTime.date($0["changed_at"]) ?? .distantPast, $0["changed_by"])
            }
        }
    }

    /// Sets a switch of the service.
    public func setServiceSwitch(_ key: String, to value: String, by actor: String, at now: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: "INSERT INTO service_state (key, value, changed_at, changed_by) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, changed_at = excluded.changed_at, changed_by = excluded.changed_by",
                           arguments: [key, value, AuditTime.string(now), actor])
        }
    }
}

extension AuditDatabase {
    /// A run's events recorded after chain position `seq`, with their positions: what a live
    /// view has not seen yet.
    public func events(ofRun runID: String, after seq: Int64) async throws -> [(seq: Int64, event: RunEvent)] {
        try await writer.read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT seq, run_id, kind, time, step, attempt, payload FROM events WHERE run_id = ? AND seq > ? ORDER BY seq"),
                             arguments: [runID, seq]).map { (seq: $0["seq"], event: try RunEvent(row: $0)) }
        }
    }
}

extension AuditDatabase {
    /// When each run's last successful `ec2.isolate` step ended (its containment), for the runs that have one.
    public func containedAt(runs ids: [String]) async throws -> [String: Date] {
        guard !ids.isEmpty else { return [:] }
        return try await writer.read { db in
            let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
            var result: [String: Date] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT run_id, MAX(finished_at) AS at FROM step_executions
                WHERE action = 'ec2.isolate' AND status = 'succeeded' AND run_id IN (\(marks)) GROUP BY run_id
                """, arguments: StatementArguments(ids)) {
                if let text: String = row["at"], let date = AuditTime.date(text) { result[row["run_id"]] = date }
            }
            return result
        }
    }
}
