public import RunbookModel

/// The audit store, committing each write on the calling thread before it returns.
///
/// A seeded run on the simulated account (`irun execute --seed`) runs on a
/// `SimulationExecutor`, whose clock moves on only when every task is blocked: a write
/// completing on a database thread would let time move on meanwhile, and resume the run at a
/// moment the runtime picks. Committing in place keeps both the replay exact and the promise
/// that every event is committed before the run goes on.
public struct SynchronousAuditRecorder: SynchronousRunRecorder {
    private let store: AuditDatabase

    /// - Parameter store: The store (with its lease owner, if it drives runs).
    public init(_ store: AuditDatabase) {
        var store = store
        store.commitsInPlace = true
        self.store = store
    }

    public func begin(_ header: RunHeader, with event: RunEvent) async throws { try await store.begin(header, with: event) }

    public func append(_ events: [RunEvent]) async throws { try await store.append(events) }

    public func appendNow(_ events: [RunEvent]) throws {
        if let write = try store.appending(events) { try store.commitInPlace(write) }
    }

    public func recordEvidence(_ artifact: EvidenceArtifact) async throws -> String { try await store.recordEvidence(artifact) }

    public func run(_ id: String) async throws -> StoredRun? { try await store.run(id) }
}
