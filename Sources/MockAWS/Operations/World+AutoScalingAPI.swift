import Foundation
import Providers

extension World {
    func requireAutoScalingGroup(_ name: String) throws(AWSError) -> AutoScalingGroupRecord {
        guard let group = autoScalingGroups[name] else {
            throw AWSError(.validationError, "AutoScalingGroup name not found - AutoScalingGroup '\(name)' not found")
        }
        return group
    }

    func describeAutoScalingInstances(_ input: DescribeAutoScalingInstancesInput) throws(AWSError) -> DescribeAutoScalingInstancesOutput {
        if input.instanceIds.count > 50 { throw AWSError(.validationError, "The number of instance ids that may be passed in is at most 50.") }
        if let limit = input.maxRecords, !(1...50).contains(limit) { throw AWSError(.validationError, "MaxRecords must be between 1 and 50.") }
        func describeMember(_ member: MemberRecord, _ group: AutoScalingGroupRecord) -> AutoScalingInstanceDetails {
            AutoScalingInstanceDetails(
                instanceId: member.instanceId, autoScalingGroupName: group.name,
                availabilityZone: instances[member.instanceId]?.availabilityZone ?? "", lifecycleState: member.lifecycleState,
                healthStatus: isUnhealthy(member, in: group) ? "UNHEALTHY" : "HEALTHY", protectedFromScaleIn: false
            )
        }
        var details: [AutoScalingInstanceDetails] = []
        if input.instanceIds.isEmpty {
            for group in autoScalingGroups.values { details += group.members.map { describeMember($0, group) } }
        } else {
            var seen: Set<String> = []
            for id in input.instanceIds where seen.insert(id).inserted {
                guard let group = autoScalingGroup(of: id), let member = group.members.first(where: { $0.instanceId == id }) else { continue }
                details.append(describeMember(member, group))
            }
        }
        let (page, next) = try Pagination.autoScaling.page(details, limit: input.maxRecords, token: input.nextToken)
        return DescribeAutoScalingInstancesOutput(autoScalingInstances: page, nextToken: next)
    }

    func describeAutoScalingGroups(_ input: DescribeAutoScalingGroupsInput) throws(AWSError) -> DescribeAutoScalingGroupsOutput {
        if let limit = input.maxRecords, !(1...100).contains(limit) { throw AWSError(.validationError, "MaxRecords must be between 1 and 100.") }
        let records = input.autoScalingGroupNames.isEmpty ? autoScalingGroups.values : input.autoScalingGroupNames.compactMap { autoScalingGroups[$0] }
        let (page, next) = try Pagination.autoScaling.page(records.map(describe), limit: input.maxRecords, token: input.nextToken)
        return DescribeAutoScalingGroupsOutput(autoScalingGroups: page, nextToken: next)
    }

    mutating func detachInstances(_ input: DetachInstancesInput, activityID: () -> String) throws(AWSError) -> DetachInstancesOutput {
        var group = try requireAutoScalingGroup(input.autoScalingGroupName)
        guard (1...20).contains(input.instanceIds.count) else { throw AWSError(.validationError, "Between 1 and 20 instance ids are required.") }
        for id in input.instanceIds where !group.members.contains(where: { $0.instanceId == id && $0.lifecycleState == "InService" || $0.instanceId == id && $0.lifecycleState == "Pending" }) {
            throw AWSError(.validationError, "The instance \(id) is not part of Auto Scaling group \(group.name).")
        }
        let before = group.desiredCapacity
        if input.shouldDecrementDesiredCapacity {
            let after = before - input.instanceIds.count
            guard after >= group.minSize else {
                throw AWSError(.validationError, "Currently, desiredCapacity (\(before)) must be greater than or equal to minSize (\(group.minSize)) after detaching; detach without decrementing or lower the minimum.")
            }
            group.desiredCapacity = after
        }
        autoScalingGroups[group.name] = group
        removeMembers(input.instanceIds, from: group.name)
        group = autoScalingGroups[group.name] ?? group
        var activities: [ScalingActivity] = []
        for id in input.instanceIds {
            deregisterEverywhere(id, fromBalancersOf: group.name)
            let capacity = input.shouldDecrementDesiredCapacity
                ? "shrinking the capacity from \(before) to \(group.desiredCapacity)"
                : "keeping the Auto Scaling group's desired capacity at \(before)"
            activities.append(ScalingActivity(
                activityId: activityID(), autoScalingGroupName: group.name, description: "Detaching EC2 instance: \(id)",
                cause: "At \(ISO8601DateFormatter().string(from: now)) instance \(id) was detached in response to a user request, \(capacity).",
                statusCode: "InProgress", progress: 50
            ))
        }
        fillCapacity(of: group.name)
        return DetachInstancesOutput(activities: activities)
    }

    mutating func attachInstances(_ input: AttachInstancesInput) throws(AWSError) {
        var group = try requireAutoScalingGroup(input.autoScalingGroupName)
        guard (1...20).contains(input.instanceIds.count) else { throw AWSError(.validationError, "Between 1 and 20 instance ids are required.") }
        let groupVPCs = Set(group.subnetIds.compactMap { subnets[$0]?.vpcId })
        for id in input.instanceIds {
            guard let instance = instances[id] else { throw AWSError(.validationError, "Instance Id not found - No managed instance found for instance ID: \(id)") }
            guard instance.state == .running else { throw AWSError(.validationError, "Instance \(id) is not in the running state and cannot be attached.") }
            if let other = autoScalingGroup(of: id) { throw AWSError(.validationError, "The instance \(id) is already part of the Auto Scaling group \(other.name).") }
            guard groupVPCs.contains(instance.vpcId) else { throw AWSError(.validationError, "Instance \(id) is not in the VPC of Auto Scaling group \(group.name).") }
        }
        let desired = group.desiredCapacity + input.instanceIds.count
        guard desired <= group.maxSize else {
            throw AWSError(.validationError, "Cannot attach instances: New SetDesiredCapacity value \(desired) is above max value \(group.maxSize) for the AutoScalingGroup.")
        }
        group.desiredCapacity = desired
        autoScalingGroups[group.name] = group
        for id in input.instanceIds { addMember(MemberRecord(instanceId: id, lifecycleState: "InService", healthy: true, inServiceSince: now), to: group.name) }
        for id in input.instanceIds { register(id, withBalancersOf: group.name, health: .initial) }
    }
}
