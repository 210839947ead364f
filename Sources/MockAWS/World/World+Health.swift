import Foundation
import Providers

extension World {
    /// One round of a Classic Load Balancer's health checks.
    mutating func probeLoadBalancer(_ name: String) {
        guard var balancer = loadBalancers[name], let port = balancer.healthCheck.port else { return }
        for id in balancer.instanceIds {
            var health = balancer.health[id] ?? .initial
            health.record(passed: admitsHealthCheck(id, port: port), healthyThreshold: balancer.healthCheck.healthyThreshold, unhealthyThreshold: balancer.healthCheck.unhealthyThreshold)
            balancer.health[id] = health
        }
        loadBalancers[name] = balancer
    }

    /// One round of a target group's health checks (draining targets are not probed).
    mutating func probeTargetGroup(_ arn: String) {
        guard var group = targetGroups[arn] else { return }
        for index in group.targets.indices where group.targets[index].drainingUntil == nil {
            let port = group.healthCheckPort == "traffic-port" ? group.targets[index].port : Int(group.healthCheckPort) ?? group.port
            group.targets[index].health.record(passed: admitsHealthCheck(group.targets[index].id, port: port), healthyThreshold: group.healthyThreshold, unhealthyThreshold: group.unhealthyThreshold)
        }
        targetGroups[arn] = group
    }

    /// Whether the group's health check marks `member` unhealthy now.
    ///
    /// EC2 checks: any state but pending/running. ELB checks (after the grace period): unhealthy
    /// in any of the group's load balancers or target groups. Termination protection plays no part.
    func isUnhealthy(_ member: MemberRecord, in group: AutoScalingGroupRecord) -> Bool {
        guard let instance = instances[member.instanceId] else { return true }
        if instance.state != .running && instance.state != .pending { return true }
        guard group.healthCheckType == "ELB", member.lifecycleState == "InService",
              now >= member.inServiceSince.addingTimeInterval(group.gracePeriod.timeInterval) else { return false }
        let id = member.instanceId
        let failsClassic = group.loadBalancerNames.contains { loadBalancers[$0]?.health[id]?.state == "unhealthy" }
        let failsTarget = group.targetGroupArns.contains { arn in
            targetGroups[arn]?.targets.contains { $0.id == id && $0.drainingUntil == nil && $0.health.state == "unhealthy" } ?? false
        }
        return failsClassic || failsTarget
    }

    /// Auto Scaling's periodic work: terminate unhealthy members, then launch up to desired capacity.
    mutating func checkAutoScalingGroup(_ name: String) {
        guard let group = autoScalingGroups[name] else { return }
        for member in group.members where member.lifecycleState == "InService" && isUnhealthy(member, in: group) {
            removeMembers([member.instanceId], from: name)
            deregisterEverywhere(member.instanceId, fromBalancersOf: name)
            let wasAlive = instances[member.instanceId].map { $0.state != .terminated && $0.state != .shuttingDown } ?? false
            terminate(member.instanceId, reason: "Service initiated (Auto Scaling): instance failed \(group.healthCheckType) health check")
            if wasAlive { terminatedByAutoScaling.append(member.instanceId) }
        }
        fillCapacity(of: name)
    }

    /// Launches instances until the group has its desired capacity.
    mutating func fillCapacity(of name: String) {
        guard var group = autoScalingGroups[name] else { return }
        var missing = group.desiredCapacity - group.members.count
        var launched: [MemberRecord] = []
        while missing > 0 {
            group.launches += 1
            let subnet = group.subnetIds[(group.launches - 1) % group.subnetIds.count]
            let template = group.launchTemplate
            let id = ids.next("i")
            let spec = InstanceSpec(
                id: id, type: template.type, image: template.image, state: .pending, subnet: subnet, iamProfile: template.iamProfile,
                interfaces: [InterfaceSpec(groups: template.groups)], volumes: template.volumes.map { VolumeSpec(size: $0) },
                tags: template.tags + [Tag(key: "aws:autoscaling:groupName", value: name)]
            )
            addInstance(spec, id: id, launchTime: now, launchedBy: name)
            launched.append(MemberRecord(instanceId: id, lifecycleState: "Pending", healthy: true, inServiceSince: now))
            timeline.schedule(.instanceReaches(instanceId: id, state: InstanceStateName.running.rawValue), at: now.addingTimeInterval(timings.launch.timeInterval))
            missing -= 1
        }
        autoScalingGroups[name] = group
        for member in launched { addMember(member, to: name) }
    }

    /// A launched instance is running: it enters service and joins the group's load balancers.
    mutating func bringIntoService(_ id: String, group name: String) {
        guard var group = autoScalingGroups[name], let index = group.members.firstIndex(where: { $0.instanceId == id }) else { return }
        group.members[index].lifecycleState = "InService"
        group.members[index].inServiceSince = now
        autoScalingGroups[name] = group
        register(id, withBalancersOf: name, health: .initial)
    }

    /// Starts terminating an instance, whatever its termination protection says (as Auto Scaling
    /// does, or as a game day does when "the instance dies mid-run").
    ///
    /// - Parameters:
    ///   - id: The instance.
    ///   - reason: The state transition reason `DescribeInstances` will show.
    public mutating func terminate(_ id: String, reason: String) {
        guard var instance = instances[id], instance.state != .terminated, instance.state != .shuttingDown else { return }
        instance.state = .shuttingDown
        instance.stateReason = reason
        instances[id] = instance
        timeline.schedule(.instanceReaches(instanceId: id, state: InstanceStateName.terminated.rawValue), at: now.addingTimeInterval(timings.terminate.timeInterval))
    }

    /// Registers `id` with every load balancer and target group of the Auto Scaling group `name`.
    mutating func register(_ id: String, withBalancersOf name: String, health: HealthRecord) {
        guard let group = autoScalingGroups[name] else { return }
        for balancer in group.loadBalancerNames where loadBalancers[balancer]?.instanceIds.contains(id) == false {
            loadBalancers[balancer]?.instanceIds.append(id)
            loadBalancers[balancer]?.health[id] = health
        }
        for arn in group.targetGroupArns {
            guard let port = targetGroups[arn]?.port, targetGroups[arn]?.targets.contains(where: { $0.id == id && $0.port == port && $0.drainingUntil == nil }) == false else { continue }
            targetGroups[arn]?.targets.removeAll { $0.id == id && $0.port == port }
            targetGroups[arn]?.targets.append(TargetRecord(id: id, port: port, health: health, drainingUntil: nil))
        }
    }

    /// Deregisters `id` from the Auto Scaling group's load balancers (at once) and target groups (draining).
    mutating func deregisterEverywhere(_ id: String, fromBalancersOf name: String) {
        guard let group = autoScalingGroups[name] else { return }
        for balancer in group.loadBalancerNames {
            loadBalancers[balancer]?.instanceIds.removeAll { $0 == id }
            loadBalancers[balancer]?.health[id] = nil
        }
        for arn in group.targetGroupArns { startDraining(id, port: nil, in: arn) }
    }

    /// Moves a registered target to `draining`; it leaves the group after the deregistration delay.
    ///
    /// - Returns: Whether a target was registered.
    @discardableResult
    mutating func startDraining(_ id: String, port: Int?, in arn: String) -> Bool {
        guard var group = targetGroups[arn] else { return false }
        var found = false
        for index in group.targets.indices where group.targets[index].id == id && (port == nil || group.targets[index].port == port) && group.targets[index].drainingUntil == nil {
            let until = now.addingTimeInterval(group.deregistrationDelay.timeInterval)
            group.targets[index].drainingUntil = until
            group.targets[index].health.state = "draining"
            timeline.schedule(.targetDrained(targetGroupArn: arn, instanceId: id, port: group.targets[index].port), at: until)
            found = true
        }
        targetGroups[arn] = group
        return found
    }
}

extension HealthRecord {
    /// Counts one health check and flips the state once a threshold is met.
    mutating func record(passed: Bool, healthyThreshold: Int, unhealthyThreshold: Int) {
        if passed {
            consecutiveSuccesses += 1
            consecutiveFailures = 0
            if state != "healthy", consecutiveSuccesses >= healthyThreshold { state = "healthy" }
        } else {
            consecutiveFailures += 1
            consecutiveSuccesses = 0
            if state != "unhealthy", consecutiveFailures >= unhealthyThreshold { state = "unhealthy" }
        }
    }
}
