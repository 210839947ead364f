public import Providers

extension AWSClient {
    public func describeAutoScalingInstances(_ input: DescribeAutoScalingInstancesInput) async throws -> DescribeAutoScalingInstancesOutput {
        let result = try await call(input).result
        return DescribeAutoScalingInstancesOutput(
            autoScalingInstances: result.list("AutoScalingInstances").map(AutoScalingInstanceDetails.init(xml:)),
            nextToken: result.marker("NextToken")
        )
    }

    public func describeAutoScalingGroups(_ input: DescribeAutoScalingGroupsInput) async throws -> DescribeAutoScalingGroupsOutput {
        let result = try await call(input).result
        return DescribeAutoScalingGroupsOutput(
            autoScalingGroups: result.list("AutoScalingGroups").map(AutoScalingGroup.init(xml:)),
            nextToken: result.marker("NextToken")
        )
    }

    public func detachInstances(_ input: DetachInstancesInput) async throws -> DetachInstancesOutput {
        let result = try await call(input).result
        return DetachInstancesOutput(activities: result.list("Activities").map(ScalingActivity.init(xml:)))
    }

    public func attachInstances(_ input: AttachInstancesInput) async throws {
        _ = try await call(input)
    }
}
