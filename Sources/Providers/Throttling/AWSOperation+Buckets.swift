/// One of AWS's request token buckets, by name (calls that share a name share the bucket).
public struct MeteredBucket: Hashable, Sendable {
    public var name: String
    public var spec: TokenBucketSpec

    public init(_ name: String, _ spec: TokenBucketSpec) {
        self.name = name
        self.spec = spec
    }
}

extension AWSOperation {
    /// The buckets AWS meters this operation in, per account and region; a call needs a token
    /// from each.
    ///
    /// - **EC2** ("Request throttling for the Amazon EC2 API") meters each API action in its own
    ///   bucket: non-mutating actions 100 / 20 per second, mutating actions 50 / 5, the
    ///   resource-intensive `AuthorizeSecurityGroupIngress` 50 / 5, and the uncategorized ones irun
    ///   calls with their own figures: `CreateSnapshot(s)` 100 / 5, `CreateTags` and `DeleteTags`
    ///   100 / 10, `ModifyNetworkInterfaceAttribute` 100 / 5. irun's describes name filters or
    ///   ids, never the smaller "unfiltered and unpaginated" bucket (50 / 10) a bare describe uses.
    /// - **Elastic Load Balancing** ("Request throttling for the Elastic Load Balancing API") meters
    ///   each API version (classic, v2) apart, by category — describes 40 / 10, registrations
    ///   20 / 4 — and every call of a version also takes a token from its account-level bucket
    ///   (40 / 10).
    /// - **Auto Scaling** meters every action in one shared bucket whose size AWS does not
    ///   publish; irun assumes 40 / 10, and a throttled answer slows it down further.
    public var documentedBuckets: [MeteredBucket] {
        Self.bucketsByOperation[self] ?? meteredBuckets
    }

    /// Every operation's buckets, worked out once: the pacer and the simulated account ask on every call.
    private static let bucketsByOperation = Dictionary(uniqueKeysWithValues: all.map { ($0, $0.meteredBuckets) })

    private var meteredBuckets: [MeteredBucket] {
        switch service {
        case .ec2:
            [MeteredBucket(description, Self.ec2Buckets[name] ?? TokenBucketSpec(capacity: mutates ? 50 : 100, refillPerSecond: mutates ? 5 : 20))]
        case .autoscaling:
            [MeteredBucket("autoscaling", TokenBucketSpec(capacity: 40, refillPerSecond: 10))]
        case .elasticloadbalancing, .elasticloadbalancingv2:
            [MeteredBucket("\(service.rawValue):\(loadBalancingCategory)", Self.loadBalancingCategories[loadBalancingCategory]!),
             MeteredBucket(service.rawValue, TokenBucketSpec(capacity: 40, refillPerSecond: 10))]
        }
    }

    /// EC2 actions irun calls whose buckets differ from their category's.
    private static let ec2Buckets: [String: TokenBucketSpec] = [
        "AuthorizeSecurityGroupIngress": TokenBucketSpec(capacity: 50, refillPerSecond: 5),
        "CreateSnapshot": TokenBucketSpec(capacity: 100, refillPerSecond: 5),
        "CreateSnapshots": TokenBucketSpec(capacity: 100, refillPerSecond: 5),
        "CreateTags": TokenBucketSpec(capacity: 100, refillPerSecond: 10),
        "DeleteTags": TokenBucketSpec(capacity: 100, refillPerSecond: 10),
        "ModifyNetworkInterfaceAttribute": TokenBucketSpec(capacity: 100, refillPerSecond: 5),
    ]

    /// Elastic Load Balancing's categories of the actions irun calls.
    private var loadBalancingCategory: String {
        if !mutates { return "describe" }
        return name.hasPrefix("Register") || name.hasPrefix("Deregister") ? "registration" : "mutating"
    }

    private static let loadBalancingCategories: [String: TokenBucketSpec] = [
        "describe": TokenBucketSpec(capacity: 40, refillPerSecond: 10),
        "registration": TokenBucketSpec(capacity: 20, refillPerSecond: 4),
        "mutating": TokenBucketSpec(capacity: 20, refillPerSecond: 3),
    ]
}
