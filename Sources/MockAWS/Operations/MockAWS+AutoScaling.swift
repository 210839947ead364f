public import Providers

extension MockAWS {
    public func describeAutoScalingInstances(_ input: DescribeAutoScalingInstancesInput) async throws -> DescribeAutoScalingInstancesOutput {
        try await perform(input) { world, _ throws(AWSError) in try world.describeAutoScalingInstances(input) }
    }

    public func describeAutoScalingGroups(_ input: DescribeAutoScalingGroupsInput) async throws -> DescribeAutoScalingGroupsOutput {
        try await perform(input) { world, _ throws(AWSError) in try world.describeAutoScalingGroups(input) }
    }

    public func detachInstances(_ input: DetachInstancesInput) async throws -> DetachInstancesOutput {
        try await perform(input) { world, requestID throws(AWSError) in
            var count = 0
            return try world.detachInstances(input) {
                count += 1
                return String(requestID.dropLast(4)) + String(count).leftPadded(4)
            }
        }
    }

    public func attachInstances(_ input: AttachInstancesInput) async throws {
        try await perform(input) { world, _ throws(AWSError) in try world.attachInstances(input) }
    }
}

extension MockAWS {
    public func describeLoadBalancers(_ input: DescribeLoadBalancersInput) async throws -> DescribeLoadBalancersOutput {
        try await perform(input) { world, _ throws(AWSError) in try world.describeLoadBalancers(input) }
    }

    public func deregisterInstancesFromLoadBalancer(_ input: DeregisterInstancesFromLoadBalancerInput) async throws -> LoadBalancerInstancesOutput {
        try await perform(input) { world, _ throws(AWSError) in try world.deregisterInstances(input) }
    }

    public func registerInstancesWithLoadBalancer(_ input: RegisterInstancesWithLoadBalancerInput) async throws -> LoadBalancerInstancesOutput {
        try await perform(input) { world, _ throws(AWSError) in try world.registerInstances(input) }
    }

    public func describeTargetGroups(_ input: DescribeTargetGroupsInput) async throws -> DescribeTargetGroupsOutput {
        try await perform(input) { world, _ throws(AWSError) in try world.describeTargetGroups(input) }
    }

    public func describeTargetHealth(_ input: DescribeTargetHealthInput) async throws -> DescribeTargetHealthOutput {
        try await perform(input) { world, _ throws(AWSError) in try world.describeTargetHealth(input) }
    }

    public func deregisterTargets(_ input: DeregisterTargetsInput) async throws {
        try await perform(input) { world, _ throws(AWSError) in try world.deregisterTargets(input) }
    }

    public func registerTargets(_ input: RegisterTargetsInput) async throws {
        try await perform(input) { world, _ throws(AWSError) in try world.registerTargets(input) }
    }
}
