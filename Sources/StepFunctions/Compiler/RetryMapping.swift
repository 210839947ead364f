import RunbookModel

/// A step's `retry` as a `Retry` field.
///
/// Step Functions names SDK errors by service (`Ec2.Ec2Exception`) and keeps the code only in
/// the Cause, which a retrier cannot read; so a step's retries cover every error of the services
/// it calls, plus task timeouts. `States.TaskFailed` matches the errors a service models under
/// names of their own (`AutoScaling.ResourceContentionException`); the service names are listed
/// too, for interpreters that do not treat it as a wildcard. Tasks whose errors are answered by
/// a Choice on the code (making a security group another execution made first) have no retrier.
enum RetryMapping {
    static let retried = [SDKService.ec2, .autoscaling, .elasticloadbalancing, .elasticloadbalancingv2].map(\.exceptionName)
        + ["States.TaskFailed", "States.Timeout"]

    static func retry(_ policy: RetryPolicy?) -> ASLNode? {
        guard let policy, policy.attempts > 1 else { return nil }
        let interval = max(1, Int((policy.initial.milliseconds + 999) / 1000))
        var members = [ASLNode.Member("ErrorEquals", .array(retried.map(ASLNode.string))),
                       ASLNode.Member("IntervalSeconds", .int(interval)),
                       ASLNode.Member("MaxAttempts", .int(policy.attempts - 1)),
                       ASLNode.Member("BackoffRate", .double(policy.backoff == .exponential ? 2 : 1))]
        let maximum = Int((policy.maximum.milliseconds + 999) / 1000)
        if maximum >= interval { members.append(ASLNode.Member("MaxDelaySeconds", .int(maximum))) }
        if policy.jitter == .full { members.append(ASLNode.Member("JitterStrategy", .string("FULL"))) }
        return .array([.object(members)])
    }
}
