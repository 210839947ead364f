import Foundation
import Providers

extension World {
    /// Builds the live world a spec describes, at the spec's start time.
    ///
    /// - Parameter spec: The world description.
    /// - Throws: ``WorldSpecError`` listing every problem ``WorldSpec/problems()`` finds.
    public init(spec: WorldSpec) throws(WorldSpecError) {
        let problems = spec.problems()
        guard problems.isEmpty else { throw WorldSpecError(problems: problems) }
        self.init(name: spec.name, accountId: spec.accountId, region: spec.region, now: spec.start, seed: spec.seed, timings: spec.behaviour.timings)
        for vpc in spec.vpcs { vpcs[vpc.id] = VPCRecord(id: vpc.id, cidr: vpc.cidr) }
        for subnet in spec.subnets {
            subnets[subnet.id] = SubnetRecord(id: subnet.id, vpcId: subnet.vpc, availabilityZone: subnet.availabilityZone, cidr: subnet.cidr, lastHost: 3)
        }
        for group in spec.securityGroups {
            securityGroups[group.id] = SecurityGroup(
                groupId: group.id, groupName: group.name, description: group.description.isEmpty ? group.name : group.description,
                vpcId: group.vpc, ownerId: accountId, ipPermissions: group.ingress,
                ipPermissionsEgress: group.egress ?? [.allIPv4Traffic], tags: group.tags
            )
        }
        for balancer in spec.loadBalancers {
            loadBalancers[balancer.name] = ClassicLoadBalancerRecord(
                name: balancer.name, vpcId: balancer.vpc, subnets: balancer.subnets, securityGroups: balancer.securityGroups,
                healthCheck: balancer.healthCheck, instanceIds: [], health: [:]
            )
        }
        var targetGroupArns: [String: String] = [:]
        for group in spec.targetGroups {
            let arn = "arn:aws:elasticloadbalancing:\(region):\(accountId):targetgroup/\(group.name)/\(ids.nextHex(16))"
            targetGroupArns[group.name] = arn
            let balancerArns = group.loadBalancer.map { ["arn:aws:elasticloadbalancing:\(region):\(accountId):loadbalancer/app/\($0)/\(ids.nextHex(16))"] } ?? []
            targetGroups[arn] = TargetGroupRecord(
                arn: arn, name: group.name, protocol: group.protocol, port: group.port, vpcId: group.vpc,
                healthCheckPort: group.healthCheckPort, interval: group.healthCheckInterval, healthyThreshold: group.healthyThreshold,
                unhealthyThreshold: group.unhealthyThreshold, deregistrationDelay: group.deregistrationDelay,
                loadBalancerArns: balancerArns, targets: []
            )
        }
        for instance in spec.instances { addInstance(instance, id: instance.id) }
        var fleetMembers: [String: [String]] = [:]
        for fleet in spec.fleets {
            let subnetCycle = fleet.subnets.isEmpty ? [fleet.template.subnet] : fleet.subnets
            for number in 1...fleet.count {
                var template = fleet.template
                template.subnet = subnetCycle[(number - 1) % subnetCycle.count]
                template.tags.removeAll { $0.key == "Name" }
                template.tags.insert(Tag(key: "Name", value: "\(fleet.namePrefix)-\(number)"), at: 0)
                let id = ids.next("i")
                addInstance(template, id: id)
                if let group = fleet.autoScalingGroup { fleetMembers[group, default: []].append(id) }
                for name in fleet.loadBalancers { loadBalancers[name]?.instanceIds.append(id) }
                for name in fleet.targetGroups {
                    guard let arn = targetGroupArns[name], let port = targetGroups[arn]?.port else { continue }
                    targetGroups[arn]?.targets.append(TargetRecord(id: id, port: port, health: .initial, drainingUntil: nil))
                }
            }
        }
        for balancer in spec.loadBalancers { loadBalancers[balancer.name]?.instanceIds.insert(contentsOf: balancer.instances, at: 0) }
        for group in spec.targetGroups {
            guard let arn = targetGroupArns[group.name], let port = targetGroups[arn]?.port else { continue }
            let listed = group.targets.map { TargetRecord(id: $0.id, port: $0.port ?? port, health: .initial, drainingUntil: nil) }
            targetGroups[arn]?.targets.insert(contentsOf: listed, at: 0)
        }
        for group in spec.autoScalingGroups {
            let memberIDs = group.instances + (fleetMembers[group.name] ?? [])
            let members = memberIDs.compactMap { id in instances[id].map { MemberRecord(instanceId: id, lifecycleState: "InService", healthy: true, inServiceSince: $0.launchTime) } }
            let arns = group.targetGroups.compactMap { targetGroupArns[$0] }
            autoScalingGroups[group.name] = AutoScalingGroupRecord(
                name: group.name,
                arn: "arn:aws:autoscaling:\(region):\(accountId):autoScalingGroup:\(ids.nextHex(8))-\(ids.nextHex(4))-\(ids.nextHex(4))-\(ids.nextHex(4))-\(ids.nextHex(12)):autoScalingGroupName/\(group.name)",
                minSize: group.min, maxSize: group.max, desiredCapacity: group.desired ?? members.count,
                healthCheckType: group.healthCheckType, gracePeriod: group.healthCheckGracePeriod, subnetIds: group.subnets,
                loadBalancerNames: group.loadBalancers, targetGroupArns: arns, members: [],
                launchTemplate: group.launchTemplate, tags: group.tags, launches: 0
            )
            for member in members { addMember(member, to: group.name) }
            // As on AWS, a group's members are registered with the group's load balancers and target groups.
            for id in memberIDs { register(id, withBalancersOf: group.name, health: .initial) }
        }
        startTransitions()
        settleInitialHealth()
        for name in loadBalancers.ids { timeline.schedule(.loadBalancerHealthCheck(name: name), at: now.addingTimeInterval(TimeInterval(loadBalancers[name]!.healthCheck.interval))) }
        for arn in targetGroups.ids { timeline.schedule(.targetGroupHealthCheck(arn: arn), at: now.addingTimeInterval(TimeInterval(targetGroups[arn]!.interval))) }
        for name in autoScalingGroups.ids { timeline.schedule(.autoScalingCheck(name: name), at: now.addingTimeInterval(timings.autoScalingCheckInterval.timeInterval)) }
    }

    /// Adds an instance with its interfaces and volumes.
    mutating func addInstance(_ spec: InstanceSpec, id: String, launchTime: Date? = nil, launchedBy group: String? = nil) {
        guard let subnet = subnets[spec.subnet] else { return }
        var interfaceIds: [String] = []
        for (index, interface) in spec.interfaces.enumerated() {
            let interfaceSubnet = interface.subnet.flatMap { subnets[$0] } ?? subnet
            let interfaceId = interface.id ?? ids.next("eni")
            interfaceIds.append(interfaceId)
            interfaces[interfaceId] = InterfaceRecord(
                id: interfaceId, subnetId: interfaceSubnet.id, vpcId: interfaceSubnet.vpcId, availabilityZone: interfaceSubnet.availabilityZone,
                privateIp: interface.privateIp ?? nextAddress(in: interfaceSubnet.id), groupIds: interface.groups,
                attachment: NetworkInterfaceAttachment(attachmentId: ids.next("eni-attach"), instanceId: id, deviceIndex: index, status: "attached", deleteOnTermination: index == 0),
                description: index == 0 ? "Primary network interface" : "Secondary network interface \(index)", tags: [],
                trackedConnections: interface.trackedConnections, untrackedConnections: 0
            )
        }
        let launched = launchTime ?? now.addingTimeInterval(-spec.launchedBefore.timeInterval)
        var volumeIds: [String] = []
        for (index, volume) in spec.volumes.enumerated() {
            let volumeId = volume.id ?? ids.next("vol")
            volumeIds.append(volumeId)
            let device = volume.device ?? "/dev/xvd\(Character(UnicodeScalar(UInt8(97 + min(index, 25)))))"
            volumes[volumeId] = VolumeRecord(
                id: volumeId, size: volume.size, type: volume.type, state: "in-use", availabilityZone: subnet.availabilityZone,
                encrypted: volume.encrypted, createTime: launched,
                attachment: VolumeAttachment(instanceId: id, device: device, state: "attached", deleteOnTermination: volume.deleteOnTermination), tags: []
            )
        }
        instances[id] = InstanceRecord(
            id: id, reservationId: ids.next("r"), imageId: spec.image, instanceType: spec.type, state: spec.state, stateReason: "", launchTime: launched,
            subnetId: subnet.id, vpcId: subnet.vpcId, availabilityZone: subnet.availabilityZone, iamProfile: spec.iamProfile,
            disableApiTermination: spec.terminationProtection, shutdownBehavior: spec.shutdownBehavior,
            interfaceIds: interfaceIds, volumeIds: volumeIds, publicIp: spec.publicIp, tags: spec.tags,
            terminatedAt: spec.state == .terminated ? launched : nil, launchedByAutoScaling: group
        )
    }

    /// Instances written in a transitional state finish it on the clock; terminated ones have
    /// already lost their delete-on-termination volumes and primary interface.
    mutating func startTransitions() {
        for record in instances.values {
            switch record.state {
            case .pending: timeline.schedule(.instanceReaches(instanceId: record.id, state: "running"), at: now.addingTimeInterval(timings.launch.timeInterval))
            case .stopping: timeline.schedule(.instanceReaches(instanceId: record.id, state: "stopped"), at: now.addingTimeInterval(timings.stop.timeInterval))
            case .shuttingDown: timeline.schedule(.instanceReaches(instanceId: record.id, state: "terminated"), at: now.addingTimeInterval(timings.terminate.timeInterval))
            case .terminated: releaseResources(of: record.id)
            case .running, .stopped: break
            }
        }
    }

    /// The next free private address of a subnet.
    mutating func nextAddress(in subnetId: String) -> String {
        guard var subnet = subnets[subnetId] else { return "10.0.0.4" }
        subnet.lastHost += 1
        subnets[subnetId] = subnet
        let base = subnet.cidr.split(separator: "/").first.map(String.init) ?? "10.0.0.0"
        let octets = base.split(separator: ".").compactMap { UInt32($0) }
        guard octets.count == 4 else { return "10.0.0.\(subnet.lastHost % 250)" }
        let value = (octets[0] << 24 | octets[1] << 16 | octets[2] << 8 | octets[3]) &+ UInt32(subnet.lastHost)
        return "\(value >> 24 & 255).\(value >> 16 & 255).\(value >> 8 & 255).\(value & 255)"
    }

    /// Marks every registered target healthy or unhealthy by whether its health check gets through now.
    mutating func settleInitialHealth() {
        for name in loadBalancers.ids {
            guard var balancer = loadBalancers[name], let port = balancer.healthCheck.port else { continue }
            for id in balancer.instanceIds { balancer.health[id] = admitsHealthCheck(id, port: port) ? .healthy : .unhealthy }
            loadBalancers[name] = balancer
        }
        for arn in targetGroups.ids {
            guard var group = targetGroups[arn] else { continue }
            for index in group.targets.indices {
                let port = group.healthCheckPort == "traffic-port" ? group.targets[index].port : Int(group.healthCheckPort) ?? group.port
                group.targets[index].health = admitsHealthCheck(group.targets[index].id, port: port) ? .healthy : .unhealthy
            }
            targetGroups[arn] = group
        }
    }
}

extension HealthRecord {
    static let healthy = HealthRecord(state: "healthy", consecutiveFailures: 0, consecutiveSuccesses: 0)
    static let unhealthy = HealthRecord(state: "unhealthy", consecutiveFailures: 0, consecutiveSuccesses: 0)
    static let initial = HealthRecord(state: "initial", consecutiveFailures: 0, consecutiveSuccesses: 0)
}
