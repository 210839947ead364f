import Providers

/// Providers with at most `limit` calls in flight at once; the others wait their turn.
///
/// A fleet issues far more concurrent calls than an endpoint serves at once. Holding the
/// surplus back keeps them queued in ``BatchingProviders``, where they merge into fewer calls,
/// instead of in the endpoint's queue (moto answers one call at a time; AWS meters calls, not
/// connections). The batchers there share these slots: a batch takes its requests only once
/// it holds one, so the longer the endpoint is busy, the more requests each call carries.
struct LimitedProviders: EC2, AutoScaling, ElasticLoadBalancing, ElasticLoadBalancingV2 {
    let base: AWSProviders
    let slots: CallSlots

    /// The decorated providers.
    var providers: AWSProviders { AWSProviders(self) }

    private func call<Output: Sendable>(_ body: @Sendable () async throws -> Output) async throws -> Output {
        await slots.acquire()
        do {
            let output = try await body()
            await slots.release()
            return output
        } catch {
            await slots.release()
            throw error
        }
    }

    func describeInstances(_ input: DescribeInstancesInput) async throws -> DescribeInstancesOutput { try await call { try await base.ec2.describeInstances(input) } }
    func describeNetworkInterfaces(_ input: DescribeNetworkInterfacesInput) async throws -> DescribeNetworkInterfacesOutput { try await call { try await base.ec2.describeNetworkInterfaces(input) } }
    func describeSecurityGroups(_ input: DescribeSecurityGroupsInput) async throws -> DescribeSecurityGroupsOutput { try await call { try await base.ec2.describeSecurityGroups(input) } }
    func createSecurityGroup(_ input: CreateSecurityGroupInput) async throws -> CreateSecurityGroupOutput { try await call { try await base.ec2.createSecurityGroup(input) } }
    func authorizeSecurityGroupIngress(_ input: AuthorizeSecurityGroupIngressInput) async throws { try await call { try await base.ec2.authorizeSecurityGroupIngress(input) } }
    func authorizeSecurityGroupEgress(_ input: AuthorizeSecurityGroupEgressInput) async throws { try await call { try await base.ec2.authorizeSecurityGroupEgress(input) } }
    func revokeSecurityGroupEgress(_ input: RevokeSecurityGroupEgressInput) async throws -> RevokeSecurityGroupEgressOutput { try await call { try await base.ec2.revokeSecurityGroupEgress(input) } }
    func modifyInstanceAttribute(_ input: ModifyInstanceAttributeInput) async throws { try await call { try await base.ec2.modifyInstanceAttribute(input) } }
    func modifyNetworkInterfaceAttribute(_ input: ModifyNetworkInterfaceAttributeInput) async throws { try await call { try await base.ec2.modifyNetworkInterfaceAttribute(input) } }
    func describeVolumes(_ input: DescribeVolumesInput) async throws -> DescribeVolumesOutput { try await call { try await base.ec2.describeVolumes(input) } }
    func createSnapshot(_ input: CreateSnapshotInput) async throws -> Snapshot { try await call { try await base.ec2.createSnapshot(input) } }
    func createSnapshots(_ input: CreateSnapshotsInput) async throws -> CreateSnapshotsOutput { try await call { try await base.ec2.createSnapshots(input) } }
    func describeSnapshots(_ input: DescribeSnapshotsInput) async throws -> DescribeSnapshotsOutput { try await call { try await base.ec2.describeSnapshots(input) } }
    func createTags(_ input: CreateTagsInput) async throws { try await call { try await base.ec2.createTags(input) } }
    func deleteTags(_ input: DeleteTagsInput) async throws { try await call { try await base.ec2.deleteTags(input) } }
    func describeTags(_ input: DescribeTagsInput) async throws -> DescribeTagsOutput { try await call { try await base.ec2.describeTags(input) } }
    func stopInstances(_ input: StopInstancesInput) async throws -> StopInstancesOutput { try await call { try await base.ec2.stopInstances(input) } }
    func describeInstanceAttribute(_ input: DescribeInstanceAttributeInput) async throws -> DescribeInstanceAttributeOutput { try await call { try await base.ec2.describeInstanceAttribute(input) } }
    func describeAutoScalingInstances(_ input: DescribeAutoScalingInstancesInput) async throws -> DescribeAutoScalingInstancesOutput { try await call { try await base.autoScaling.describeAutoScalingInstances(input) } }
    func describeAutoScalingGroups(_ input: DescribeAutoScalingGroupsInput) async throws -> DescribeAutoScalingGroupsOutput { try await call { try await base.autoScaling.describeAutoScalingGroups(input) } }
    func detachInstances(_ input: DetachInstancesInput) async throws -> DetachInstancesOutput { try await call { try await base.autoScaling.detachInstances(input) } }
    func attachInstances(_ input: AttachInstancesInput) async throws { try await call { try await base.autoScaling.attachInstances(input) } }
    func describeLoadBalancers(_ input: DescribeLoadBalancersInput) async throws -> DescribeLoadBalancersOutput { try await call { try await base.loadBalancing.describeLoadBalancers(input) } }
    func deregisterInstancesFromLoadBalancer(_ input: DeregisterInstancesFromLoadBalancerInput) async throws -> LoadBalancerInstancesOutput { try await call { try await base.loadBalancing.deregisterInstancesFromLoadBalancer(input) } }
    func registerInstancesWithLoadBalancer(_ input: RegisterInstancesWithLoadBalancerInput) async throws -> LoadBalancerInstancesOutput { try await call { try await base.loadBalancing.registerInstancesWithLoadBalancer(input) } }
    func describeTargetGroups(_ input: DescribeTargetGroupsInput) async throws -> DescribeTargetGroupsOutput { try await call { try await base.loadBalancingV2.describeTargetGroups(input) } }
    func describeTargetHealth(_ input: DescribeTargetHealthInput) async throws -> DescribeTargetHealthOutput { try await call { try await base.loadBalancingV2.describeTargetHealth(input) } }
    func deregisterTargets(_ input: DeregisterTargetsInput) async throws { try await call { try await base.loadBalancingV2.deregisterTargets(input) } }
    func registerTargets(_ input: RegisterTargetsInput) async throws { try await call { try await base.loadBalancingV2.registerTargets(input) } }
}

/// An async semaphore: `acquire` waits while `limit` holders are in.
actor CallSlots {
    private let limit: Int
    private var inUse = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = max(1, limit) }

    func acquire() async {
        if inUse < limit {
            inUse += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { inUse -= 1 } else { waiting.removeFirst().resume() }
    }
}
