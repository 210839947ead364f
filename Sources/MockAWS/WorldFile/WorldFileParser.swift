import Foundation
import Providers
import RunbookModel
import Yams

/// Builds a ``WorldSpec`` from a world file's YAML nodes, collecting a diagnostic for every
/// problem and recording where each value was written.
///
/// Each value is checked where it is read (shape, ranges, spelling). References between
/// resources are ``WorldSpec/problems()``'s job; the parser maps each problem's path
/// (`instances.i-123.interfaces.0.groups.1`) back to the node it recorded under that path.
struct WorldFileParser: YAMLNodeReader {
    static let documentPlural = "world files"
    static let topLevelKeys = [
        "world", "description", "account", "region", "start", "seed", "vpcs", "subnets", "security-groups", "instances",
        "fleets", "auto-scaling-groups", "load-balancers", "target-groups", "behaviour",
    ]

    /// A mapping being read, with its world-file path and how messages name it.
    struct Object {
        /// The mapping's fields.
        var fields: MappingFields
        /// Its path, e.g. `instances.i-123`.
        var path: String
        /// How messages name it, e.g. `instance 'i-123'`.
        var context: String
        /// Where a missing key is reported: the entry's key, or the list item.
        var anchor: Node
    }

    let path: String
    var diagnostics: [Diagnostic] = []
    /// Where each node was written, by its world-file path.
    var locations: [String: SourceLocation] = [:]
    /// Paths whose values could not be read; spec problems under them are consequences of an
    /// error already reported, not news.
    var unreadable: Set<String> = []
    /// The world's region, for default availability zones.
    var region = "us-east-1"

    init(path: String) { self.path = path }

    /// Orders diagnostics by position; those without one come first.
    static func fileOrder(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        let left = a.location.map { ($0.line, $0.column) } ?? (0, 0)
        let right = b.location.map { ($0.line, $0.column) } ?? (0, 0)
        return left < right
    }

    // MARK: - The world

    /// The spec the file describes (possibly with placeholders where values were wrong), after
    /// adding a diagnostic for every problem, including the spec's own ``WorldSpec/problems()``.
    mutating func world(from root: Node) -> WorldSpec? {
        guard let fields = mapping(root, "the world file", fix: "a world file is a mapping that starts with `world: my-world`") else { return nil }
        let top = Object(fields: fields, path: "", context: "the world file", anchor: root)
        checkKeys(fields, allowed: Self.topLevelKeys, in: "the world file")

        var spec = WorldSpec(name: "")
        if let name = read(top, "world", { $0.worldName($1, $2) }) {
            spec.name = name
        } else if fields["world"] == nil {
            error(.missingKey, "the world file has no `world` name", at: root, fix: "add `world: my-world` at the top")
        }
        if let description = read(top, "description", { $0.string($1, $2) }) { spec.description = description }
        if let account = read(top, "account", { $0.account($1, $2) }) { spec.accountId = account }
        if let region = read(top, "region", { $0.region($1, $2) }) {
            spec.region = region
            self.region = region
        }
        if let start = read(top, "start", { $0.date($1, $2) }) { spec.start = start }
        if let seed = read(top, "seed", { $0.whole($1, $2, in: 0...Int.max) }) { spec.seed = UInt64(seed) }

        spec.vpcs = entries(fields, section: "vpcs", fix: "write `vpcs: { vpc-0a1: { cidr: 10.0.0.0/16 } }`").map { vpc($0) }
        spec.subnets = entries(fields, section: "subnets", fix: "write `subnets: { subnet-0a1: { vpc: vpc-0a1, zone: us-east-1a, cidr: 10.0.1.0/24 } }`")
            .compactMap { subnet($0) }
        spec.securityGroups = entries(fields, section: "security-groups", fix: "write `security-groups: { sg-0a1: { vpc: vpc-0a1, ingress: [] } }`")
            .compactMap { securityGroup($0) }
        spec.instances = entries(fields, section: "instances", fix: "write `instances: { i-0a1: { subnet: subnet-0a1, interfaces: [{ groups: [sg-0a1] }] } }`")
            .compactMap { entry in
                let object = object(entry.value, path: "instances.\(entry.id)", context: "instance '\(entry.id)'", anchor: entry.key,
                                    allowed: Self.instanceKeys, fix: "write `\(entry.id): { subnet: subnet-…, interfaces: [{ groups: [sg-…] }] }`")
                return object.map { instance($0, id: entry.id, defaultSubnet: nil) }
            }
        spec.fleets = fleets(fields)
        spec.autoScalingGroups = entries(fields, section: "auto-scaling-groups", fix: "write `auto-scaling-groups: { web-asg: { min: 1, max: 3, instances: [i-…] } }`")
            .compactMap { autoScalingGroup($0, instances: spec.instances) }
        spec.loadBalancers = entries(fields, section: "load-balancers", fix: "write `load-balancers: { web-clb: { vpc: vpc-…, instances: [i-…] } }`")
            .compactMap { loadBalancer($0) }
        spec.targetGroups = entries(fields, section: "target-groups", fix: "write `target-groups: { web-tg: { vpc: vpc-…, targets: [i-…] } }`")
            .compactMap { targetGroup($0) }
        if let node = fields["behaviour"] { spec.behaviour = behaviour(node) }

        report(spec.problems())
        return spec
    }

    // MARK: - Sections and objects

    /// The `id: value` entries of a top-level section, recording each key's location.
    mutating func entries(_ fields: MappingFields, section: String, fix: String) -> [(id: String, key: Node, value: Node)] {
        guard let node = fields[section] else { return [] }
        record(section, node)
        if isNull(node) { return [] }
        guard let mapping = mapping(node, "`\(section)`", fix: fix) else {
            unreadable.insert(section)
            return []
        }
        var result: [(id: String, key: Node, value: Node)] = []
        for (keyNode, valueNode) in mapping {
            guard let id = key(keyNode) else { continue }
            record("\(section).\(id)", keyNode)
            result.append((id, keyNode, valueNode))
        }
        return result
    }

    /// The node as an ``Object`` whose keys are checked against `allowed`; an empty value is an empty mapping.
    /// `allowed: nil` leaves the keys unchecked, for mappings keyed by names rather than fixed keys.
    mutating func object(_ node: Node, path: String, context: String, anchor: Node? = nil, allowed: [String]?, fix: String) -> Object? {
        record(path, anchor ?? node)
        let fields: MappingFields
        if isNull(node) {
            fields = MappingFields(Node.Mapping([]))
        } else if let mapping = mapping(node, context, fix: fix) {
            fields = mapping
        } else {
            unreadable.insert(path)
            return nil
        }
        if let allowed { checkKeys(fields, allowed: allowed, in: context) }
        return Object(fields: fields, path: path, context: context, anchor: anchor ?? node)
    }

    /// The items of a list value, recording the list's location; a single value stands for a one-item list.
    mutating func items(_ node: Node, at path: String, _ what: String, fix: String) -> [Node]? {
        record(path, node)
        switch node {
        case .sequence(let sequence):
            if rejectAnchor(node) {
                unreadable.insert(path)
                return nil
            }
            return Array(sequence)
        case .scalar where isNull(node):
            return []
        default:
            error(.wrongShape, "\(what) must be a list, not \(describe(node))", at: node, fix: fix)
            unreadable.insert(path)
            return nil
        }
    }

    // MARK: - Locations

    /// Remembers where the node at `path` was written (the first record wins).
    mutating func record(_ path: String, _ node: Node) {
        if locations[path] == nil { locations[path] = location(node) }
    }

    /// Reads the field `name` of `object` with `reader`, recording its location; a value that
    /// cannot be read marks its path unreadable.
    mutating func read<T>(_ object: Object, _ name: String, _ reader: (inout WorldFileParser, Node, String) -> T?) -> T? {
        guard let node = object.fields[name] else { return nil }
        return read(node, at: object.path.isEmpty ? name : "\(object.path).\(name)", "`\(name)` of \(object.context)", reader)
    }

    /// Reads `node` with `reader`, recording its location under `path`.
    mutating func read<T>(_ node: Node, at path: String, _ what: String, _ reader: (inout WorldFileParser, Node, String) -> T?) -> T? {
        record(path, node)
        let before = diagnostics.count
        let value = reader(&self, node, what)
        if value == nil || diagnostics.count > before { unreadable.insert(path) }
        return value
    }

    /// Reports a missing required key of `object` at the object, and marks the key's path unreadable.
    mutating func require(_ object: Object, _ name: String, fix: String) {
        guard object.fields[name] == nil else { return }
        error(.missingKey, "\(object.context) has no `\(name)`", at: object.anchor, fix: fix)
        unreadable.insert("\(object.path).\(name)")
    }

    /// The location recorded for `path`, or for its longest recorded prefix.
    func locate(_ problemPath: String) -> SourceLocation {
        var candidate = Substring(problemPath)
        while true {
            if let location = locations[String(candidate)] { return location }
            guard let dot = candidate.lastIndex(of: ".") else { return SourceLocation(file: path, line: 1, column: 1) }
            candidate = candidate[..<dot]
        }
    }
}
