/// What a middleware knows about a call besides its request.
public struct CallContext: Sendable {
    /// The operation being called.
    public var operation: AWSOperation

    public init(operation: AWSOperation) { self.operation = operation }
}

/// One concern of every AWS call — pacing, merging, caching, the retry budget, counting — as a
/// layer of the ``RequestPipeline``, in the shape of Hummingbird's `MiddlewareProtocol`: it sees
/// the request, and calls `next` to pass it (or another request of the same type, such as a
/// merged one) down towards the backend.
public protocol ProviderMiddleware: Sendable {
    /// Handles one call.
    ///
    /// - Parameters:
    ///   - request: The request.
    ///   - context: What is known about the call.
    ///   - next: The rest of the pipeline; it may be called from another task (a merged call
    ///     sent on behalf of several callers), any number of times.
    /// - Returns: The answer to `request`.
    /// - Throws: ``AWSError`` from the backend, or the middleware's own.
    func handle<Request: AWSRequest>(
        _ request: Request, context: CallContext, next: @escaping @Sendable (Request, CallContext) async throws -> Request.Output
    ) async throws -> Request.Output
}
