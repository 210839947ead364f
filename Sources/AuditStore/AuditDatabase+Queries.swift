import GRDB

/// The read side: run lists, step executions, evidence, approvals, run id lookup, and chain
/// verification. Reads run on a snapshot, beside any writer.
extension AuditDatabase {
    /// The most recent runs, newest first, with step counts.
    ///
    /// - Parameter limit: How many runs at most.
    /// - Returns: The runs.
    /// - Throws: ``AuditStoreError`` `corrupt` if a row cannot be read back; database errors.
    public func runs(limit: Int) async throws -> [RunSummary] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: Self.summarySQL(runs: "SELECT * FROM runs ORDER BY started_at DESC, id DESC LIMIT ?"),
                             arguments: [max(0, limit)]).map(RunSummary.init(row:))
        }
    }

    /// One run's summary: status, times, step counts.
    ///
    /// - Parameter runID: The full run id.
    /// - Returns: The summary, or `nil` for an unknown run.
    /// - Throws: ``AuditStoreError`` `corrupt` if the row cannot be read back; database errors.
    public func summary(ofRun runID: String) async throws -> RunSummary? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: Self.summarySQL(runs: "SELECT * FROM runs WHERE id = ?"), arguments: [runID]).map(RunSummary.init(row:))
        }
    }

    /// The child runs of a fleet, in the order they started.
    ///
    /// - Parameter runID: The fleet's parent run id.
    /// - Returns: Their summaries; empty for a run that is not a fleet.
    /// - Throws: ``AuditStoreError`` `corrupt` if a row cannot be read back; database errors.
    public func children(ofRun runID: String) async throws -> [RunSummary] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: Self.summarySQL(runs: "SELECT * FROM runs WHERE parent_run_id = ?"), arguments: [runID])
                .map(RunSummary.init(row:)).reversed()
        }
    }

    /// Summaries of the runs `runs` selects, newest first; steps counted by their latest status.
    private static func summarySQL(runs: String) -> String {
        """
        SELECT r.id, r.runbook_name, r.mode, r.status, r.actor, r.provider, r.started_at, r.finished_at, r.parent_run_id,
               count(DISTINCT s.step) AS steps,
               count(DISTINCT CASE WHEN s.status = 'succeeded' THEN s.step END) AS succeeded,
               count(DISTINCT CASE WHEN s.status = 'failed' THEN s.step END) AS failed,
               count(DISTINCT CASE WHEN s.status = 'skipped' THEN s.step END) AS skipped
        FROM (\(runs)) AS r
        LEFT JOIN step_executions AS s ON s.run_id = r.id
        GROUP BY r.id
        ORDER BY r.started_at DESC, r.id DESC
        """
    }

    /// Every attempt of every step of a run, in the order they began.
    ///
    /// - Parameter runID: The full run id.
    /// - Returns: The attempts; empty for an unknown run.
    /// - Throws: ``AuditStoreError`` `corrupt` if a row cannot be read back; database errors.
    public func steps(ofRun runID: String) async throws -> [StepExecution] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM step_executions WHERE run_id = ?
                ORDER BY coalesce(started_at, finished_at), step, attempt
                """, arguments: [runID]).map(StepExecution.init(row:))
        }
    }

    /// The evidence of a run, in the order it was recorded, content included.
    ///
    /// - Parameter runID: The full run id.
    /// - Returns: The artifacts; empty for an unknown run.
    /// - Throws: ``AuditStoreError`` `corrupt` if a row cannot be read back; database errors.
    public func evidence(ofRun runID: String) async throws -> [StoredEvidence] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM evidence WHERE run_id = ? ORDER BY id", arguments: [runID])
                .map(StoredEvidence.init(row:))
        }
    }

    /// The approval decisions of a run, in the order they were made.
    ///
    /// - Parameter runID: The full run id.
    /// - Returns: The decisions; empty for an unknown run.
    /// - Throws: ``AuditStoreError`` `corrupt` if a row cannot be read back; database errors.
    public func approvals(ofRun runID: String) async throws -> [RecordedApproval] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM approvals WHERE run_id = ? ORDER BY id", arguments: [runID])
                .map(RecordedApproval.init(row:))
        }
    }

    /// The full id of the run whose id is `prefix` or starts with it.
    ///
    /// - Parameter prefix: A run id or a unique beginning of one.
    /// - Returns: The full id.
    /// - Throws: ``AuditStoreError`` `runNotFound` if no run matches, `ambiguousRunID` (naming
    ///   a few) if several do; database errors.
    public func runID(matching prefix: String) async throws -> String {
        let matches = try await writer.read { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM runs WHERE id = ?", arguments: [prefix]) != nil { return [prefix] }
            return try String.fetchAll(db, sql: """
                SELECT id FROM runs WHERE substr(id, 1, length(?1)) = ?1 ORDER BY started_at DESC LIMIT 6
                """, arguments: [prefix])
        }
        switch matches.count {
        case 0: throw AuditStoreError(.runNotFound, "no run with id '\(prefix)'; `irun runs` lists the recent ones")
        case 1: return matches[0]
        default:
            let shown = matches.prefix(5).joined(separator: ", ") + (matches.count > 5 ? ", …" : "")
            throw AuditStoreError(.ambiguousRunID, "'\(prefix)' matches several runs (\(shown)); give more of the id")
        }
    }

    /// Recomputes the whole hash chain, in `seq` order, streaming (constant memory).
    ///
    /// Reports the first event that does not fit: a changed row (hash mismatch), a deleted or
    /// moved one (prev_hash does not link, or a sequence gap). Runs on a read snapshot, so
    /// runs may go on while it checks.
    ///
    /// - Returns: Intact with the number of events and the head hash, or the first break.
    /// - Throws: Database errors.
    public func verifyChain() async throws -> ChainVerification {
        try await writer.read { db in try ChainVerifier().verify(db) }
    }
}
