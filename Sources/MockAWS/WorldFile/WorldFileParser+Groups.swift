import Providers
import RunbookModel
import Yams

/// Reading `auto-scaling-groups`, `load-balancers` (Classic) and `target-groups` (ELBv2).
extension WorldFileParser {
    static let autoScalingGroupKeys = [
        "min", "max", "desired", "health-check-type", "health-check-grace-period", "subnets", "load-balancers", "target-groups",
        "instances", "launch-template", "tags",
    ]
    static let launchTemplateKeys = ["type", "image", "groups", "iam-profile", "volumes", "tags"]
    static let loadBalancerKeys = ["vpc", "subnets", "security-groups", "instances", "health-check"]
    static let healthCheckKeys = ["target", "interval", "timeout", "unhealthy-threshold", "healthy-threshold"]
    static let targetGroupKeys = [
        "protocol", "port", "vpc", "health-check-port", "health-check-interval", "healthy-threshold", "unhealthy-threshold",
        "deregistration-delay", "load-balancer", "targets",
    ]
    static let targetGroupProtocols = ["HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP"]

    /// An Auto Scaling group entry. Without `launch-template`, the group launches copies of its
    /// first member; without `subnets`, it spans its members' subnets.
    mutating func autoScalingGroup(_ entry: (id: String, key: Node, value: Node), instances: [InstanceSpec]) -> AutoScalingGroupSpec {
        var spec = AutoScalingGroupSpec(name: entry.id, min: 0, max: 0, subnets: [], launchTemplate: LaunchTemplateSpec(groups: []))
        let path = "auto-scaling-groups.\(entry.id)"
        let context = "Auto Scaling group '\(entry.id)'"
        guard let object = object(entry.value, path: path, context: context, anchor: entry.key, allowed: Self.autoScalingGroupKeys,
                                  fix: "write `\(entry.id): { min: 1, max: 3, instances: [i-…] }`") else { return spec }
        require(object, "min", fix: "add `min: 1`, the fewest instances the group keeps")
        require(object, "max", fix: "add `max: 4`, the most instances the group may run")
        if let min = read(object, "min", { $0.whole($1, $2) }) { spec.min = min }
        if let max = read(object, "max", { $0.whole($1, $2) }) { spec.max = max }
        if let desired = read(object, "desired", { $0.whole($1, $2) }) { spec.desired = desired }
        if let type = read(object, "health-check-type", { $0.choice($1, $2, ["EC2", "ELB"]) }) { spec.healthCheckType = type }
        if let grace = read(object, "health-check-grace-period", { $0.time($1, $2) }) { spec.healthCheckGracePeriod = grace }
        if let balancers = idList(object, "load-balancers") { spec.loadBalancers = balancers }
        if let groups = idList(object, "target-groups") { spec.targetGroups = groups }
        if let members = idList(object, "instances") { spec.instances = members }
        spec.tags = tags(object)
        let firstMember = spec.instances.first.flatMap { id in instances.first { $0.id == id } }
        if let subnets = idList(object, "subnets") {
            spec.subnets = subnets
        } else {
            var seen: Set<String> = []
            spec.subnets = spec.instances.compactMap { id in instances.first { $0.id == id }?.subnet }.filter { seen.insert($0).inserted }
        }
        if let node = object.fields["launch-template"] {
            spec.launchTemplate = launchTemplate(node, at: "\(path).launch-template", of: context)
        } else if let firstMember {
            spec.launchTemplate = LaunchTemplateSpec(
                type: firstMember.type, image: firstMember.image, groups: firstMember.interfaces.first?.groups ?? [],
                iamProfile: firstMember.iamProfile, volumes: firstMember.volumes.map(\.size), tags: firstMember.tags.filter { $0.key != "Name" }
            )
            // Problems with those groups belong to the member's interface, reported there.
            unreadable.insert("\(path).launch-template")
        } else {
            error(.missingKey, "\(context) has no `launch-template` and no member to copy one from", at: entry.key,
                  fix: "add `launch-template: { type: t3.micro, groups: [sg-…] }`, or list `instances`")
            unreadable.insert("\(path).launch-template")
        }
        return spec
    }

    /// What an Auto Scaling group launches: `{ type, image, groups, iam-profile, volumes: [8, 100], tags }`.
    mutating func launchTemplate(_ node: Node, at path: String, of context: String) -> LaunchTemplateSpec {
        var spec = LaunchTemplateSpec(groups: [])
        let templateContext = "the launch template of \(context)"
        guard let object = object(node, path: path, context: templateContext, allowed: Self.launchTemplateKeys,
                                  fix: "write `launch-template: { type: t3.micro, groups: [sg-…] }`") else { return spec }
        require(object, "groups", fix: "add `groups: [sg-…]`, the security groups of the instances it launches")
        if let type = read(object, "type", { $0.instanceType($1, $2) }) { spec.type = type }
        if let image = read(object, "image", { $0.prefixed($1, $2, "ami-", example: "ami-0abcdef1234567890") }) { spec.image = image }
        if let groups = idList(object, "groups") { spec.groups = groups }
        if let profile = read(object, "iam-profile", { $0.string($1, $2) }) { spec.iamProfile = profile }
        if let node = object.fields["volumes"] {
            let volumesPath = "\(path).volumes"
            let what = "`volumes` of \(templateContext)"
            let items = items(node, at: volumesPath, what, fix: "write sizes in GiB, root first: `volumes: [8, 100]`") ?? []
            spec.volumes = items.enumerated().map { index, item in
                read(item, at: "\(volumesPath).\(index)", "item \(index + 1) of \(what)", { $0.whole($1, $2, in: 1...65_536) }) ?? 8
            }
        }
        spec.tags = tags(object)
        return spec
    }

    /// A Classic Load Balancer entry.
    mutating func loadBalancer(_ entry: (id: String, key: Node, value: Node)) -> ClassicLoadBalancerSpec {
        var spec = ClassicLoadBalancerSpec(name: entry.id, vpc: "")
        let path = "load-balancers.\(entry.id)"
        let context = "load balancer '\(entry.id)'"
        guard let object = object(entry.value, path: path, context: context, anchor: entry.key, allowed: Self.loadBalancerKeys,
                                  fix: "write `\(entry.id): { vpc: vpc-…, instances: [i-…] }`") else { return spec }
        require(object, "vpc", fix: "add `vpc: vpc-…`, naming a VPC under `vpcs`")
        if let vpc = read(object, "vpc", { $0.string($1, $2) }) { spec.vpc = vpc }
        if let subnets = idList(object, "subnets") { spec.subnets = subnets }
        if let groups = idList(object, "security-groups") { spec.securityGroups = groups }
        if let members = idList(object, "instances") { spec.instances = members }
        if let node = object.fields["health-check"],
           let check = self.object(node, path: "\(path).health-check", context: "the health check of \(context)", allowed: Self.healthCheckKeys,
                                   fix: "write `health-check: { target: \"HTTP:80/health\", interval: 30s }`") {
            if let target = read(check, "target", { $0.string($1, $2) }) { spec.healthCheck.target = target }
            if let interval = read(check, "interval", { $0.seconds($1, $2) }) { spec.healthCheck.interval = interval }
            if let timeout = read(check, "timeout", { $0.seconds($1, $2) }) { spec.healthCheck.timeout = timeout }
            if let count = read(check, "unhealthy-threshold", { $0.whole($1, $2, in: 2...10) }) { spec.healthCheck.unhealthyThreshold = count }
            if let count = read(check, "healthy-threshold", { $0.whole($1, $2, in: 2...10) }) { spec.healthCheck.healthyThreshold = count }
        }
        return spec
    }

    /// An ELBv2 target group entry.
    mutating func targetGroup(_ entry: (id: String, key: Node, value: Node)) -> TargetGroupSpec {
        var spec = TargetGroupSpec(name: entry.id, vpc: "")
        let path = "target-groups.\(entry.id)"
        let context = "target group '\(entry.id)'"
        guard let object = object(entry.value, path: path, context: context, anchor: entry.key, allowed: Self.targetGroupKeys,
                                  fix: "write `\(entry.id): { vpc: vpc-…, port: 80, targets: [i-…] }`") else { return spec }
        require(object, "vpc", fix: "add `vpc: vpc-…`, naming a VPC under `vpcs`")
        if let proto = read(object, "protocol", { $0.choice($1, $2, Self.targetGroupProtocols) }) { spec.protocol = proto }
        if let port = read(object, "port", { $0.whole($1, $2) }) { spec.port = port }
        if let vpc = read(object, "vpc", { $0.string($1, $2) }) { spec.vpc = vpc }
        if let port = read(object, "health-check-port", { $0.string($1, $2) }) { spec.healthCheckPort = port }
        if let interval = read(object, "health-check-interval", { $0.seconds($1, $2) }) { spec.healthCheckInterval = interval }
        if let count = read(object, "healthy-threshold", { $0.whole($1, $2) }) { spec.healthyThreshold = count }
        if let count = read(object, "unhealthy-threshold", { $0.whole($1, $2) }) { spec.unhealthyThreshold = count }
        if let delay = read(object, "deregistration-delay", { $0.time($1, $2) }) { spec.deregistrationDelay = delay }
        if let balancer = read(object, "load-balancer", { $0.string($1, $2) }) { spec.loadBalancer = balancer }
        if let node = object.fields["targets"] {
            let targetsPath = "\(path).targets"
            let items = items(node, at: targetsPath, "`targets` of \(context)", fix: "write `targets: [i-…, { id: i-…, port: 8080 }]`") ?? []
            spec.targets = items.enumerated().map { index, item in
                target(item, at: "\(targetsPath).\(index)", context: "target \(index + 1) of \(context)")
            }
        }
        return spec
    }

    /// One target: an instance id, or `{ id: i-…, port: 8080 }`.
    mutating func target(_ node: Node, at path: String, context: String) -> TargetDescription {
        if case .scalar = node {
            return TargetDescription(id: read(node, at: path, context, { $0.string($1, $2) }) ?? "")
        }
        var target = TargetDescription(id: "")
        guard let object = object(node, path: path, context: context, allowed: ["id", "port"], fix: "write `i-…` or `{ id: i-…, port: 8080 }`") else { return target }
        require(object, "id", fix: "add `id: i-…`, the instance to register")
        if let id = read(object, "id", { $0.string($1, $2) }) { target.id = id }
        if let port = read(object, "port", { $0.whole($1, $2, in: 1...65_535) }) { target.port = port }
        return target
    }
}
