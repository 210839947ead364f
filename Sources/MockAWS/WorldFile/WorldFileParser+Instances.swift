import Providers
import RunbookModel
import Yams

/// Reading `instances` (with their interfaces and volumes) and `fleets`.
extension WorldFileParser {
    static let instanceKeys = [
        "type", "image", "state", "subnet", "iam-profile", "termination-protection", "shutdown-behavior", "launched-before",
        "public-ip", "interfaces", "volumes", "tags",
    ]
    static let interfaceKeys = ["id", "subnet", "groups", "private-ip", "tracked-connections"]
    static let volumeKeys = ["id", "size", "type", "device", "delete-on-termination", "encrypted"]
    static let volumeTypes = ["gp3", "gp2", "io2", "io1", "st1", "sc1", "standard"]
    static let fleetKeys = ["count", "name-prefix", "subnets", "auto-scaling-group", "load-balancers", "target-groups", "template"]

    /// An instance's keys: an entry of `instances`, or a fleet's template (then `id` is empty and
    /// `defaultSubnet` is the fleet's first subnet).
    mutating func instance(_ object: Object, id: String, defaultSubnet: String?) -> InstanceSpec {
        var spec = InstanceSpec(id: id, subnet: defaultSubnet ?? "", interfaces: [])
        if defaultSubnet == nil { require(object, "subnet", fix: "add `subnet: subnet-…`, naming a subnet under `subnets`") }
        require(object, "interfaces", fix: "add `interfaces: [{ groups: [sg-…] }]`; the first is the primary (eth0)")
        if let type = read(object, "type", { $0.instanceType($1, $2) }) { spec.type = type }
        if let image = read(object, "image", { $0.prefixed($1, $2, "ami-", example: "ami-0abcdef1234567890") }) { spec.image = image }
        if let state = read(object, "state", { $0.choice($1, $2, InstanceStateName.allCases.map(\.rawValue)) }) {
            spec.state = InstanceStateName(rawValue: state) ?? .running
        }
        if let subnet = read(object, "subnet", { $0.string($1, $2) }) { spec.subnet = subnet }
        if let profile = read(object, "iam-profile", { $0.string($1, $2) }) { spec.iamProfile = profile }
        if let protection = read(object, "termination-protection", { $0.bool($1, $2) }) { spec.terminationProtection = protection }
        if let behavior = read(object, "shutdown-behavior", { $0.choice($1, $2, ["stop", "terminate"]) }) { spec.shutdownBehavior = behavior }
        if let before = read(object, "launched-before", { $0.time($1, $2) }) { spec.launchedBefore = before }
        if let address = read(object, "public-ip", { $0.address($1, $2) }) { spec.publicIp = address }
        if let node = object.fields["interfaces"] {
            let path = "\(object.path).interfaces"
            let items = items(node, at: path, "`interfaces` of \(object.context)", fix: "write `interfaces: [{ groups: [sg-…] }]`") ?? []
            spec.interfaces = items.enumerated().map { index, item in
                interface(item, at: "\(path).\(index)", context: "interface \(index + 1) of \(object.context)")
            }
        }
        if let node = object.fields["volumes"] {
            let path = "\(object.path).volumes"
            let items = items(node, at: path, "`volumes` of \(object.context)", fix: "write `volumes: [8, { size: 100, type: gp3 }]`") ?? []
            spec.volumes = items.enumerated().map { index, item in
                volume(item, at: "\(path).\(index)", context: "volume \(index + 1) of \(object.context)")
            }
        }
        spec.tags = tags(object)
        return spec
    }

    /// An instance type such as `m5.large`.
    mutating func instanceType(_ node: Node, _ what: String) -> String? {
        guard let text = string(node, what) else { return nil }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } }) else {
            error(.invalidValue, "\(what): '\(text)' is not an instance type", at: node, fix: "write a family and a size, e.g. m5.large or t3.micro")
            return nil
        }
        return text
    }

    /// Text that must start with `prefix`, like an AMI id.
    mutating func prefixed(_ node: Node, _ what: String, _ prefix: String, example: String) -> String? {
        guard let text = string(node, what) else { return nil }
        guard text.hasPrefix(prefix), text.count > prefix.count else {
            error(.invalidValue, "\(what): '\(text)' does not start with '\(prefix)'", at: node, fix: "write e.g. \(example)")
            return nil
        }
        return text
    }

    /// One network interface (`{ id: eni-0a, groups: [sg-0a1], private-ip: 10.0.1.10, tracked-connections: 2 }`).
    mutating func interface(_ node: Node, at path: String, context: String) -> InterfaceSpec {
        var spec = InterfaceSpec(groups: [])
        guard let object = object(node, path: path, context: context, allowed: Self.interfaceKeys, fix: "write `{ groups: [sg-…] }`") else { return spec }
        require(object, "groups", fix: "add `groups: [sg-…]`, the interface's security groups")
        if let id = read(object, "id", { $0.string($1, $2) }) { spec.id = id }
        if let subnet = read(object, "subnet", { $0.string($1, $2) }) { spec.subnet = subnet }
        if let groups = idList(object, "groups") { spec.groups = groups }
        if let address = read(object, "private-ip", { $0.address($1, $2) }) { spec.privateIp = address }
        if let count = read(object, "tracked-connections", { $0.whole($1, $2, in: 0...1_000_000) }) { spec.trackedConnections = count }
        return spec
    }

    /// One volume: a size in GiB (`100`), or `{ id, size, type, device, delete-on-termination, encrypted }`.
    mutating func volume(_ node: Node, at path: String, context: String) -> VolumeSpec {
        var spec = VolumeSpec(size: 8)
        if case .scalar = node {
            record(path, node)
            if let size = read(node, at: "\(path).size", "the size of \(context)", { $0.whole($1, $2) }) { spec.size = size }
            return spec
        }
        guard let object = object(node, path: path, context: context, allowed: Self.volumeKeys, fix: "write `100` or `{ size: 100, type: gp3 }`") else { return spec }
        require(object, "size", fix: "add `size: 8`, in GiB")
        if let id = read(object, "id", { $0.string($1, $2) }) { spec.id = id }
        if let size = read(object, "size", { $0.whole($1, $2) }) { spec.size = size }
        if let type = read(object, "type", { $0.choice($1, $2, Self.volumeTypes) }) { spec.type = type }
        if let device = read(object, "device", { $0.prefixed($1, $2, "/dev/", example: "/dev/xvdb") }) { spec.device = device }
        if let delete = read(object, "delete-on-termination", { $0.bool($1, $2) }) { spec.deleteOnTermination = delete }
        if let encrypted = read(object, "encrypted", { $0.bool($1, $2) }) { spec.encrypted = encrypted }
        return spec
    }

    /// The `fleets` list.
    mutating func fleets(_ fields: MappingFields) -> [FleetSpec] {
        guard let node = fields["fleets"] else { return [] }
        let items = items(node, at: "fleets", "`fleets`", fix: "write `fleets: [{ count: 100, template: { subnet: subnet-…, interfaces: [{ groups: [sg-…] }] } }]`") ?? []
        return items.enumerated().map { index, item in fleet(item, index: index) }
    }

    /// One fleet: `count` instances made from `template`.
    mutating func fleet(_ node: Node, index: Int) -> FleetSpec {
        let path = "fleets.\(index)"
        let context = "fleet \(index + 1)"
        var spec = FleetSpec(count: 1, namePrefix: "fleet-\(index + 1)", template: InstanceSpec(id: "", subnet: "", interfaces: []))
        guard let object = object(node, path: path, context: context, allowed: Self.fleetKeys,
                                  fix: "write `{ count: 100, name-prefix: worker, template: { subnet: subnet-…, interfaces: [{ groups: [sg-…] }] } }`")
        else { return spec }
        require(object, "count", fix: "add `count: 10`, how many instances the fleet has")
        require(object, "template", fix: "add `template: { type: t3.small, subnet: subnet-…, interfaces: [{ groups: [sg-…] }] }`")
        if let count = read(object, "count", { $0.whole($1, $2) }) { spec.count = count }
        if let prefix = read(object, "name-prefix", { $0.string($1, $2) }) { spec.namePrefix = prefix }
        if let subnets = idList(object, "subnets") { spec.subnets = subnets }
        if let group = read(object, "auto-scaling-group", { $0.string($1, $2) }) { spec.autoScalingGroup = group }
        if let balancers = idList(object, "load-balancers") { spec.loadBalancers = balancers }
        if let groups = idList(object, "target-groups") { spec.targetGroups = groups }
        if let templateNode = object.fields["template"] {
            record("\(path).template", templateNode)
            // Spec problems name template keys directly under the fleet (`fleets.0.subnet`), so record them there.
            if let template = self.object(templateNode, path: path, context: "the template of \(context)", allowed: Self.instanceKeys,
                                          fix: "write `template: { type: t3.small, subnet: subnet-…, interfaces: [{ groups: [sg-…] }] }`") {
                let defaultSubnet = spec.subnets.first
                if defaultSubnet == nil, template.fields["subnet"] == nil {
                    error(.missingKey, "the template of \(context) has no `subnet`, and the fleet lists no `subnets`", at: templateNode,
                          fix: "add `subnet: subnet-…` to the template, or `subnets: [subnet-…]` to the fleet")
                    unreadable.insert("\(path).subnet")
                }
                spec.template = instance(template, id: "", defaultSubnet: defaultSubnet ?? "")
            }
        }
        return spec
    }
}
