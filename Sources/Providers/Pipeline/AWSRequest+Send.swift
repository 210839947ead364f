// Which typed method of a backend answers each request: the one place the pipeline meets the
// backends' per-operation methods.

extension DescribeInstancesInput {
    public func send(to backend: AWSProviders) async throws -> DescribeInstancesOutput { try await backend.ec2.describeInstances(self) }
}

extension DescribeNetworkInterfacesInput {
    public func send(to backend: AWSProviders) async throws -> DescribeNetworkInterfacesOutput { try await backend.ec2.describeNetworkInterfaces(self) }
}

extension DescribeSecurityGroupsInput {
    public func send(to backend: AWSProviders) async throws -> DescribeSecurityGroupsOutput { try await backend.ec2.describeSecurityGroups(self) }
}

extension CreateSecurityGroupInput {
    public func send(to backend: AWSProviders) async throws -> CreateSecurityGroupOutput { try await backend.ec2.createSecurityGroup(self) }
}

extension AuthorizeSecurityGroupIngressInput {
    public func send(to backend: AWSProviders) async throws -> Void { try await backend.ec2.authorizeSecurityGroupIngress(self) }
}

extension AuthorizeSecurityGroupEgressInput {
    public func send(to backend: AWSProviders) async throws -> Void { try await backend.ec2.authorizeSecurityGroupEgress(self) }
}

extension RevokeSecurityGroupEgressInput {
    public func send(to backend: AWSProviders) async throws -> RevokeSecurityGroupEgressOutput { try await backend.ec2.revokeSecurityGroupEgress(self) }
}

extension ModifyInstanceAttributeInput {
    public func send(to backend: AWSProviders) async throws -> Void { try await backend.ec2.modifyInstanceAttribute(self) }
}

extension ModifyNetworkInterfaceAttributeInput {
    public func send(to backend: AWSProviders) async throws -> Void { try await backend.ec2.modifyNetworkInterfaceAttribute(self) }
}

extension DescribeVolumesInput {
    public func send(to backend: AWSProviders) async throws -> DescribeVolumesOutput { try await backend.ec2.describeVolumes(self) }
}

extension CreateSnapshotInput {
    public func send(to backend: AWSProviders) async throws -> Snapshot { try await backend.ec2.createSnapshot(self) }
}

extension CreateSnapshotsInput {
    public func send(to backend: AWSProviders) async throws -> CreateSnapshotsOutput { try await backend.ec2.createSnapshots(self) }
}

extension DescribeSnapshotsInput {
    public func send(to backend: AWSProviders) async throws -> DescribeSnapshotsOutput { try await backend.ec2.describeSnapshots(self) }
}

extension CreateTagsInput {
    public func send(to backend: AWSProviders) async throws -> Void { try await backend.ec2.createTags(self) }
}

extension DeleteTagsInput {
    public func send(to backend: AWSProviders) async throws -> Void { try await backend.ec2.deleteTags(self) }
}

extension DescribeTagsInput {
    public func send(to backend: AWSProviders) async throws -> DescribeTagsOutput { try await backend.ec2.describeTags(self) }
}

extension StopInstancesInput {
    public func send(to backend: AWSProviders) async throws -> StopInstancesOutput { try await backend.ec2.stopInstances(self) }
}

extension DescribeInstanceAttributeInput {
    public func send(to backend: AWSProviders) async throws -> DescribeInstanceAttributeOutput { try await backend.ec2.describeInstanceAttribute(self) }
}

extension DescribeAutoScalingInstancesInput {
    public func send(to backend: AWSProviders) async throws -> DescribeAutoScalingInstancesOutput { try await backend.autoScaling.describeAutoScalingInstances(self) }
}

extension DescribeAutoScalingGroupsInput {
    public func send(to backend: AWSProviders) async throws -> DescribeAutoScalingGroupsOutput { try await backend.autoScaling.describeAutoScalingGroups(self) }
}

extension DetachInstancesInput {
    public func send(to backend: AWSProviders) async throws -> DetachInstancesOutput { try await backend.autoScaling.detachInstances(self) }
}

extension AttachInstancesInput {
    public func send(to backend: AWSProviders) async throws -> Void { try await backend.autoScaling.attachInstances(self) }
}

extension DescribeLoadBalancersInput {
    public func send(to backend: AWSProviders) async throws -> DescribeLoadBalancersOutput { try await backend.loadBalancing.describeLoadBalancers(self) }
}

extension DeregisterInstancesFromLoadBalancerInput {
    public func send(to backend: AWSProviders) async throws -> LoadBalancerInstancesOutput { try await backend.loadBalancing.deregisterInstancesFromLoadBalancer(self) }
}

extension RegisterInstancesWithLoadBalancerInput {
    public func send(to backend: AWSProviders) async throws -> LoadBalancerInstancesOutput { try await backend.loadBalancing.registerInstancesWithLoadBalancer(self) }
}

extension DescribeTargetGroupsInput {
    public func send(to backend: AWSProviders) async throws -> DescribeTargetGroupsOutput { try await backend.loadBalancingV2.describeTargetGroups(self) }
}

extension DescribeTargetHealthInput {
    public func send(to backend: AWSProviders) async throws -> DescribeTargetHealthOutput { try await backend.loadBalancingV2.describeTargetHealth(self) }
}

extension DeregisterTargetsInput {
    public func send(to backend: AWSProviders) async throws -> Void { try await backend.loadBalancingV2.deregisterTargets(self) }
}

extension RegisterTargetsInput {
    public func send(to backend: AWSProviders) async throws -> Void { try await backend.loadBalancingV2.registerTargets(self) }
}
