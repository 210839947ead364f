import Foundation
public import GRDB
public import RunbookModel

/// The audit store: runs, their hash-chained events, evidence and approvals, in SQLite.
///
/// One `Sendable` facade over a GRDB `DatabaseWriter`. Tests pass an in-memory
/// `DatabaseQueue()`; the CLI uses ``open(path:)`` (a WAL `DatabasePool` on a file). `init`
/// brings the schema up to date from the SQL files of the `Migrations` target. The API only
/// appends and queries: events cannot be changed through it, and triggers refuse UPDATE and
/// DELETE on `events` and `evidence` from any other client too.
///
/// Every event goes into one global chain in `seq` order (see ``verifyChain()``); the `runs`,
/// `step_executions` and `approvals` tables are projections of the events, updated in the same
/// transaction.
public struct AuditDatabase: Sendable, RunRecorder {
    /// The database. GRDB serializes writes and lets reads run beside them.
    let writer: any DatabaseWriter
    /// Runs, events and evidence go through here, so that concurrent runs share commits.
    let commits: GroupCommit
    /// The process driving runs through this value, when it takes leases (see ``driving(as:)``).
    public private(set) var owner: LeaseOwner?
    /// Whether a run's writes commit on the calling thread (see ``SynchronousAuditRecorder``).
    var commitsInPlace = false

    /// Opens the audit store over `writer` and applies the migrations it lacks.
    ///
    /// - Parameter writer: A GRDB database: `DatabaseQueue()` in memory, or a `DatabasePool` on a file.
    /// - Throws: ``AuditStoreError`` `newerSchema` if the database was written by a newer irun,
    ///   `changedMigration` if one of its migrations differs from this build's, `cannotOpen` if
    ///   it holds other tables; database errors.
    public init(_ writer: any DatabaseWriter) throws {
        self.writer = writer
        self.commits = GroupCommit(writer: writer)
        self.owner = nil
        try SchemaMigrator().migrate(writer)
    }

    /// The same store, recording as a process that drives runs: each run it begins or resumes
    /// is leased to `owner`, so no second process drives it at the same time.
    ///
    /// - Parameter owner: This process.
    /// - Returns: A store that takes, renews and gives up leases as `owner`.
    public func driving(as owner: LeaseOwner) -> AuditDatabase {
        var copy = self
        copy.owner = owner
        return copy
    }

    /// Opens (creating if needed) the audit database file at `path`, creating its directory too.
    ///
    /// The file is a `DatabasePool` in WAL mode with `synchronous = NORMAL`: a transaction is
    /// in the WAL, handed to the operating system, before ``append(_:)`` returns, so a committed
    /// event survives the process being killed (SIGKILL, a crash). Only an operating-system
    /// crash or power loss can lose the last transactions before a checkpoint — never corrupt
    /// the file or break the chain. `FULL` would fsync every commit to survive that too, at
    /// several milliseconds per commit; a response run is bounded by AWS calls, but group commit
    /// keeps `NORMAL` the better trade. Other processes may use the file at once: writers wait
    /// up to 10 s for the lock.
    ///
    /// - Parameter path: The file, such as `./.irun/audit.sqlite`.
    /// - Returns: The store.
    /// - Throws: ``AuditStoreError`` `cannotOpen` if the directory or file cannot be made or
    ///   is not an SQLite database, and the errors of ``init(_:)``.
    public static func open(path: String) throws -> AuditDatabase {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw AuditStoreError(.cannotOpen, "cannot create the directory \(directory.path) for the audit database: \(error.localizedDescription)", underlying: error)
        }
        var configuration = Configuration()
        configuration.label = "irun.audit"
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            return try AuditDatabase(DatabasePool(path: path, configuration: configuration))
        } catch let error as AuditStoreError {
            throw error
        } catch let error as DatabaseError {
            throw AuditStoreError(.cannotOpen, "cannot open the audit database \(path): \(error.message ?? "\(error.resultCode)")", underlying: error)
        }
    }

    /// A store in memory, gone when the value is: for tests and for runs that keep no record.
    ///
    /// - Returns: An empty, migrated store.
    /// - Throws: Database errors (in practice none).
    public static func inMemory() throws -> AuditDatabase {
        try AuditDatabase(DatabaseQueue())
    }

    /// Records a new run and its `run-started` event in one transaction.
    ///
    /// - Parameters:
    ///   - header: The run; parameters already redacted.
    ///   - event: Its `run-started` event, for the same run id.
    /// - Throws: ``AuditStoreError`` `duplicateRun` if the id is taken, `invalidEvent` if the
    ///   event is not the run's `run-started`; database errors. Nothing is written then.
    public func begin(_ header: RunHeader, with event: RunEvent) async throws {
        let owner = owner
        try await commit { db in
            var chain = try ChainWriter(db)
            try chain.begin(header, with: event)
            if let owner { try chain.claimLease(header.id, for: owner, at: event.time) }
        }
    }

    /// Appends events atomically (in one transaction, which writes of other runs arriving at the
    /// same time may share: ``GroupCommit``) and updates the projections.
    ///
    /// - Parameter events: Events of begun runs, in order; `run-started` goes through ``begin(_:with:)``.
    /// - Throws: ``AuditStoreError`` `unknownRun` if an event's run was never begun,
    ///   `invalidEvent` if one breaks the ``RunEvent`` contract (a step event without a step,
    ///   a payload that is not an object, `run-finished` without a final status, an approval
    ///   without an actor); database errors. Then none of the events is written.
    public func append(_ events: [RunEvent]) async throws {
        guard let write = try appending(events) else { return }
        try await commit(write)
    }

    /// The write that appends `events`, once they are checked; `nil` for none.
    func appending(_ events: [RunEvent]) throws -> (@Sendable (Database) throws -> Void)? {
        guard !events.isEmpty else { return nil }
        if let started = events.first(where: { $0.kind == .runStarted }) {
            throw AuditStoreError(.invalidEvent, "run-started of run '\(started.runID)' is recorded by begin(_:with:), not append; nothing was written")
        }
        let owner = owner
        return { db in
            var chain = try ChainWriter(db)
            for event in events { try chain.append(event) }
            // A run that stops (finished, interrupted, waiting for a human) is free for whoever continues it.
            guard let owner else { return }
            for event in events where [.runFinished, .runInterrupted, .runWaiting].contains(event.kind) {
                try chain.releaseLease(event.runID, for: owner)
            }
        }
    }

    /// Stores an artifact and its `evidence-recorded` event (payload `artifact`, `kind`,
    /// `sha256`, `size`) in one transaction.
    ///
    /// Recording the same name again with the same content (a step re-run on resume) changes
    /// nothing and returns the hash.
    ///
    /// - Parameter artifact: The evidence.
    /// - Returns: The SHA-256 of the content, lowercase hex.
    /// - Throws: ``AuditStoreError`` `unknownRun`, or `evidenceConflict` if the run already has
    ///   an artifact of that name with other content; database errors.
    public func recordEvidence(_ artifact: EvidenceArtifact) async throws -> String {
        let digest = EvidenceDigest(artifact.content)
        try await commit { db in
            var chain = try ChainWriter(db)
            try chain.insertEvidence(artifact, digest: digest)
        }
        return digest.sha256
    }

    /// Commits `body` with other writes arriving at the same time, or at once on this thread
    /// when the store commits in place.
    func commit(_ body: @escaping @Sendable (Database) throws -> Void) async throws {
        if commitsInPlace { try commitInPlace(body) } else { try await commits.write(body) }
    }

    /// Commits `body` in a transaction of its own, on this thread (a synchronous function, so
    /// GRDB's blocking `write` is the one called).
    func commitInPlace(_ body: (Database) throws -> Void) throws { try writer.write(body) }

    /// Reads on this thread.
    private func readInPlace<T>(_ body: (Database) throws -> T) throws -> T { try writer.read(body) }

    /// One write of a run recorded elsewhere, for ``importRecorded(_:)``.
    public enum RecordedWrite: Sendable {
        case begin(RunHeader, RunEvent)
        case append([RunEvent])
        case evidence(EvidenceArtifact)
    }

    /// Writes runs recorded elsewhere (a simulated run kept in memory while it ran) in one
    /// transaction, in their order, with the same checks as ``begin(_:with:)``,
    /// ``append(_:)`` and ``recordEvidence(_:)``: all of them are written, or none.
    ///
    /// - Parameter writes: The writes, in the order they were made.
    /// - Throws: What those methods throw; then nothing is written.
    public func importRecorded(_ writes: [RecordedWrite]) async throws {
        try await commits.write { db in
            var chain = try ChainWriter(db)
            for write in writes {
                switch write {
                case .begin(let header, let event):
                    try chain.begin(header, with: event)
                case .append(let events):
                    for event in events { try chain.append(event) }
                case .evidence(let artifact):
                    try chain.insertEvidence(artifact, digest: EvidenceDigest(artifact.content))
                }
            }
        }
    }

    /// A run with its header, where it stands, and all its events in order.
    ///
    /// - Parameter id: The full run id.
    /// - Returns: The run, or `nil` if there is none with that id.
    /// - Throws: ``AuditStoreError`` `corrupt` if a stored row cannot be read back; database errors.
    public func run(_ id: String) async throws -> StoredRun? {
        if commitsInPlace { return try readInPlace { db in try Self.run(id, in: db) } }
        return try await writer.read { db in try Self.run(id, in: db) }
    }

    private static func run(_ id: String, in db: Database) throws -> StoredRun? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [id]) else { return nil }
        let header = try RunHeader(row: row)
        let status = try RowReading.enumeration(row, "status", as: RunStatus.self)
        let events = try Row.fetchCursor(db, sql: """
            SELECT seq, run_id, kind, time, step, attempt, payload FROM events WHERE run_id = ? ORDER BY seq
            """, arguments: [id]).map { try RunEvent(row: $0) }
        return StoredRun(header: header, status: status, events: try Array(events))
    }
}
