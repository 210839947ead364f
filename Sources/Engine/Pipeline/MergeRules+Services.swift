import Providers

// How Auto Scaling and load balancing calls merge across a fleet's targets. Service membership
// (Auto Scaling, classic load balancers, target health) is never cached: isolation's in-service
// check always reads it live, shared only by requests waiting at the same moment.

extension DescribeAutoScalingInstancesInput: MergeableRequest {
    var mergeKey: (any Hashable & Sendable)? { !instanceIds.isEmpty && maxRecords == nil && nextToken == nil ? "ids" : nil }
    /// The API's limit of instance ids per call.
    static var maxMerged: Int { 50 }

    static func sendMerged(_ requests: [Self], through send: @escaping Send<Self>) async -> [Result<DescribeAutoScalingInstancesOutput, any Error>] {
        await MergeRules.merged(requests, call: {
            let ids = MergeRules.unique(requests.flatMap(\.instanceIds))
            return try await collectPages { token in
                let page = try await send(DescribeAutoScalingInstancesInput(instanceIds: ids, nextToken: token))
                return (page.autoScalingInstances, page.nextToken)
            }
        }, split: { all, request in
            let wanted = Set(request.instanceIds)
            return DescribeAutoScalingInstancesOutput(autoScalingInstances: all.filter { wanted.contains($0.instanceId) }, nextToken: nil)
        }, single: send)
    }
}

extension DetachInstancesInput: MergeableRequest {
    /// One instance each, per group and capacity choice.
    var mergeKey: (any Hashable & Sendable)? { instanceIds.count == 1 ? [autoScalingGroupName, "\(shouldDecrementDesiredCapacity)"] : nil }
    /// The API's limit of instances per call.
    static var maxMerged: Int { 20 }

    static func sendMerged(_ requests: [Self], through send: @escaping Send<Self>) async -> [Result<DetachInstancesOutput, any Error>] {
        await MergeRules.merged(requests, call: {
            let first = requests[0]
            return try await send(DetachInstancesInput(
                instanceIds: MergeRules.unique(requests.flatMap(\.instanceIds)), autoScalingGroupName: first.autoScalingGroupName,
                shouldDecrementDesiredCapacity: first.shouldDecrementDesiredCapacity
            ))
        }, split: { output, request in
            DetachInstancesOutput(activities: output.activities.filter { activity in request.instanceIds.contains { activity.description.contains($0) } })
        }, single: send)
    }
}

extension AttachInstancesInput: MergeableRequest {
    var mergeKey: (any Hashable & Sendable)? { instanceIds.count == 1 ? autoScalingGroupName : nil }
    static var maxMerged: Int { 20 }

    static func sendMerged(_ requests: [Self], through send: @escaping Send<Self>) async -> [Result<Void, any Error>] {
        await MergeRules.merged(requests, call: {
            try await send(AttachInstancesInput(instanceIds: MergeRules.unique(requests.flatMap(\.instanceIds)), autoScalingGroupName: requests[0].autoScalingGroupName))
        }, split: { _, _ in }, single: send)
    }
}

extension DeregisterInstancesFromLoadBalancerInput: MergeableRequest {
    var mergeKey: (any Hashable & Sendable)? { loadBalancerName }
    static var maxMerged: Int { 100 }

    static func sendMerged(_ requests: [Self], through send: @escaping Send<Self>) async -> [Result<LoadBalancerInstancesOutput, any Error>] {
        await MergeRules.merged(requests, call: {
            try await send(DeregisterInstancesFromLoadBalancerInput(loadBalancerName: requests[0].loadBalancerName, instanceIds: MergeRules.unique(requests.flatMap(\.instanceIds))))
        }, split: { output, _ in output }, single: send)
    }
}

extension RegisterInstancesWithLoadBalancerInput: MergeableRequest {
    var mergeKey: (any Hashable & Sendable)? { loadBalancerName }
    static var maxMerged: Int { 100 }

    static func sendMerged(_ requests: [Self], through send: @escaping Send<Self>) async -> [Result<LoadBalancerInstancesOutput, any Error>] {
        await MergeRules.merged(requests, call: {
            try await send(RegisterInstancesWithLoadBalancerInput(loadBalancerName: requests[0].loadBalancerName, instanceIds: MergeRules.unique(requests.flatMap(\.instanceIds))))
        }, split: { output, _ in output }, single: send)
    }
}

extension DeregisterTargetsInput: MergeableRequest {
    var mergeKey: (any Hashable & Sendable)? { targetGroupArn }
    static var maxMerged: Int { 100 }

    static func sendMerged(_ requests: [Self], through send: @escaping Send<Self>) async -> [Result<Void, any Error>] {
        await MergeRules.merged(requests, call: {
            try await send(DeregisterTargetsInput(targetGroupArn: requests[0].targetGroupArn, targets: MergeRules.unique(requests.flatMap(\.targets))))
        }, split: { _, _ in }, single: send)
    }
}

extension RegisterTargetsInput: MergeableRequest {
    var mergeKey: (any Hashable & Sendable)? { targetGroupArn }
    static var maxMerged: Int { 100 }

    static func sendMerged(_ requests: [Self], through send: @escaping Send<Self>) async -> [Result<Void, any Error>] {
        await MergeRules.merged(requests, call: {
            try await send(RegisterTargetsInput(targetGroupArn: requests[0].targetGroupArn, targets: MergeRules.unique(requests.flatMap(\.targets))))
        }, split: { _, _ in }, single: send)
    }
}

extension DescribeLoadBalancersInput: SharedRead {}
extension DescribeTargetHealthInput: SharedRead {}

/// The list of target groups is cached: nothing irun does changes it.
extension DescribeTargetGroupsInput: SharedRead, CachedRead {
    var isCacheable: Bool { true }
    func cacheTopics(of output: DescribeTargetGroupsOutput) -> [String] { [MergeRules.targetGroupsTopic] }
}
