/// The one entry point of every AWS call: a typed request goes down a chain of middlewares to a
/// backend (the simulated account or the AWS client), which answers it with its typed method.
///
/// The pipeline implements the four provider protocols, so actions call it as they call a
/// backend; each method below is one line into ``send(_:)``. A cross-cutting concern is one more
/// ``ProviderMiddleware``, not another copy of every operation.
public struct RequestPipeline: EC2, AutoScaling, ElasticLoadBalancing, ElasticLoadBalancingV2 {
    /// Where calls end.
    public let backend: AWSProviders
    /// The layers, outermost first.
    public let middlewares: [any ProviderMiddleware]

    /// - Parameters:
    ///   - backend: Answers the calls that get through.
    ///   - middlewares: The layers, outermost first.
    public init(backend: AWSProviders, middlewares: [any ProviderMiddleware]) {
        self.backend = backend
        self.middlewares = middlewares
    }

    /// The pipeline, as actions receive providers.
    public var providers: AWSProviders { AWSProviders(self) }

    /// Sends `request` through every middleware to the backend.
    ///
    /// - Parameter request: The request.
    /// - Returns: Its answer.
    /// - Throws: ``AWSError``.
    public func send<Request: AWSRequest>(_ request: Request) async throws -> Request.Output {
        try await send(request, context: CallContext(operation: Request.operation), from: 0)
    }

    private func send<Request: AWSRequest>(_ request: Request, context: CallContext, from layer: Int) async throws -> Request.Output {
        guard layer < middlewares.count else { return try await request.send(to: backend) }
        return try await middlewares[layer].handle(request, context: context) { request, context in
            try await self.send(request, context: context, from: layer + 1)
        }
    }

    public func describeInstances(_ input: DescribeInstancesInput) async throws -> DescribeInstancesOutput { try await send(input) }
    public func describeNetworkInterfaces(_ input: DescribeNetworkInterfacesInput) async throws -> DescribeNetworkInterfacesOutput { try await send(input) }
    public func describeSecurityGroups(_ input: DescribeSecurityGroupsInput) async throws -> DescribeSecurityGroupsOutput { try await send(input) }
    public func createSecurityGroup(_ input: CreateSecurityGroupInput) async throws -> CreateSecurityGroupOutput { try await send(input) }
    public func authorizeSecurityGroupIngress(_ input: AuthorizeSecurityGroupIngressInput) async throws { try await send(input) }
    public func authorizeSecurityGroupEgress(_ input: AuthorizeSecurityGroupEgressInput) async throws { try await send(input) }
    public func revokeSecurityGroupEgress(_ input: RevokeSecurityGroupEgressInput) async throws -> RevokeSecurityGroupEgressOutput { try await send(input) }
    public func modifyInstanceAttribute(_ input: ModifyInstanceAttributeInput) async throws { try await send(input) }
    public func modifyNetworkInterfaceAttribute(_ input: ModifyNetworkInterfaceAttributeInput) async throws { try await send(input) }
    public func describeVolumes(_ input: DescribeVolumesInput) async throws -> DescribeVolumesOutput { try await send(input) }
    public func createSnapshot(_ input: CreateSnapshotInput) async throws -> Snapshot { try await send(input) }
    public func createSnapshots(_ input: CreateSnapshotsInput) async throws -> CreateSnapshotsOutput { try await send(input) }
    public func describeSnapshots(_ input: DescribeSnapshotsInput) async throws -> DescribeSnapshotsOutput { try await send(input) }
    public func createTags(_ input: CreateTagsInput) async throws { try await send(input) }
    public func deleteTags(_ input: DeleteTagsInput) async throws { try await send(input) }
    public func describeTags(_ input: DescribeTagsInput) async throws -> DescribeTagsOutput { try await send(input) }
    public func stopInstances(_ input: StopInstancesInput) async throws -> StopInstancesOutput { try await send(input) }
    public func describeInstanceAttribute(_ input: DescribeInstanceAttributeInput) async throws -> DescribeInstanceAttributeOutput { try await send(input) }
    public func describeAutoScalingInstances(_ input: DescribeAutoScalingInstancesInput) async throws -> DescribeAutoScalingInstancesOutput { try await send(input) }
    public func describeAutoScalingGroups(_ input: DescribeAutoScalingGroupsInput) async throws -> DescribeAutoScalingGroupsOutput { try await send(input) }
    public func detachInstances(_ input: DetachInstancesInput) async throws -> DetachInstancesOutput { try await send(input) }
    public func attachInstances(_ input: AttachInstancesInput) async throws { try await send(input) }
    public func describeLoadBalancers(_ input: DescribeLoadBalancersInput) async throws -> DescribeLoadBalancersOutput { try await send(input) }
    public func deregisterInstancesFromLoadBalancer(_ input: DeregisterInstancesFromLoadBalancerInput) async throws -> LoadBalancerInstancesOutput { try await send(input) }
    public func registerInstancesWithLoadBalancer(_ input: RegisterInstancesWithLoadBalancerInput) async throws -> LoadBalancerInstancesOutput { try await send(input) }
    public func describeTargetGroups(_ input: DescribeTargetGroupsInput) async throws -> DescribeTargetGroupsOutput { try await send(input) }
    public func describeTargetHealth(_ input: DescribeTargetHealthInput) async throws -> DescribeTargetHealthOutput { try await send(input) }
    public func deregisterTargets(_ input: DeregisterTargetsInput) async throws { try await send(input) }
    public func registerTargets(_ input: RegisterTargetsInput) async throws { try await send(input) }
}
