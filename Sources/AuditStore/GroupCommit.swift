import GRDB

/// Commits writes that arrive together in one transaction (group commit across runs).
///
/// A fleet's targets reach their durability points at the same moments (every capture ends
/// with one merged call, every mutating step starts by committing its start): one transaction
/// per write would queue dozens of commits behind each other while AWS waits idle. Here the
/// writes that arrive while a transaction is being written go together into the next one.
///
/// Each write runs in its own savepoint: one that throws is rolled back alone, and only its
/// caller gets the error, exactly as if it had had its own transaction. Every caller resumes
/// once the transaction holding its write is committed, so durability is unchanged.
actor GroupCommit {
    /// A write: what it does inside the transaction, and who waits for its commit.
    private struct Pending {
        var body: @Sendable (Database) throws -> Void
        var continuation: CheckedContinuation<Void, any Error>
    }

    private let writer: any DatabaseWriter
    private var pending: [Pending] = []
    private var writing = false

    init(writer: any DatabaseWriter) { self.writer = writer }

    /// Runs `body` in a write transaction, perhaps together with other writes, and returns once committed.
    ///
    /// - Parameter body: The write; throwing rolls back this write only.
    /// - Throws: What `body` threw, or the error that kept the transaction from committing.
    func write(_ body: @escaping @Sendable (Database) throws -> Void) async throws {
        try await withCheckedThrowingContinuation { continuation in
            pending.append(Pending(body: body, continuation: continuation))
            if !writing {
                writing = true
                Task { await drain() }
            }
        }
    }

    /// Writes the waiting writes in transactions until none waits; writes arriving meanwhile join the next one.
    private func drain() async {
        while !pending.isEmpty {
            let batch = pending
            pending.removeAll()
            let bodies = batch.map(\.body)
            let outcomes: [Result<Void, any Error>]
            do {
                outcomes = try await writer.write { db in
                    bodies.map { body in
                        do {
                            try db.inSavepoint {
                                try body(db)
                                return .commit
                            }
                            return .success(())
                        } catch {
                            return .failure(error)
                        }
                    }
                }
            } catch {
                // The transaction itself failed (to begin or to commit): none of its writes is in.
                outcomes = batch.map { _ in .failure(error) }
            }
            for (write, outcome) in zip(batch, outcomes) { write.continuation.resume(with: outcome) }
        }
        writing = false
    }
}
