/// A Classic Load Balancer health check.
public struct ClassicHealthCheck: Hashable, Sendable, Codable {
    /// `PROTOCOL:PORT[/path]`, e.g. `HTTP:80/health`.
    public var target: String
    /// Seconds between checks.
    public var interval: Int
    public var timeout: Int
    public var unhealthyThreshold: Int
    public var healthyThreshold: Int

    public init(target: String, interval: Int, timeout: Int, unhealthyThreshold: Int, healthyThreshold: Int) {
        self.target = target
        self.interval = interval
        self.timeout = timeout
        self.unhealthyThreshold = unhealthyThreshold
        self.healthyThreshold = healthyThreshold
    }

    /// The port the check probes (the number after the protocol).
    public var port: Int? {
        let afterProtocol = target.split(separator: ":", maxSplits: 1).dropFirst().first ?? ""
        return Int(afterProtocol.prefix { $0.isNumber })
    }
}

/// A Classic Load Balancer, with the fields of `DescribeLoadBalancers` irun uses.
public struct LoadBalancerDescription: Hashable, Sendable, Codable {
    public var loadBalancerName: String
    public var dnsName: String
    public var vpcId: String
    public var subnets: [String]
    public var securityGroups: [String]
    /// Registered instances, by id.
    public var instances: [String]
    public var healthCheck: ClassicHealthCheck

    public init(loadBalancerName: String, dnsName: String, vpcId: String, subnets: [String], securityGroups: [String], instances: [String], healthCheck: ClassicHealthCheck) {
        self.loadBalancerName = loadBalancerName
        self.dnsName = dnsName
        self.vpcId = vpcId
        self.subnets = subnets
        self.securityGroups = securityGroups
        self.instances = instances
        self.healthCheck = healthCheck
    }
}
