import Foundation
import RunbookModel

/// Buffers a run's events and writes them to the recorder in batches (group commit).
///
/// ``record(_:)`` never waits and may be called from synchronous code (an action's log line),
/// so what an action says lands in the chain before the step's result; ``flush()`` returns once
/// everything recorded so far is durably committed. The engine flushes at every durability
/// point: before a mutating call, after its result, before evidence, at pauses and at the end.
/// Between those points, non-mutating steps' events share transactions: a crash can lose them,
/// and a resume simply runs those steps again.
final class EventJournal: @unchecked Sendable {
    // @unchecked: `lock` guards `buffer` and `lastWrite`, the only mutable state.
    let recorder: any RunRecorder
    /// The recorder when it never suspends: it takes each event at once, with no task in between.
    private let immediate: (any SynchronousRunRecorder)?
    private let observer: (any RunObserver)?
    private let lock = NSLock()
    private var buffer: [RunEvent] = []
    private var lastWrite: Task<Void, any Error>?
    /// The first write the immediate recorder refused, thrown at the next flush.
    private var immediateFailure: (any Error)?
    /// Flush on its own once this many events wait.
    private let batchSize = 512

    init(recorder: any RunRecorder, observer: (any RunObserver)?) {
        self.recorder = recorder
        self.immediate = recorder as? any SynchronousRunRecorder
        self.observer = observer
    }

    /// Queues an event (and shows it to the observer at once).
    func record(_ event: RunEvent) {
        observer?.observe(event)
        // No task, so no moment for the runtime to choose: a simulated run replays exactly.
        if let immediate {
            lock.withLock {
                do { try immediate.appendNow([event]) } catch { immediateFailure = immediateFailure ?? error }
            }
            return
        }
        lock.withLock {
            buffer.append(event)
            if buffer.count >= batchSize { startWrite() }
        }
    }

    /// Queues events and waits until they and everything before are committed.
    func recordDurably(_ events: [RunEvent]) async throws {
        for event in events { record(event) }
        try await flush()
    }

    /// Waits until every recorded event is committed.
    ///
    /// - Throws: The recorder's error if any write failed.
    func flush() async throws {
        let (write, failure) = lock.withLock {
            startWrite()
            return (lastWrite, immediateFailure)
        }
        if let failure { throw failure }
        try await write?.value
    }

    /// Stores evidence after everything recorded before it, so the chain keeps causal order.
    func recordEvidence(_ artifact: EvidenceArtifact) async throws -> String {
        try await flush()
        return try await recorder.recordEvidence(artifact)
    }

    /// Writes the buffer as one batch, after the previous batch (order is preserved). Called with `lock` held.
    private func startWrite() {
        guard !buffer.isEmpty else { return }
        let batch = buffer
        buffer.removeAll(keepingCapacity: true)
        let previous = lastWrite
        let recorder = recorder
        lastWrite = Task {
            try await previous?.value
            try await recorder.append(batch)
        }
    }
}
