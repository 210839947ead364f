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

    /// `providers`, with every call paced, retried behind the pacer when throttled, and counted.
    public func pace(_ providers: AWSProviders) -> AWSProviders {
        SharedBackoffProviders(base: providers, gate: gate).providers
    }

    /// The calls sent so far, per service (a merged call counts once, each retry again).
    public var sentCalls: [AWSService: Int] { get async { await gate.sentCalls } }

    /// The throttled answers so far.
    public var throttledCalls: Int { get async { await gate.throttledCalls } }
}
