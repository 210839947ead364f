public import Providers

/// The pacing every call of one process passes through: AWS's token buckets for the account
/// and region (``ThrottleGate``), shared by every run and every target, one retry budget per
/// call (``CallBudget``), and the count of what was sent (``CallMetrics``).
public struct CallPacing: Sendable {
    let gate: ThrottleGate
    /// What the process sent through this pacing.
    public let metrics = CallMetrics()
    /// When calls are paced, as chosen.
    public let pacing: FleetPacing
    /// The fraction of each bucket irun may use.
    public let share: Double

    /// - Parameters:
    ///   - clock: Real or simulated time.
    ///   - pacing: When calls are paced.
    ///   - share: The fraction of each bucket (burst and refill) irun may use, in `(0, 1]`.
    public init(clock: any ProviderClock, pacing: FleetPacing = .tokenBuckets, share: Double = 1) {
        gate = ThrottleGate(clock: clock, pacesFromStart: pacing == .tokenBuckets, share: share)
        self.pacing = pacing
        self.share = share
    }

    /// The layers that pace, retry throttled calls behind the pacer, and count what is sent.
    public var middlewares: [any ProviderMiddleware] { [PacingMiddleware(gate: gate), CallMetricsMiddleware(metrics: metrics)] }
}

extension RequestPipeline {
    /// The pipeline a run's calls go through: merging concurrent requests where the API takes
    /// many at once and reusing the reads the actions repeat (when `merging`), then pacing by the
    /// process's buckets and counting, then `backend`.
    ///
    /// - Parameters:
    ///   - backend: The simulated account or the AWS client.
    ///   - clock: Ages the merged reads' cached answers.
    ///   - pacer: The process's pacing.
    ///   - merging: Whether to merge, share and cache calls (see `MergingMiddleware`).
    ///   - linger: How long a request waits for others to join its call: 10 ms for a fleet's
    ///     waves; zero for a single run, which has no one to wait for.
    /// - Returns: The pipeline.
    public static func paced(
        backend: AWSProviders, clock: any ProviderClock, pacer: CallPacing, merging: Bool, linger: Duration = .milliseconds(10)
    ) -> RequestPipeline {
        // Merged calls pass the pacer once, as the single calls they are.
        RequestPipeline(backend: backend, middlewares: (merging ? [MergingMiddleware(clock: clock, linger: linger)] : []) + pacer.middlewares)
    }
}
