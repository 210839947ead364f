public import AuditStore
import Foundation
public import RunbookModel

/// Records a simulated run in memory, without ever suspending, and copies it into a real
/// recorder afterwards in the same order: on a ``SimulationExecutor``, a write that completed on
/// a database thread would resume the run at a moment the runtime picks.
public final class SimulationRecorder: SynchronousRunRecorder, @unchecked Sendable {
    // @unchecked: `lock` guards `log`, `runs` and `evidence`.
    private enum Entry {
        case begin(RunHeader, RunEvent)
        case append([RunEvent])
        case evidence(EvidenceArtifact)
    }

    private let lock = NSLock()
    private var log: [Entry] = []
    private var runs: [String: (header: RunHeader, events: [RunEvent])] = [:]

    public init() {}

    public func begin(_ header: RunHeader, with event: RunEvent) async throws {
        lock.withLock {
            log.append(.begin(header, event))
            runs[header.id] = (header, [event])
        }
    }

    public func append(_ events: [RunEvent]) async throws { appendNow(events) }

    public func appendNow(_ events: [RunEvent]) {
        guard !events.isEmpty else { return }
        lock.withLock {
            log.append(.append(events))
            for event in events { runs[event.runID]?.events.append(event) }
        }
    }

    public func recordEvidence(_ artifact: EvidenceArtifact) async throws -> String {
        let digest = ContentHash.sha256(artifact.content)
        lock.withLock {
            log.append(.evidence(artifact))
            runs[artifact.runID]?.events.append(artifact.recordedEvent(sha256: digest))
        }
        return digest
    }

    public func run(_ id: String) async throws -> StoredRun? {
        lock.withLock {
            guard let run = runs[id] else { return nil }
            return StoredRun(header: run.header, status: Self.status(of: run.events), events: run.events)
        }
    }

    /// The kinds of the evidence artifacts recorded for a run (held in memory, so intact).
    public func evidenceKinds(ofRun runID: String) -> Set<String> {
        lock.withLock {
            Set(log.compactMap { entry in if case .evidence(let artifact) = entry, artifact.runID == runID { artifact.kind } else { nil } })
        }
    }

    /// Writes everything recorded into the audit store, in the order it was recorded, in one transaction.
    ///
    /// - Parameter store: The audit store.
    /// - Throws: What it throws; then nothing was written.
    public func copy(into store: AuditDatabase) async throws {
        let writes: [AuditDatabase.RecordedWrite] = lock.withLock {
            log.map { entry in
                switch entry {
                case .begin(let header, let event): .begin(header, event)
                case .append(let events): .append(events)
                case .evidence(let artifact): .evidence(artifact)
                }
            }
        }
        try await store.importRecorded(writes)
    }

    /// A run's status from its last run-level event, as the audit store projects it.
    static func status(of events: [RunEvent]) -> RunStatus {
        for event in events.reversed() {
            switch event.kind {
            case .runFinished: return (try? event.details()).flatMap { if case .runFinished(let ended) = $0 { ended.status } else { nil } } ?? .failed
            case .runInterrupted: return .interrupted
            case .runWaiting: return .waitingApproval
            case .runStarted, .runResumed: return .running
            default: continue
            }
        }
        return .running
    }
}
