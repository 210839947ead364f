import Providers

extension WorldSpec {
    /// Every inconsistency in the spec: dangling references, wrong id shapes, impossible capacities.
    ///
    /// - Returns: The problems, in file order; empty when the world can be built.
    public func problems() -> [WorldSpecProblem] {
        var check = SpecChecker(spec: self)
        check.run()
        return check.problems
    }
}

/// Walks a spec once and collects its problems.
private struct SpecChecker {
    let spec: WorldSpec
    var problems: [WorldSpecProblem] = []
    let vpcs: Set<String>
    let subnetVPC: [String: String]
    let groupVPC: [String: String]
    let instanceVPC: [String: String]
    let targetGroups: Set<String>
    let loadBalancers: Set<String>
    let autoScalingGroups: Set<String>

    init(spec: WorldSpec) {
        self.spec = spec
        vpcs = Set(spec.vpcs.map(\.id))
        subnetVPC = Dictionary(spec.subnets.map { ($0.id, $0.vpc) }, uniquingKeysWith: { first, _ in first })
        groupVPC = Dictionary(spec.securityGroups.map { ($0.id, $0.vpc) }, uniquingKeysWith: { first, _ in first })
        let subnets = subnetVPC
        instanceVPC = Dictionary(spec.instances.map { ($0.id, subnets[$0.subnet] ?? "") }, uniquingKeysWith: { first, _ in first })
        targetGroups = Set(spec.targetGroups.map(\.name))
        loadBalancers = Set(spec.loadBalancers.map(\.name))
        autoScalingGroups = Set(spec.autoScalingGroups.map(\.name))
    }

    mutating func report(_ path: String, _ message: String, fix: String? = nil, kind: WorldSpecProblem.Kind = .invalidValue) {
        problems.append(WorldSpecProblem(path: path, kind: kind, message: message, fix: fix))
    }

    mutating func run() {
        checkUnique(spec.vpcs.map(\.id), "vpcs")
        checkUnique(spec.subnets.map(\.id), "subnets")
        checkUnique(spec.securityGroups.map(\.id), "security-groups")
        checkUnique(spec.instances.map(\.id), "instances")
        for vpc in spec.vpcs { checkShape(vpc.id, prefix: "vpc-", at: "vpcs.\(vpc.id)") }
        for subnet in spec.subnets {
            let path = "subnets.\(subnet.id)"
            checkShape(subnet.id, prefix: "subnet-", at: path)
            checkVPC(subnet.vpc, at: "\(path).vpc")
        }
        for group in spec.securityGroups {
            let path = "security-groups.\(group.id)"
            checkShape(group.id, prefix: "sg-", at: path)
            checkVPC(group.vpc, at: "\(path).vpc")
        }
        for instance in spec.instances { checkInstance(instance, at: "instances.\(instance.id)", checkID: true) }
        for (index, fleet) in spec.fleets.enumerated() { checkFleet(fleet, at: "fleets.\(index)") }
        checkMembership()
        for group in spec.autoScalingGroups { checkAutoScalingGroup(group, at: "auto-scaling-groups.\(group.name)") }
        for balancer in spec.loadBalancers { checkLoadBalancer(balancer, at: "load-balancers.\(balancer.name)") }
        for group in spec.targetGroups { checkTargetGroup(group, at: "target-groups.\(group.name)") }
        checkBehaviour(spec.behaviour, at: "behaviour")
    }

    mutating func checkUnique(_ ids: [String], _ section: String) {
        var seen: Set<String> = []
        for id in ids where !seen.insert(id).inserted {
            report("\(section).\(id)", "'\(id)' is defined twice", fix: "give each one its own id", kind: .duplicate)
        }
    }

    mutating func checkShape(_ id: String, prefix: String, at path: String) {
        let digits = id.utf8.dropFirst(prefix.utf8.count)
        let isHex = digits.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
        if !id.hasPrefix(prefix) || !(1...17).contains(digits.count) || !isHex {
            report(path, "'\(id)' is not a valid id", fix: "write '\(prefix)' followed by 1 to 17 lowercase hex digits, like '\(prefix)0a1b2c3d'", kind: .invalidID)
        }
    }

    mutating func checkVPC(_ vpc: String, at path: String) {
        if !vpcs.contains(vpc) { report(path, "unknown VPC '\(vpc)'", fix: "define it under 'vpcs' or use one of: \(vpcs.sorted().joined(separator: ", "))", kind: .unknownReference(section: "vpcs")) }
    }

    mutating func checkSubnet(_ subnet: String, at path: String) -> String? {
        guard let vpc = subnetVPC[subnet] else {
            report(path, "unknown subnet '\(subnet)'", fix: "define it under 'subnets' or use one of: \(subnetVPC.keys.sorted().joined(separator: ", "))", kind: .unknownReference(section: "subnets"))
            return nil
        }
        return vpc
    }

    mutating func checkGroups(_ groups: [String], vpc: String?, at path: String) {
        if groups.isEmpty { report(path, "an interface needs at least one security group", fix: "list a group id, e.g. [sg-web]", kind: .missing) }
        for (index, group) in groups.enumerated() {
            guard let groupVPC = groupVPC[group] else {
                report("\(path).\(index)", "unknown security group '\(group)'", fix: "define it under 'security-groups'", kind: .unknownReference(section: "security-groups"))
                continue
            }
            if let vpc, groupVPC != vpc {
                report("\(path).\(index)", "security group '\(group)' is in \(groupVPC), not \(vpc)", fix: "use a group of the same VPC, as AWS requires")
            }
        }
    }

    mutating func checkInstance(_ instance: InstanceSpec, at path: String, checkID: Bool) {
        if checkID { checkShape(instance.id, prefix: "i-", at: path) }
        let vpc = checkSubnet(instance.subnet, at: "\(path).subnet")
        if !["stop", "terminate"].contains(instance.shutdownBehavior) {
            report("\(path).shutdown-behavior", "shutdown behaviour must be 'stop' or 'terminate', not '\(instance.shutdownBehavior)'")
        }
        if instance.interfaces.isEmpty { report("\(path).interfaces", "an instance needs at least one network interface", fix: "add `interfaces: [{groups: [sg-…]}]`", kind: .missing) }
        for (index, interface) in instance.interfaces.enumerated() {
            let interfacePath = "\(path).interfaces.\(index)"
            if let id = interface.id { checkShape(id, prefix: "eni-", at: "\(interfacePath).id") }
            if let subnet = interface.subnet, let interfaceVPC = checkSubnet(subnet, at: "\(interfacePath).subnet"), let vpc, interfaceVPC != vpc {
                report("\(interfacePath).subnet", "subnet '\(subnet)' is in \(interfaceVPC), but the instance is in \(vpc)", fix: "attach interfaces from the instance's VPC")
            }
            checkGroups(interface.groups, vpc: vpc, at: "\(interfacePath).groups")
            if interface.trackedConnections < 0 { report("\(interfacePath).tracked-connections", "must not be negative") }
        }
        for (index, volume) in instance.volumes.enumerated() {
            if let id = volume.id { checkShape(id, prefix: "vol-", at: "\(path).volumes.\(index).id") }
            if !(1...65_536).contains(volume.size) { report("\(path).volumes.\(index).size", "volume size must be 1 to 65536 GiB, not \(volume.size)") }
        }
    }

    mutating func checkFleet(_ fleet: FleetSpec, at path: String) {
        if !(1...100_000).contains(fleet.count) { report("\(path).count", "a fleet has 1 to 100000 instances, not \(fleet.count)") }
        checkInstance(fleet.template, at: path, checkID: false)
        for (index, subnet) in fleet.subnets.enumerated() { _ = checkSubnet(subnet, at: "\(path).subnets.\(index)") }
        if let group = fleet.autoScalingGroup, !autoScalingGroups.contains(group) { report("\(path).auto-scaling-group", "unknown Auto Scaling group '\(group)'", kind: .unknownReference(section: "auto-scaling-groups")) }
        for (index, name) in fleet.loadBalancers.enumerated() where !loadBalancers.contains(name) { report("\(path).load-balancers.\(index)", "unknown load balancer '\(name)'", kind: .unknownReference(section: "load-balancers")) }
        for (index, name) in fleet.targetGroups.enumerated() where !targetGroups.contains(name) { report("\(path).target-groups.\(index)", "unknown target group '\(name)'", kind: .unknownReference(section: "target-groups")) }
    }

    mutating func checkMembership() {
        var owner: [String: String] = [:]
        for group in spec.autoScalingGroups {
            for (index, id) in group.instances.enumerated() {
                let path = "auto-scaling-groups.\(group.name).instances.\(index)"
                if instanceVPC[id] == nil { report(path, "unknown instance '\(id)'", fix: "define it under 'instances'", kind: .unknownReference(section: "instances")) }
                if let other = owner[id], other != group.name { report(path, "instance '\(id)' is already in group '\(other)'", fix: "an instance belongs to at most one Auto Scaling group") }
                owner[id] = group.name
            }
        }
    }

    mutating func checkAutoScalingGroup(_ group: AutoScalingGroupSpec, at path: String) {
        let fleetMembers = spec.fleets.filter { $0.autoScalingGroup == group.name }.reduce(0) { $0 + $1.count }
        let desired = group.desired ?? (group.instances.count + fleetMembers)
        if group.min < 0 || group.min > group.max { report("\(path).min", "need 0 ≤ min ≤ max (min \(group.min), max \(group.max))") }
        if desired < group.min || desired > group.max { report("\(path).desired", "desired capacity \(desired) is outside min \(group.min) … max \(group.max)") }
        if !["EC2", "ELB"].contains(group.healthCheckType) { report("\(path).health-check-type", "must be EC2 or ELB, not '\(group.healthCheckType)'") }
        if group.subnets.isEmpty { report("\(path).subnets", "a group needs at least one subnet", kind: .missing) }
        var vpc: String?
        for (index, subnet) in group.subnets.enumerated() { vpc = checkSubnet(subnet, at: "\(path).subnets.\(index)") ?? vpc }
        for (index, name) in group.loadBalancers.enumerated() where !loadBalancers.contains(name) {
            report("\(path).load-balancers.\(index)", "unknown load balancer '\(name)'", fix: "define it under 'load-balancers'", kind: .unknownReference(section: "load-balancers"))
        }
        for (index, name) in group.targetGroups.enumerated() where !targetGroups.contains(name) {
            report("\(path).target-groups.\(index)", "unknown target group '\(name)'", fix: "define it under 'target-groups'", kind: .unknownReference(section: "target-groups"))
        }
        checkGroups(group.launchTemplate.groups, vpc: vpc, at: "\(path).launch-template.groups")
    }

    mutating func checkMembers(_ ids: [String], vpc: String, at path: String) {
        for (index, id) in ids.enumerated() {
            guard let instanceVPC = instanceVPC[id] else {
                report("\(path).\(index)", "unknown instance '\(id)'", fix: "define it under 'instances'", kind: .unknownReference(section: "instances"))
                continue
            }
            if instanceVPC != vpc { report("\(path).\(index)", "instance '\(id)' is in \(instanceVPC), not \(vpc)") }
        }
    }

    mutating func checkLoadBalancer(_ balancer: ClassicLoadBalancerSpec, at path: String) {
        checkVPC(balancer.vpc, at: "\(path).vpc")
        if balancer.healthCheck.port == nil {
            report("\(path).health-check.target", "'\(balancer.healthCheck.target)' has no port", fix: "write PROTOCOL:PORT[/path], e.g. HTTP:80/health")
        }
        checkMembers(balancer.instances, vpc: balancer.vpc, at: "\(path).instances")
    }

    mutating func checkTargetGroup(_ group: TargetGroupSpec, at path: String) {
        checkVPC(group.vpc, at: "\(path).vpc")
        if !(1...65_535).contains(group.port) { report("\(path).port", "port must be 1 to 65535, not \(group.port)") }
        if group.healthCheckPort != "traffic-port", Int(group.healthCheckPort).map({ !(1...65_535).contains($0) }) ?? true {
            report("\(path).health-check-port", "must be 'traffic-port' or a port number, not '\(group.healthCheckPort)'")
        }
        for (name, value) in [("healthy-threshold", group.healthyThreshold), ("unhealthy-threshold", group.unhealthyThreshold)] where !(2...10).contains(value) {
            report("\(path).\(name)", "must be 2 to 10, as on AWS, not \(value)")
        }
        if !(5...300).contains(group.healthCheckInterval) { report("\(path).health-check-interval", "must be 5 to 300 seconds, not \(group.healthCheckInterval)") }
        checkMembers(group.targets.map(\.id), vpc: group.vpc, at: "\(path).targets")
    }

    mutating func checkBehaviour(_ behaviour: BehaviourSpec, at path: String) {
        for key in behaviour.latency.keys.sorted() where AWSOperation.named(key) == nil && AWSService(rawValue: key) == nil {
            report("\(path).latency.\(key)", "'\(key)' is neither an operation irun calls nor a service", fix: "use e.g. DescribeInstances or ec2")
        }
        for (index, rule) in behaviour.faults.enumerated() {
            let rulePath = "\(path).faults.\(index)"
            for (position, name) in rule.operations.enumerated() where AWSOperation.named(name) == nil {
                let known = AWSOperation.all.map(\.name)
                report("\(rulePath).operations.\(position)", "unknown operation '\(name)'", fix: "use one of: \(known.joined(separator: ", "))", kind: .unknownReference(section: nil))
            }
            for (position, name) in rule.services.enumerated() where AWSService(rawValue: name) == nil {
                report("\(rulePath).services.\(position)", "unknown service '\(name)'", fix: "use one of: \(AWSService.allCases.map(\.rawValue).joined(separator: ", "))", kind: .unknownReference(section: nil))
            }
            if !(0...1).contains(rule.probability) { report("\(rulePath).probability", "a probability is between 0 and 1, not \(rule.probability)") }
        }
    }
}
