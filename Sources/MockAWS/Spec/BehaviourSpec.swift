public import Providers

/// How the simulated services behave: latency, injected faults, rate limits, and timings.
public struct BehaviourSpec: Hashable, Sendable, Codable {
    /// Latency per operation (`DescribeInstances`) or per service (`ec2`); `defaultLatency` for the rest.
    public var latency: [String: LatencyModel]
    public var defaultLatency: LatencyModel
    public var faults: [FaultRule]
    /// Token buckets per operation family; `nil` turns rate limiting off.
    public var rateLimits: RateLimits?
    public var timings: Timings

    public init(latency: [String: LatencyModel] = [:], defaultLatency: LatencyModel = .zero, faults: [FaultRule] = [], rateLimits: RateLimits? = RateLimits(), timings: Timings = Timings()) {
        self.latency = latency
        self.defaultLatency = defaultLatency
        self.faults = faults
        self.rateLimits = rateLimits
        self.timings = timings
    }

    /// The latency model for `operation`: by operation name, then service, then the default.
    ///
    /// - Parameter operation: The operation called.
    /// - Returns: The model that applies.
    public func latency(for operation: AWSOperation) -> LatencyModel {
        latency[operation.name] ?? latency[operation.description] ?? latency[operation.service.rawValue] ?? defaultLatency
    }
}

/// How long the world's background processes take.
public struct Timings: Hashable, Sendable, Codable {
    /// EBS snapshot speed: seconds of `pending` per GiB of volume.
    public var snapshotSecondsPerGiB: Double
    /// The least time any snapshot stays `pending`.
    public var snapshotMinimum: Duration
    /// `stopping` → `stopped`.
    public var stop: Duration
    /// `shutting-down` → `terminated`.
    public var terminate: Duration
    /// `pending` → `running` for a new instance.
    public var launch: Duration
    /// How often Auto Scaling checks its members' health.
    public var autoScalingCheckInterval: Duration
    /// How long a terminated instance stays visible to `DescribeInstances`.
    public var terminatedVisibility: Duration

    public init(
        snapshotSecondsPerGiB: Double = 2, snapshotMinimum: Duration = .seconds(20), stop: Duration = .seconds(30),
        terminate: Duration = .seconds(30), launch: Duration = .seconds(45), autoScalingCheckInterval: Duration = .seconds(10),
        terminatedVisibility: Duration = .seconds(3600)
    ) {
        self.snapshotSecondsPerGiB = snapshotSecondsPerGiB
        self.snapshotMinimum = snapshotMinimum
        self.stop = stop
        self.terminate = terminate
        self.launch = launch
        self.autoScalingCheckInterval = autoScalingCheckInterval
        self.terminatedVisibility = terminatedVisibility
    }
}

/// A latency distribution for simulated API calls.
public enum LatencyModel: Hashable, Sendable, Codable {
    /// Always this long.
    case fixed(Duration)
    /// Uniform between two bounds.
    case uniform(Duration, Duration)
    /// Log-normal with this median and 99th percentile: mostly quick, with a long tail, like real APIs.
    case logNormal(median: Duration, p99: Duration)

    /// No latency at all.
    public static let zero = LatencyModel.fixed(.zero)
}

/// Rate limits: AWS's buckets (``AWSOperation/documentedBuckets``), unless a family is given a
/// bucket size here — then every action of that family gets one bucket of its own of that size.
public struct RateLimits: Hashable, Sendable, Codable {
    /// The families whose actions get other buckets than AWS's.
    public var buckets: [RateLimitFamily: TokenBucketSpec]

    /// AWS's documented buckets, except the families in `buckets`.
    public init(buckets: [RateLimitFamily: TokenBucketSpec] = [:]) { self.buckets = buckets }

    /// The buckets a call of `operation` takes a token from.
    public func buckets(for operation: AWSOperation) -> [MeteredBucket] {
        guard let spec = buckets[RateLimitFamily.of(operation)] else { return operation.documentedBuckets }
        return [MeteredBucket(operation.description, spec)]
    }

    /// The bucket of a typical action of each family: what a world file's partial override
    /// (`{ capacity: 10 }`) starts from.
    public static let familyDefaults: [RateLimitFamily: TokenBucketSpec] = [
        .ec2NonMutating: AWSOperation.describeInstances.documentedBuckets[0].spec,
        .ec2Mutating: AWSOperation.modifyInstanceAttribute.documentedBuckets[0].spec,
        .autoscaling: AWSOperation.detachInstances.documentedBuckets[0].spec,
        .elasticloadbalancing: AWSOperation.deregisterTargets.documentedBuckets[0].spec,
    ]
}
