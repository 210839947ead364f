/// Collects concurrent requests that can share one AWS call and sends them together.
///
/// Requests with the same key queue up; one batch per key is in flight at a time. The first
/// request of a key waits `linger` for others to join; requests arriving while a batch is in
/// flight wait for it to finish and then go out together in the next batch. With call slots,
/// a batch is chosen only once it holds a slot: while every slot is taken (the endpoint is
/// busy), later requests keep joining the waiting batch, so a busy endpoint gets fewer, larger
/// calls instead of a queue of small ones. A request never joins a call that was already sent,
/// so every answer is at least as fresh as its request — a read submitted after a write
/// finished always sees that write.
actor RequestBatcher<Request: Sendable, Response: Sendable> {
    /// Sends one request down the rest of the pipeline.
    typealias Send = @Sendable (Request) async throws -> Response
    /// Sends one batch (through the `Send` of its first request) and returns one result per request, in order.
    typealias Perform = @Sendable ([Request], @escaping Send) async -> [Result<Response, any Error>]

    private struct Waiting {
        var request: Request
        var continuation: CheckedContinuation<Response, any Error>
        var send: Send
    }

    private let maxBatch: Int
    private let linger: Duration
    private let slots: CallSlots?
    private let perform: Perform
    private var queues: [AnyHashable: [Waiting]] = [:]
    private var draining: Set<AnyHashable> = []

    /// Makes a batcher.
    ///
    /// - Parameters:
    ///   - maxBatch: The most requests one call carries (the API's limit).
    ///   - linger: How long the first request of a key waits for company.
    ///   - slots: Held by each batch while it is sent; `perform` must then not take one itself.
    ///   - perform: Sends a batch.
    init(maxBatch: Int, linger: Duration, slots: CallSlots? = nil, perform: @escaping Perform) {
        self.maxBatch = max(1, maxBatch)
        self.linger = linger
        self.slots = slots
        self.perform = perform
    }

    /// Queues a request and waits for its share of a batch's answer.
    ///
    /// - Parameters:
    ///   - request: The request.
    ///   - key: Requests with equal keys may share a call.
    ///   - send: The rest of the pipeline below the batcher (every request's is the same).
    /// - Returns: This request's response.
    /// - Throws: This request's error (a batch that failed as a whole is retried one by one by `perform`).
    func submit(_ request: Request, key sendableKey: any Hashable & Sendable, send: @escaping Send) async throws -> Response {
        let key = AnyHashable(sendableKey)
        return try await withCheckedThrowingContinuation { continuation in
            queues[key, default: []].append(Waiting(request: request, continuation: continuation, send: send))
            if draining.insert(key).inserted {
                Task { await self.drain(key) }
            }
        }
    }

    private func drain(_ key: AnyHashable) async {
        if linger > .zero { try? await Task.sleep(for: linger) }
        while queues[key]?.isEmpty == false {
            // While this waits for a slot, the actor takes new submissions: they join this batch.
            await slots?.acquire()
            let waiting = queues[key] ?? []
            let batch = Array(waiting.prefix(maxBatch))
            queues[key] = Array(waiting.dropFirst(batch.count))
            // While this awaits, the actor takes new submissions: they queue for the next batch.
            let results = await perform(batch.map(\.request), batch[0].send)
            await slots?.release()
            for (index, item) in batch.enumerated() {
                item.continuation.resume(with: index < results.count ? results[index] : .failure(BatchError()))
            }
        }
        queues[key] = nil
        draining.remove(key)
    }
}

/// A batch answered with fewer results than requests (a bug, never an AWS answer).
struct BatchError: Error, CustomStringConvertible {
    var description: String { "internal error: a batched call lost a result" }
}
