/// The AWS SDK service names of the integrations the compiled machines call.
enum SDKService: String, Sendable {
    case ec2
    case autoscaling
    case elasticloadbalancing
    case elasticloadbalancingv2
    case sqs

    /// The IAM service prefix of its actions (both load balancer APIs share one).
    var iamPrefix: String {
        switch self {
        case .elasticloadbalancingv2: "elasticloadbalancing"
        default: rawValue
        }
    }

    /// The error name Step Functions gives this service's errors: the code itself is only in
    /// the Cause.
    var exceptionName: String {
        switch self {
        case .ec2: "Ec2.Ec2Exception"
        case .autoscaling: "AutoScaling.AutoScalingException"
        case .elasticloadbalancing: "ElasticLoadBalancing.ElasticLoadBalancingException"
        case .elasticloadbalancingv2: "ElasticLoadBalancingV2.ElasticLoadBalancingV2Exception"
        case .sqs: "Sqs.SqsException"
        }
    }
}
