public import Providers
import Synchronization

/// What the pipeline sent: calls and throttled answers per operation.
///
/// Counted by ``CallMetricsMiddleware`` just above the backend, so a merged call counts once and
/// each retry of the pacer again (the AWS client's own retries of transient errors are not seen).
public final class CallMetrics: Sendable {
    private struct Counts {
        var sent: [AWSOperation: Int] = [:]
        var throttled: [AWSOperation: Int] = [:]
    }

    private let counts = Mutex(Counts())

    public init() {}

    /// Calls sent, per operation.
    public var sentByOperation: [AWSOperation: Int] { counts.withLock { $0.sent } }

    /// Calls sent, per service.
    public var sentByService: [AWSService: Int] {
        counts.withLock { Dictionary($0.sent.map { ($0.key.service, $0.value) }, uniquingKeysWith: +) }
    }

    /// Throttled answers, per operation.
    public var throttledByOperation: [AWSOperation: Int] { counts.withLock { $0.throttled } }

    /// Throttled answers, in all.
    public var throttled: Int { counts.withLock { $0.throttled.values.reduce(0, +) } }

    func record(_ operation: AWSOperation, throttled: Bool) {
        counts.withLock { counts in
            counts.sent[operation, default: 0] += 1
            if throttled { counts.throttled[operation, default: 0] += 1 }
        }
    }
}

/// Counts every call that passes into ``CallMetrics``.
struct CallMetricsMiddleware: ProviderMiddleware {
    let metrics: CallMetrics

    func handle<Request: AWSRequest>(
        _ request: Request, context: CallContext, next: @escaping @Sendable (Request, CallContext) async throws -> Request.Output
    ) async throws -> Request.Output {
        do {
            let output = try await next(request, context)
            metrics.record(context.operation, throttled: false)
            return output
        } catch {
            metrics.record(context.operation, throttled: (error as? AWSError)?.isThrottling ?? false)
            throw error
        }
    }
}
