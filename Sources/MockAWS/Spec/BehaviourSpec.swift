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

/// The families EC2, Auto Scaling and ELB meter API calls in.
public enum RateLimitFamily: String, Hashable, Sendable, Codable, CaseIterable {
    /// EC2 `Describe*` calls.
    case ec2NonMutating = "ec2-non-mutating"
    /// EC2 calls that change state.
    case ec2Mutating = "ec2-mutating"
    case autoscaling
    /// Classic ELB and ELBv2.
    case elasticloadbalancing

    /// The family `operation` is metered in.
    ///
    /// - Parameter operation: An operation.
    /// - Returns: Its family.
    public static func of(_ operation: AWSOperation) -> RateLimitFamily {
        switch operation.service {
        case .ec2: operation.mutates ? .ec2Mutating : .ec2NonMutating
        case .autoscaling: .autoscaling
        case .elasticloadbalancing, .elasticloadbalancingv2: .elasticloadbalancing
        }
    }

    /// The error a throttled call gets: EC2 says `RequestLimitExceeded`, the others `Throttling`.
    public var throttlingCode: AWSError.Code { self == .ec2Mutating || self == .ec2NonMutating ? .requestLimitExceeded : .throttling }
}

/// A token bucket: `capacity` calls at once, refilled at `refillPerSecond`.
public struct TokenBucketSpec: Hashable, Sendable, Codable {
    public var capacity: Double
    public var refillPerSecond: Double

    public init(capacity: Double, refillPerSecond: Double) {
        self.capacity = capacity
        self.refillPerSecond = refillPerSecond
    }
}

/// Rate limits per family. The defaults follow EC2's documented account-level buckets
/// (non-mutating 100 / 20 per second, mutating 200 / 5 per second); Auto Scaling and ELB,
/// which AWS does not document, get 40 / 10 per second.
public struct RateLimits: Hashable, Sendable, Codable {
    public var buckets: [RateLimitFamily: TokenBucketSpec]

    public init(buckets: [RateLimitFamily: TokenBucketSpec] = RateLimits.awsDefaults) { self.buckets = buckets }

    public static let awsDefaults: [RateLimitFamily: TokenBucketSpec] = [
        .ec2NonMutating: TokenBucketSpec(capacity: 100, refillPerSecond: 20),
        .ec2Mutating: TokenBucketSpec(capacity: 200, refillPerSecond: 5),
        .autoscaling: TokenBucketSpec(capacity: 40, refillPerSecond: 10),
        .elasticloadbalancing: TokenBucketSpec(capacity: 40, refillPerSecond: 10),
    ]
}
