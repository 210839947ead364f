/// The Classic Load Balancer operations irun's actions and their undo need.
public protocol ElasticLoadBalancing: Sendable {
    /// Describes Classic Load Balancers with their registered instances.
    ///
    /// - Throws: ``AWSError`` `LoadBalancerNotFound`.
    func describeLoadBalancers(_ input: DescribeLoadBalancersInput) async throws -> DescribeLoadBalancersOutput
    /// Deregisters instances; returns the instances still registered.
    ///
    /// - Throws: ``AWSError`` `LoadBalancerNotFound`, `InvalidInstance`.
    func deregisterInstancesFromLoadBalancer(_ input: DeregisterInstancesFromLoadBalancerInput) async throws -> LoadBalancerInstancesOutput
    /// Registers instances; returns every registered instance.
    ///
    /// - Throws: ``AWSError`` `LoadBalancerNotFound`, `InvalidInstance`.
    func registerInstancesWithLoadBalancer(_ input: RegisterInstancesWithLoadBalancerInput) async throws -> LoadBalancerInstancesOutput
}

/// The ELBv2 (Application / Network Load Balancer) operations irun's actions and their undo need.
public protocol ElasticLoadBalancingV2: Sendable {
    /// Describes target groups.
    ///
    /// - Throws: ``AWSError`` `TargetGroupNotFound`.
    func describeTargetGroups(_ input: DescribeTargetGroupsInput) async throws -> DescribeTargetGroupsOutput
    /// Describes the health of a target group's targets.
    ///
    /// - Throws: ``AWSError`` `TargetGroupNotFound`.
    func describeTargetHealth(_ input: DescribeTargetHealthInput) async throws -> DescribeTargetHealthOutput
    /// Deregisters targets; targets that are not registered are ignored, as on AWS.
    func deregisterTargets(_ input: DeregisterTargetsInput) async throws
    /// Registers targets.
    ///
    /// - Throws: ``AWSError`` `InvalidTarget` for instances that are not running or not in the group's VPC.
    func registerTargets(_ input: RegisterTargetsInput) async throws
}

/// All four services, as the actions receive them. Only the CLI picks which backend fills it.
public struct AWSProviders: Sendable {
    public var ec2: any EC2
    public var autoScaling: any AutoScaling
    public var loadBalancing: any ElasticLoadBalancing
    public var loadBalancingV2: any ElasticLoadBalancingV2

    public init(ec2: any EC2, autoScaling: any AutoScaling, loadBalancing: any ElasticLoadBalancing, loadBalancingV2: any ElasticLoadBalancingV2) {
        self.ec2 = ec2
        self.autoScaling = autoScaling
        self.loadBalancing = loadBalancing
        self.loadBalancingV2 = loadBalancingV2
    }

    /// Uses one backend that implements every service (the simulated world, or the AWS client).
    ///
    /// - Parameter backend: The backend.
    public init(_ backend: some EC2 & AutoScaling & ElasticLoadBalancing & ElasticLoadBalancingV2) {
        self.init(ec2: backend, autoScaling: backend, loadBalancing: backend, loadBalancingV2: backend)
    }
}
