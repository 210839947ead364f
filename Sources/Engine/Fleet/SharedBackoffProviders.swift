import Providers

/// The providers every target of a fleet shares, each call passing through one ``ThrottleGate``.
///
/// A throttled call is queued again behind the gate, as an SDK retries one call, so a
/// throttling burst costs time, not a whole step's attempt. Each call has one ``CallBudget`` of
/// ``sends`` sends for every layer below: this one spends a send per attempt it makes, the AWS
/// client one per retry of its own (transient and 5xx errors; it leaves throttling to the gate).
struct SharedBackoffProviders: EC2, AutoScaling, ElasticLoadBalancing, ElasticLoadBalancingV2 {
    let base: AWSProviders
    let gate: ThrottleGate

    /// The decorated providers, as actions receive them.
    var providers: AWSProviders { AWSProviders(self) }

    /// Sends per call, whatever the layers (the first one included).
    static let sends = CallBudget.defaultSends

    private func call<Output: Sendable>(_ operation: AWSOperation, _ body: @Sendable () async throws -> Output) async throws -> Output {
        let budget = CallBudget(sends: Self.sends, throttlingRetriedAbove: true)
        return try await CallBudget.$current.withValue(budget) {
            var throttled: AWSError?
            while budget.spend() {
                try await gate.admit(operation)
                do {
                    let output = try await body()
                    await gate.succeeded(operation)
                    return output
                } catch let error as AWSError where error.isThrottling {
                    await gate.throttled(operation)
                    throttled = error
                }
            }
            throw throttled ?? AWSError(.throttling, "\(operation.name): no sends left in its budget")
        }
    }

    func describeInstances(_ input: DescribeInstancesInput) async throws -> DescribeInstancesOutput { try await call(DescribeInstancesInput.operation) { try await base.ec2.describeInstances(input) } }
    func describeNetworkInterfaces(_ input: DescribeNetworkInterfacesInput) async throws -> DescribeNetworkInterfacesOutput { try await call(DescribeNetworkInterfacesInput.operation) { try await base.ec2.describeNetworkInterfaces(input) } }
    func describeSecurityGroups(_ input: DescribeSecurityGroupsInput) async throws -> DescribeSecurityGroupsOutput { try await call(DescribeSecurityGroupsInput.operation) { try await base.ec2.describeSecurityGroups(input) } }
    func createSecurityGroup(_ input: CreateSecurityGroupInput) async throws -> CreateSecurityGroupOutput { try await call(CreateSecurityGroupInput.operation) { try await base.ec2.createSecurityGroup(input) } }
    func authorizeSecurityGroupIngress(_ input: AuthorizeSecurityGroupIngressInput) async throws { try await call(AuthorizeSecurityGroupIngressInput.operation) { try await base.ec2.authorizeSecurityGroupIngress(input) } }
    func authorizeSecurityGroupEgress(_ input: AuthorizeSecurityGroupEgressInput) async throws { try await call(AuthorizeSecurityGroupEgressInput.operation) { try await base.ec2.authorizeSecurityGroupEgress(input) } }
    func revokeSecurityGroupEgress(_ input: RevokeSecurityGroupEgressInput) async throws -> RevokeSecurityGroupEgressOutput { try await call(RevokeSecurityGroupEgressInput.operation) { try await base.ec2.revokeSecurityGroupEgress(input) } }
    func modifyInstanceAttribute(_ input: ModifyInstanceAttributeInput) async throws { try await call(ModifyInstanceAttributeInput.operation) { try await base.ec2.modifyInstanceAttribute(input) } }
    func modifyNetworkInterfaceAttribute(_ input: ModifyNetworkInterfaceAttributeInput) async throws { try await call(ModifyNetworkInterfaceAttributeInput.operation) { try await base.ec2.modifyNetworkInterfaceAttribute(input) } }
    func describeVolumes(_ input: DescribeVolumesInput) async throws -> DescribeVolumesOutput { try await call(DescribeVolumesInput.operation) { try await base.ec2.describeVolumes(input) } }
    func createSnapshot(_ input: CreateSnapshotInput) async throws -> Snapshot { try await call(CreateSnapshotInput.operation) { try await base.ec2.createSnapshot(input) } }
    func createSnapshots(_ input: CreateSnapshotsInput) async throws -> CreateSnapshotsOutput { try await call(CreateSnapshotsInput.operation) { try await base.ec2.createSnapshots(input) } }
    func describeSnapshots(_ input: DescribeSnapshotsInput) async throws -> DescribeSnapshotsOutput { try await call(DescribeSnapshotsInput.operation) { try await base.ec2.describeSnapshots(input) } }
    func createTags(_ input: CreateTagsInput) async throws { try await call(CreateTagsInput.operation) { try await base.ec2.createTags(input) } }
    func deleteTags(_ input: DeleteTagsInput) async throws { try await call(DeleteTagsInput.operation) { try await base.ec2.deleteTags(input) } }
    func describeTags(_ input: DescribeTagsInput) async throws -> DescribeTagsOutput { try await call(DescribeTagsInput.operation) { try await base.ec2.describeTags(input) } }
    func stopInstances(_ input: StopInstancesInput) async throws -> StopInstancesOutput { try await call(StopInstancesInput.operation) { try await base.ec2.stopInstances(input) } }
    func describeInstanceAttribute(_ input: DescribeInstanceAttributeInput) async throws -> DescribeInstanceAttributeOutput { try await call(DescribeInstanceAttributeInput.operation) { try await base.ec2.describeInstanceAttribute(input) } }
    func describeAutoScalingInstances(_ input: DescribeAutoScalingInstancesInput) async throws -> DescribeAutoScalingInstancesOutput { try await call(DescribeAutoScalingInstancesInput.operation) { try await base.autoScaling.describeAutoScalingInstances(input) } }
    func describeAutoScalingGroups(_ input: DescribeAutoScalingGroupsInput) async throws -> DescribeAutoScalingGroupsOutput { try await call(DescribeAutoScalingGroupsInput.operation) { try await base.autoScaling.describeAutoScalingGroups(input) } }
    func detachInstances(_ input: DetachInstancesInput) async throws -> DetachInstancesOutput { try await call(DetachInstancesInput.operation) { try await base.autoScaling.detachInstances(input) } }
    func attachInstances(_ input: AttachInstancesInput) async throws { try await call(AttachInstancesInput.operation) { try await base.autoScaling.attachInstances(input) } }
    func describeLoadBalancers(_ input: DescribeLoadBalancersInput) async throws -> DescribeLoadBalancersOutput { try await call(DescribeLoadBalancersInput.operation) { try await base.loadBalancing.describeLoadBalancers(input) } }
    func deregisterInstancesFromLoadBalancer(_ input: DeregisterInstancesFromLoadBalancerInput) async throws -> LoadBalancerInstancesOutput { try await call(DeregisterInstancesFromLoadBalancerInput.operation) { try await base.loadBalancing.deregisterInstancesFromLoadBalancer(input) } }
    func registerInstancesWithLoadBalancer(_ input: RegisterInstancesWithLoadBalancerInput) async throws -> LoadBalancerInstancesOutput { try await call(RegisterInstancesWithLoadBalancerInput.operation) { try await base.loadBalancing.registerInstancesWithLoadBalancer(input) } }
    func describeTargetGroups(_ input: DescribeTargetGroupsInput) async throws -> DescribeTargetGroupsOutput { try await call(DescribeTargetGroupsInput.operation) { try await base.loadBalancingV2.describeTargetGroups(input) } }
    func describeTargetHealth(_ input: DescribeTargetHealthInput) async throws -> DescribeTargetHealthOutput { try await call(DescribeTargetHealthInput.operation) { try await base.loadBalancingV2.describeTargetHealth(input) } }
    func deregisterTargets(_ input: DeregisterTargetsInput) async throws { try await call(DeregisterTargetsInput.operation) { try await base.loadBalancingV2.deregisterTargets(input) } }
    func registerTargets(_ input: RegisterTargetsInput) async throws { try await call(RegisterTargetsInput.operation) { try await base.loadBalancingV2.registerTargets(input) } }
}
