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
