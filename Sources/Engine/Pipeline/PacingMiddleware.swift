import Providers

/// Paces every call by AWS's token buckets (``ThrottleGate``) and retries a throttled call
/// behind the pacer, as an SDK retries one call, so a throttling burst costs time, not a whole
/// step's attempt.
///
/// Each call gets one ``CallBudget`` of ``sends`` sends for every layer below: this one spends a
/// send per attempt it makes, the AWS client one per retry of its own (transient and 5xx
/// errors; it leaves throttling to this layer). So one call is sent at most ``sends`` times,
/// not the product of each layer's attempts.
struct PacingMiddleware: ProviderMiddleware {
    let gate: ThrottleGate

    /// Sends per call, whatever the layers (the first one included).
    static let sends = CallBudget.defaultSends

    func handle<Request: AWSRequest>(
        _ request: Request, context: CallContext, next: @escaping @Sendable (Request, CallContext) async throws -> Request.Output
    ) async throws -> Request.Output {
        let operation = context.operation
        let budget = CallBudget(sends: Self.sends, throttlingRetriedAbove: true)
        return try await CallBudget.$current.withValue(budget) {
            var throttled: AWSError?
            while budget.spend() {
                try await gate.admit(operation)
                do {
                    let output = try await next(request, context)
                    await gate.succeeded(operation)
                    return output
                } catch let error as AWSError where error.isThrottling {
                    await gate.throttled(operation)
                    throttled = error
                }
            }
            throw throttled ?? AWSError(.throttling, "\(operation.name): no sends left in its budget")
        }
    }
}
