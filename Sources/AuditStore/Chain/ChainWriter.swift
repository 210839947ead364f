import Foundation
import GRDB
import RunbookModel

/// Appends events to the chain inside one write transaction, keeping the projections in step.
///
/// Made at the start of a transaction: it reads the chain head once, then extends it in memory
/// for each event of the batch, so a batch costs one head read. The transaction is IMMEDIATE
/// (GRDB's default for writes), so no other connection or process can append in between.
/// Any error leaves the transaction to be rolled back by the caller: nothing is half-written.
struct ChainWriter {
    /// The database, inside a write transaction.
    let db: Database
    /// The last event's sequence number (0 before the first event).
    private(set) var headSeq: Int64
    /// The last event's hash (``EventChain/genesis`` before the first event).
    private(set) var headHash: [UInt8]
    /// Runs known to exist, so a batch checks each run once.
    private var knownRuns: Set<String> = []
    /// Reused for the canonical bytes of each event.
    private var buffer: [UInt8] = []

    /// Reads the chain head.
    ///
    /// - Throws: ``AuditStoreError`` `corrupt` if the last stored hash is not hex.
    init(_ db: Database) throws {
        self.db = db
        buffer.reserveCapacity(1024)
        if let row = try Row.fetchOne(db, sql: "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1") {
            headSeq = try row.decode(Int64.self, atIndex: 0)
            let hex: String = try row.decode(atIndex: 1)
            guard let bytes = Hex.bytes(hex), bytes.count == 32 else {
                throw AuditStoreError(.corrupt, "the last event (seq \(headSeq)) has a malformed hash; run `irun audit verify`")
            }
            headHash = bytes
        } else {
            headSeq = 0
            headHash = EventChain.genesis
        }
    }

    /// Records a new run: its `runs` row and its `run-started` event.
    ///
    /// - Throws: ``AuditStoreError`` `invalidEvent` if the event is not the run's `run-started`, `duplicateRun` if the id is taken.
    mutating func begin(_ header: RunHeader, with event: RunEvent) throws {
        guard event.kind == .runStarted, event.runID == header.id else {
            throw AuditStoreError(.invalidEvent, "begin needs the run-started event of run '\(header.id)', not \(event.kind.rawValue) of run '\(event.runID)'")
        }
        try insertRun(header)
        try append(event)
    }

    /// Inserts the `runs` row of a new run, with status `running`.
    ///
    /// - Throws: ``AuditStoreError`` `duplicateRun` if the id exists.
    mutating func insertRun(_ header: RunHeader) throws {
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM runs WHERE id = ?", arguments: [header.id]) != nil {
            throw AuditStoreError(.duplicateRun, "a run with id '\(header.id)' is already recorded; run ids must be unique")
        }
        try db.execute(
            sql: """
                INSERT INTO runs (id, runbook_name, runbook_path, runbook_sha256, runbook_text, parameters, mode, provider,
                                  actor, status, started_at, finished_at, parent_run_id, acting_as, changes_need_approval)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, NULL, ?, ?, ?)
                """,
            arguments: [header.id, header.runbookName, header.runbookPath, header.runbookSHA256, header.runbookText,
                        Value.object(header.parameters).json, header.mode.rawValue, header.provider, header.actor,
                        AuditTime.string(header.startedAt), header.parentRunID, header.actingAs, header.changesNeedApproval ? 1 : 0])
        knownRuns.insert(header.id)
    }

    /// Checks `event`, inserts it at the head of the chain, and updates the projections.
    ///
    /// - Parameter event: The event.
    /// - Returns: Its sequence number.
    /// - Throws: ``AuditStoreError`` `unknownRun` or `invalidEvent`; database errors.
    @discardableResult
    mutating func append(_ event: RunEvent) throws -> Int64 {
        try validate(event)
        if !knownRuns.contains(event.runID) {
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM runs WHERE id = ?", arguments: [event.runID]) != nil else {
                throw AuditStoreError(.unknownRun, "event \(event.kind.rawValue) is for run '\(event.runID)', which was never begun; nothing was written")
            }
            knownRuns.insert(event.runID)
        }
        let fields = EventChain.Fields(
            seq: headSeq + 1, runID: event.runID, kind: event.kind.rawValue, time: AuditTime.string(event.time),
            step: event.step, attempt: event.attempt.map(Int64.init), payloadJSON: event.payload.json)
        EventChain.canonicalBytes(fields, into: &buffer)
        let hash = EventChain.hash(previous: headHash, canonical: buffer)
        let statement = try db.cachedStatement(sql: """
            INSERT INTO events (seq, run_id, kind, time, step, attempt, payload, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [fields.seq, fields.runID, fields.kind, fields.time, fields.step, fields.attempt,
                                           fields.payloadJSON, Hex.string(headHash), Hex.string(hash)])
        headSeq = fields.seq
        headHash = hash
        try project(event, time: fields.time)
        return fields.seq
    }

    /// Refuses events that break the ``RunEvent`` contract.
    private func validate(_ event: RunEvent) throws {
        func invalid(_ problem: String) -> AuditStoreError {
            AuditStoreError(.invalidEvent, "event \(event.kind.rawValue) of run '\(event.runID)'\(event.step.map { " step '\($0)'" } ?? ""): \(problem); nothing was written")
        }
        guard case .object = event.payload else { throw invalid("the payload must be an object") }
        if let attempt = event.attempt, attempt < 1 { throw invalid("attempt \(attempt) is not 1 or more") }
        switch event.kind {
        case .stepStarted, .stepRetrying, .stepSucceeded, .stepFailed, .stepSkipped, .stepDecided, .stepPlanned,
             .stepReconciled, .undoStarted, .undoSucceeded, .undoFailed:
            guard event.step != nil else { throw invalid("a step event needs its step") }
        case .runFinished:
            guard let status = event.payload[member: "status"].stringValue.flatMap(RunStatus.init(rawValue:)), !status.isOpen else {
                throw invalid("payload.status must be succeeded, failed, compensated or denied")
            }
        case .approvalGranted, .approvalDenied:
            guard event.payload[member: "actor"].stringValue != nil else { throw invalid("payload.actor must name who decided") }
        default: break
        }
    }
}

extension ChainWriter {
    /// Stores an artifact and appends its `evidence-recorded` event; the same name with the same
    /// content again (a step re-run on resume) changes nothing.
    ///
    /// - Parameters:
    ///   - artifact: The evidence.
    ///   - digest: Its content's hash and size.
    /// - Throws: ``AuditStoreError`` `unknownRun`, or `evidenceConflict` for the same name with other content.
    mutating func insertEvidence(_ artifact: EvidenceArtifact, digest: EvidenceDigest) throws {
        if let existing = try String.fetchOne(db, sql: "SELECT sha256 FROM evidence WHERE run_id = ? AND name = ?", arguments: [artifact.runID, artifact.name]) {
            guard existing == digest.sha256 else {
                throw AuditStoreError(.evidenceConflict, "run '\(artifact.runID)' already has evidence named '\(artifact.name)' with other content (sha256 \(existing.prefix(12))…); evidence is write-once, so give it another name")
            }
            return
        }
        // The event first: it checks that the run exists.
        try append(artifact.recordedEvent(sha256: digest.sha256))
        try db.execute(
            sql: """
                INSERT INTO evidence (run_id, step, name, kind, media_type, content, sha256, size, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [artifact.runID, artifact.step, artifact.name, artifact.kind, artifact.mediaType, artifact.content,
                        digest.sha256, digest.size, AuditTime.string(artifact.time)])
    }
}
