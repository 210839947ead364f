public import Providers

/// The pacing every call of one process passes through: AWS's token buckets for the account
/// and region (``ThrottleGate``), shared by every run and every target, and one retry budget
/// per call (``CallBudget``).
public struct CallPacing: Sendable {
    let gate: ThrottleGate

    /// - Parameters:
    ///   - clock: Real or simulated time.
    ///   - pacing: When calls are paced.
    ///   - share: The fraction of each bucket (burst and refill) irun may use, in `(0, 1]`.
    public init(clock: any ProviderClock, pacing: FleetPacing = .tokenBuckets, share: Double = 1) {
        gate = ThrottleGate(clock: clock, pacesFromStart: pacing == .tokenBuckets, share: share)
    }

    /// The middleware that paces, retries throttled calls behind the pacer, and counts them.
    public var middleware: any ProviderMiddleware { PacingMiddleware(gate: gate) }

    /// `providers`, with every call paced, retried behind the pacer when throttled, and counted.
    public func pace(_ providers: AWSProviders) -> AWSProviders {
        RequestPipeline(backend: providers, middlewares: [middleware]).providers
    }

    /// The calls sent so far, per service (a merged call counts once, each retry again).
    public var sentCalls: [AWSService: Int] { get async { await gate.sentCalls } }

    /// The throttled answers so far.
    public var throttledCalls: Int { get async { await gate.throttledCalls } }
}

extension RequestPipeline {
    /// The pipeline a fleet's calls go through: merging concurrent requests where the API takes
    /// many at once (when `merging`), then pacing by the process's buckets, then `backend`.
    ///
    /// - Parameters:
    ///   - backend: The simulated account or the AWS client.
    ///   - clock: Ages the merged reads' cached answers.
    ///   - pacer: The process's pacing.
    ///   - merging: Whether to merge and share calls (see `MergingMiddleware`).
    /// - Returns: The pipeline.
    public static func fleet(backend: AWSProviders, clock: any ProviderClock, pacer: CallPacing, merging: Bool) -> RequestPipeline {
        // Merged calls pass the pacer once, as the single calls they are.
        RequestPipeline(backend: backend, middlewares: (merging ? [MergingMiddleware(clock: clock)] : []) + [pacer.middleware])
    }
}
