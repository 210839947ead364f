import Foundation
import Providers

extension World {
    /// The instances with these ids, or EC2's error for a malformed or missing one.
    func requireInstances(_ ids: [String]) throws(AWSError) -> [InstanceRecord] {
        if ids.count == 1, let record = instances[ids[0]] { return [record] }
        for id in ids { try IDShape.require(id, prefix: "i", code: .invalidInstanceIDMalformed) }
        var seen: Set<String> = []
        let unique = ids.filter { seen.insert($0).inserted }
        let missing = unique.filter { instances[$0] == nil }
        guard missing.isEmpty else { throw IDShape.notFound(.invalidInstanceIDNotFound, noun: "instance", missing) }
        return unique.compactMap { instances[$0] }
    }

    func requireInstance(_ id: String) throws(AWSError) -> InstanceRecord {
        try requireInstances([id])[0]
    }

    static let instanceFilters: Set<String> = [
        "instance-id", "instance-state-name", "vpc-id", "subnet-id", "instance.group-id", "network-interface.network-interface-id",
        "iam-instance-profile.arn", "instance-type", "availability-zone", "private-ip-address",
    ]

    func matches(_ instance: Instance, _ filter: Filter) -> Bool {
        if let byTag = FilterMatch.tags(filter, instance.tags) { return byTag }
        let values = filter.values
        switch filter.name {
        case "instance-id": return FilterMatch.any(values, instance.instanceId)
        case "instance-state-name": return FilterMatch.any(values, instance.state.rawValue)
        case "vpc-id": return FilterMatch.any(values, instance.vpcId)
        case "subnet-id": return FilterMatch.any(values, instance.subnetId)
        case "instance-type": return FilterMatch.any(values, instance.instanceType)
        case "availability-zone": return FilterMatch.any(values, instance.availabilityZone)
        case "private-ip-address": return FilterMatch.any(values, instance.privateIpAddress)
        case "iam-instance-profile.arn": return FilterMatch.any(values, instance.iamInstanceProfile?.arn)
        case "instance.group-id": return instance.networkInterfaces.contains { $0.groups.contains { FilterMatch.any(values, $0.groupId) } }
        case "network-interface.network-interface-id": return instance.networkInterfaces.contains { FilterMatch.any(values, $0.networkInterfaceId) }
        default: return false
        }
    }

    mutating func describeInstances(_ input: DescribeInstancesInput) throws(AWSError) -> DescribeInstancesOutput {
        if !input.instanceIds.isEmpty, input.maxResults != nil {
            throw AWSError(.invalidParameterCombination, "The parameter instancesSet cannot be used with the parameter maxResults")
        }
        if let limit = input.maxResults, !(5...1000).contains(limit) {
            throw AWSError(.invalidParameterValue, "Value (\(limit)) for parameter maxResults is invalid. Expecting a value between 5 and 1000.")
        }
        try requireKnown(input.filters, Self.instanceFilters)
        let records = input.instanceIds.isEmpty ? instances.values : try requireInstances(input.instanceIds)
        let described = records.map(describe).filter { instance in input.filters.allSatisfy { matches(instance, $0) } }
        let (page, next) = try Pagination.ec2.page(described, limit: input.maxResults, token: input.nextToken)
        let reservations = page.map { Reservation(reservationId: instances[$0.instanceId]?.reservationId ?? "r-0", ownerId: accountId, instances: [$0]) }
        return DescribeInstancesOutput(reservations: reservations, nextToken: next)
    }

    mutating func modifyInstanceAttribute(_ input: ModifyInstanceAttributeInput) throws(AWSError) {
        var instance = try requireInstance(input.instanceId)
        if instance.state == .terminated || instance.state == .shuttingDown {
            throw AWSError(.incorrectInstanceState, "The instance '\(instance.id)' is not in a state from which it can be modified.")
        }
        switch input.change {
        case .disableApiTermination(let on):
            instance.disableApiTermination = on
            instances[instance.id] = instance
        case .instanceInitiatedShutdownBehavior(let behaviour):
            guard behaviour == "stop" || behaviour == "terminate" else {
                throw AWSError(.invalidParameterValue, "Value (\(behaviour)) for parameter instanceInitiatedShutdownBehavior is invalid. Valid values: stop, terminate")
            }
            instance.shutdownBehavior = behaviour
            instances[instance.id] = instance
        case .groups(let groupIds):
            let attached = instance.interfaceIds.filter { interfaces[$0]?.attachment != nil }
            guard attached.count == 1 else {
                throw AWSError(.invalidInstanceID, "There are multiple interfaces attached to instance '\(instance.id)'. Please specify an interface ID for the operation instead.")
            }
            try requireGroups(groupIds, inVPC: instance.vpcId)
            setGroups(groupIds, on: attached[0])
        }
    }

    func describeInstanceAttribute(_ input: DescribeInstanceAttributeInput) throws(AWSError) -> DescribeInstanceAttributeOutput {
        let instance = try requireInstance(input.instanceId)
        switch input.attribute {
        case .disableApiTermination:
            return DescribeInstanceAttributeOutput(instanceId: instance.id, disableApiTermination: instance.disableApiTermination)
        case .instanceInitiatedShutdownBehavior:
            return DescribeInstanceAttributeOutput(instanceId: instance.id, instanceInitiatedShutdownBehavior: instance.shutdownBehavior)
        case .groupSet:
            let primary = instance.interfaceIds.first.flatMap { interfaces[$0] }
            return DescribeInstanceAttributeOutput(instanceId: instance.id, groups: groupIdentifiers(primary?.groupIds ?? []))
        }
    }

    mutating func stopInstances(_ input: StopInstancesInput) throws(AWSError) -> StopInstancesOutput {
        if input.instanceIds.isEmpty { throw AWSError(.missingParameter, "The request must contain the parameter InstanceId") }
        let records = try requireInstances(input.instanceIds)
        for record in records where ![.running, .stopping, .stopped].contains(record.state) {
            throw AWSError(.incorrectInstanceState, "This instance '\(record.id)' is not in a state from which it can be stopped.")
        }
        var changes: [InstanceStateChange] = []
        for var record in records {
            let previous = record.state
            if previous == .running {
                record.state = .stopping
                record.stateReason = "User initiated (\(Self.reasonTime(now)))"
                instances[record.id] = record
                for interfaceId in record.interfaceIds {
                    interfaces[interfaceId]?.trackedConnections = 0
                    interfaces[interfaceId]?.untrackedConnections = 0
                }
                timeline.schedule(.instanceReaches(instanceId: record.id, state: InstanceStateName.stopped.rawValue), at: now.addingTimeInterval(timings.stop.timeInterval))
            }
            changes.append(InstanceStateChange(instanceId: record.id, previousState: previous, currentState: record.state))
        }
        return StopInstancesOutput(stoppingInstances: changes)
    }

    /// `2026-11-27 03:12:00 GMT`, as EC2 writes times into state reasons.
    static func reasonTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: date) + " GMT"
    }
}
