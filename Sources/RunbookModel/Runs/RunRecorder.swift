/// Where the engine records what a run does. The audit store implements it over SQLite;
/// tests may use an in-memory store. The engine never sees the database.
public protocol RunRecorder: Sendable {
    /// Records a new run and its `run-started` event, durably.
    ///
    /// - Parameters:
    ///   - header: The run; parameters already redacted.
    ///   - event: Its `run-started` event.
    /// - Throws: If the store cannot write (the run must not start then).
    func begin(_ header: RunHeader, with event: RunEvent) async throws

    /// Appends events in one transaction; returns once they are durably committed.
    ///
    /// - Parameter events: Events of one run, in order.
    /// - Throws: If the store cannot write.
    func append(_ events: [RunEvent]) async throws

    /// Stores an artifact and appends its `evidence-recorded` event in one transaction.
    ///
    /// - Parameter artifact: The evidence.
    /// - Returns: The SHA-256 of the content, lowercase hex.
    /// - Throws: If the store cannot write.
    func recordEvidence(_ artifact: EvidenceArtifact) async throws -> String

    /// A run with all its events, for resume and status.
    ///
    /// - Parameter id: The run id.
    /// - Returns: The run, or `nil` if there is none with that id.
    func run(_ id: String) async throws -> StoredRun?

    /// Makes this process the one driver of a stored run before it continues it.
    ///
    /// - Parameter runID: The run.
    /// - Returns: The `run-taken-over` event recorded when the run's last driver was gone.
    /// - Throws: If another live process drives it.
    func claim(_ runID: String) async throws -> RunEvent?

    /// Records a run's pause for approval, unless a decision for a waiting step was recorded
    /// meanwhile by another process; then nothing is written and the decisions are returned.
    ///
    /// - Parameter waiting: The `run-waiting-approval` event.
    /// - Returns: The decisions found, or none once the pause is recorded.
    func pause(_ waiting: RunEvent) async throws -> [RunEvent]
}

extension RunRecorder {
    /// A recorder of one process alone has no other driver to keep out.
    public func claim(_ runID: String) async throws -> RunEvent? { nil }

    /// Without other processes no decision can arrive meanwhile: the pause is just appended.
    public func pause(_ waiting: RunEvent) async throws -> [RunEvent] {
        try await append([waiting])
        return []
    }
}

/// A recorder whose writes complete at once, without suspending: the journal hands it events
/// as they happen instead of batching them through a task (a simulated run on one executor).
public protocol SynchronousRunRecorder: RunRecorder {
    /// Appends events at once.
    ///
    /// - Throws: What ``append(_:)`` throws; the journal reports it at its next flush.
    func appendNow(_ events: [RunEvent]) throws
}
