import Foundation
import Providers

extension World {
    func requireLoadBalancer(_ name: String) throws(AWSError) -> ClassicLoadBalancerRecord {
        guard let balancer = loadBalancers[name] else { throw AWSError(.loadBalancerNotFound, "There is no ACTIVE Load Balancer named '\(name)'") }
        return balancer
    }

    func describeLoadBalancers(_ input: DescribeLoadBalancersInput) throws(AWSError) -> DescribeLoadBalancersOutput {
        if let size = input.pageSize, !(1...400).contains(size) { throw AWSError(.validationError, "PageSize must be between 1 and 400.") }
        var records: [ClassicLoadBalancerRecord] = []
        if input.loadBalancerNames.isEmpty {
            records = loadBalancers.values
        } else {
            for name in input.loadBalancerNames { records.append(try requireLoadBalancer(name)) }
        }
        let (page, next) = try Pagination.loadBalancing.page(records.map(describe), limit: input.pageSize, token: input.marker)
        return DescribeLoadBalancersOutput(loadBalancerDescriptions: page, nextMarker: next)
    }

    mutating func deregisterInstances(_ input: DeregisterInstancesFromLoadBalancerInput) throws(AWSError) -> LoadBalancerInstancesOutput {
        var balancer = try requireLoadBalancer(input.loadBalancerName)
        for id in input.instanceIds where !IDShape.isValid(id, prefix: "i") || instances[id] == nil {
            throw AWSError(.invalidInstance, "The instance ID '\(id)' is not valid")
        }
        balancer.instanceIds.removeAll { input.instanceIds.contains($0) }
        for id in input.instanceIds { balancer.health[id] = nil }
        loadBalancers[balancer.name] = balancer
        return LoadBalancerInstancesOutput(instanceIds: balancer.instanceIds)
    }

    mutating func registerInstances(_ input: RegisterInstancesWithLoadBalancerInput) throws(AWSError) -> LoadBalancerInstancesOutput {
        var balancer = try requireLoadBalancer(input.loadBalancerName)
        for id in input.instanceIds {
            guard IDShape.isValid(id, prefix: "i"), let instance = instances[id], instance.state != .terminated, instance.state != .shuttingDown else {
                throw AWSError(.invalidInstance, "The instance ID '\(id)' is not valid")
            }
            guard instance.vpcId == balancer.vpcId else { throw AWSError(.invalidInstance, "Instance '\(id)' is not in the load balancer's VPC \(balancer.vpcId)") }
        }
        for id in input.instanceIds where !balancer.instanceIds.contains(id) {
            balancer.instanceIds.append(id)
            balancer.health[id] = .initial
        }
        loadBalancers[balancer.name] = balancer
        return LoadBalancerInstancesOutput(instanceIds: balancer.instanceIds)
    }

    func requireTargetGroup(_ arn: String) throws(AWSError) -> TargetGroupRecord {
        guard let group = targetGroups[arn] else { throw AWSError(.targetGroupNotFound, "One or more target groups not found") }
        return group
    }

    func describeTargetGroups(_ input: DescribeTargetGroupsInput) throws(AWSError) -> DescribeTargetGroupsOutput {
        if let size = input.pageSize, !(1...400).contains(size) { throw AWSError(.validationError, "PageSize must be between 1 and 400.") }
        var records: [TargetGroupRecord] = []
        if !input.targetGroupArns.isEmpty {
            for arn in input.targetGroupArns { records.append(try requireTargetGroup(arn)) }
        } else if !input.names.isEmpty {
            for name in input.names {
                guard let group = targetGroups.values.first(where: { $0.name == name }) else { throw AWSError(.targetGroupNotFound, "One or more target groups not found") }
                records.append(group)
            }
        } else {
            records = targetGroups.values
        }
        if let balancer = input.loadBalancerArn { records = records.filter { $0.loadBalancerArns.contains(balancer) } }
        let (page, next) = try Pagination.loadBalancing.page(records.map(describe), limit: input.pageSize, token: input.marker)
        return DescribeTargetGroupsOutput(targetGroups: page, nextMarker: next)
    }

    func describeTargetHealth(_ input: DescribeTargetHealthInput) throws(AWSError) -> DescribeTargetHealthOutput {
        let group = try requireTargetGroup(input.targetGroupArn)
        func description(_ target: TargetRecord) -> TargetHealthDescription {
            let healthPort = group.healthCheckPort == "traffic-port" ? String(target.port) : group.healthCheckPort
            let (reason, text): (String?, String?) = switch target.health.state {
            case "unhealthy": ("Target.FailedHealthChecks", "Health checks failed")
            case "initial": ("Elb.InitialHealthChecking", "Initial health checks in progress")
            case "draining": ("Target.DeregistrationInProgress", "Target deregistration is in progress")
            default: (nil, nil)
            }
            return TargetHealthDescription(target: TargetDescription(id: target.id, port: target.port), healthCheckPort: healthPort, state: target.health.state, reason: reason, description: text)
        }
        if input.targets.isEmpty { return DescribeTargetHealthOutput(targetHealthDescriptions: group.targets.map(description)) }
        let descriptions = input.targets.flatMap { wanted -> [TargetHealthDescription] in
            let found = group.targets.filter { $0.id == wanted.id && (wanted.port == nil || $0.port == wanted.port) }
            if found.isEmpty {
                let port = wanted.port ?? group.port
                return [TargetHealthDescription(target: TargetDescription(id: wanted.id, port: port), healthCheckPort: String(port), state: "unused", reason: "Target.NotRegistered", description: "Target is not registered to the target group")]
            }
            return found.map(description)
        }
        return DescribeTargetHealthOutput(targetHealthDescriptions: descriptions)
    }

    mutating func deregisterTargets(_ input: DeregisterTargetsInput) throws(AWSError) {
        let group = try requireTargetGroup(input.targetGroupArn)
        for target in input.targets where !IDShape.isValid(target.id, prefix: "i") || instances[target.id] == nil {
            throw AWSError(.invalidTarget, "The following targets are not valid instances: '\(target.id)'")
        }
        for target in input.targets { startDraining(target.id, port: target.port ?? group.port, in: group.arn) }
    }

    mutating func registerTargets(_ input: RegisterTargetsInput) throws(AWSError) {
        var group = try requireTargetGroup(input.targetGroupArn)
        for target in input.targets {
            guard IDShape.isValid(target.id, prefix: "i"), let instance = instances[target.id] else {
                throw AWSError(.invalidTarget, "The following targets are not valid instances: '\(target.id)'")
            }
            guard instance.state == .running else {
                throw AWSError(.invalidTarget, "The following targets are not in a running state and cannot be registered: '\(target.id)'")
            }
            guard instance.vpcId == group.vpcId else { throw AWSError(.invalidTarget, "The following targets are not in the target group VPC '\(group.vpcId)': '\(target.id)'") }
        }
        for target in input.targets {
            let port = target.port ?? group.port
            if let index = group.targets.firstIndex(where: { $0.id == target.id && $0.port == port }) {
                if group.targets[index].drainingUntil != nil {
                    group.targets[index].drainingUntil = nil
                    group.targets[index].health = .initial
                }
            } else {
                group.targets.append(TargetRecord(id: target.id, port: port, health: .initial, drainingUntil: nil))
            }
        }
        targetGroups[group.arn] = group
    }
}
