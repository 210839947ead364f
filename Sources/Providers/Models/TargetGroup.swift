/// An ELBv2 target group, with the fields of `DescribeTargetGroups` irun uses.
public struct TargetGroup: Hashable, Sendable, Codable {
    public var targetGroupArn: String
    public var targetGroupName: String
    public var `protocol`: String
    public var port: Int
    public var vpcId: String
    /// `instance`, `ip`, `lambda` or `alb`.
    public var targetType: String
    /// `traffic-port` or a port number.
    public var healthCheckPort: String
    public var healthCheckIntervalSeconds: Int
    public var healthyThresholdCount: Int
    public var unhealthyThresholdCount: Int
    public var loadBalancerArns: [String]

    public init(
        targetGroupArn: String, targetGroupName: String, protocol: String, port: Int, vpcId: String, targetType: String,
        healthCheckPort: String, healthCheckIntervalSeconds: Int, healthyThresholdCount: Int, unhealthyThresholdCount: Int,
        loadBalancerArns: [String]
    ) {
        self.targetGroupArn = targetGroupArn
        self.targetGroupName = targetGroupName
        self.protocol = `protocol`
        self.port = port
        self.vpcId = vpcId
        self.targetType = targetType
        self.healthCheckPort = healthCheckPort
        self.healthCheckIntervalSeconds = healthCheckIntervalSeconds
        self.healthyThresholdCount = healthyThresholdCount
        self.unhealthyThresholdCount = unhealthyThresholdCount
        self.loadBalancerArns = loadBalancerArns
    }
}

/// A target: an instance id and, optionally, the port it receives traffic on.
public struct TargetDescription: Hashable, Sendable, Codable {
    public var id: String
    /// The port; `nil` means the target group's port.
    public var port: Int?

    public init(id: String, port: Int? = nil) {
        self.id = id
        self.port = port
    }
}

/// The health of one target in a target group.
public struct TargetHealthDescription: Hashable, Sendable, Codable {
    public var target: TargetDescription
    public var healthCheckPort: String
    /// `initial`, `healthy`, `unhealthy`, `unused`, `draining` or `unavailable`.
    public var state: String
    /// `Target.FailedHealthChecks`, `Target.NotRegistered`, `Target.DeregistrationInProgress`, …
    public var reason: String?
    public var description: String?

    public init(target: TargetDescription, healthCheckPort: String, state: String, reason: String?, description: String?) {
        self.target = target
        self.healthCheckPort = healthCheckPort
        self.state = state
        self.reason = reason
        self.description = description
    }
}
