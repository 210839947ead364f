public import Providers

extension AWSClient {
    public func describeLoadBalancers(_ input: DescribeLoadBalancersInput) async throws -> DescribeLoadBalancersOutput {
        let result = try await call(input).result
        return DescribeLoadBalancersOutput(
            loadBalancerDescriptions: result.list("LoadBalancerDescriptions").map(LoadBalancerDescription.init(xml:)),
            nextMarker: result.marker("NextMarker")
        )
    }

    public func deregisterInstancesFromLoadBalancer(_ input: DeregisterInstancesFromLoadBalancerInput) async throws -> LoadBalancerInstancesOutput {
        let result = try await call(input).result
        return LoadBalancerInstancesOutput(instanceIds: result.list("Instances").map { $0.text("InstanceId") })
    }

    public func registerInstancesWithLoadBalancer(_ input: RegisterInstancesWithLoadBalancerInput) async throws -> LoadBalancerInstancesOutput {
        let result = try await call(input).result
        return LoadBalancerInstancesOutput(instanceIds: result.list("Instances").map { $0.text("InstanceId") })
    }

    public func describeTargetGroups(_ input: DescribeTargetGroupsInput) async throws -> DescribeTargetGroupsOutput {
        let result = try await call(input).result
        return DescribeTargetGroupsOutput(targetGroups: result.list("TargetGroups").map(TargetGroup.init(xml:)), nextMarker: result.marker("NextMarker"))
    }

    public func describeTargetHealth(_ input: DescribeTargetHealthInput) async throws -> DescribeTargetHealthOutput {
        let result = try await call(input).result
        return DescribeTargetHealthOutput(targetHealthDescriptions: result.list("TargetHealthDescriptions").map(TargetHealthDescription.init(xml:)))
    }

    public func deregisterTargets(_ input: DeregisterTargetsInput) async throws {
        _ = try await call(input)
    }

    public func registerTargets(_ input: RegisterTargetsInput) async throws {
        _ = try await call(input)
    }
}
