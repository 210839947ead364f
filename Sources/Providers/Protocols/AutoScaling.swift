/// The Auto Scaling operations irun's actions and their undo need.
public protocol AutoScaling: Sendable {
    /// The groups the given instances belong to; an instance in no group is absent from the answer.
    func describeAutoScalingInstances(_ input: DescribeAutoScalingInstancesInput) async throws -> DescribeAutoScalingInstancesOutput
    /// Describes groups with their members, load balancers and target groups.
    func describeAutoScalingGroups(_ input: DescribeAutoScalingGroupsInput) async throws -> DescribeAutoScalingGroupsOutput
    /// Detaches instances from a group (also from its load balancers and target groups).
    ///
    /// - Throws: ``AWSError`` `ValidationError` if an instance is not in the group or capacity would drop below the minimum.
    func detachInstances(_ input: DetachInstancesInput) async throws -> DetachInstancesOutput
    /// Attaches running instances to a group.
    ///
    /// - Throws: ``AWSError`` `ValidationError` if the group would exceed its maximum or an instance cannot join.
    func attachInstances(_ input: AttachInstancesInput) async throws
}
