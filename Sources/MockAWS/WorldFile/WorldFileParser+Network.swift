import Foundation
import Providers
import RunbookModel
import Yams

/// Reading `vpcs`, `subnets` and `security-groups`.
extension WorldFileParser {
    static let vpcKeys = ["cidr"]
    static let subnetKeys = ["vpc", "zone", "cidr"]
    static let securityGroupKeys = ["name", "description", "vpc", "ingress", "egress", "tags"]
    static let protocols = ["tcp", "udp", "icmp", "all"]

    /// A VPC entry (`vpc-0a1: { cidr: 10.0.0.0/16 }`).
    mutating func vpc(_ entry: (id: String, key: Node, value: Node)) -> VPCSpec {
        var spec = VPCSpec(id: entry.id)
        guard let object = object(entry.value, path: "vpcs.\(entry.id)", context: "VPC '\(entry.id)'", anchor: entry.key,
                                  allowed: Self.vpcKeys, fix: "write `\(entry.id): { cidr: 10.0.0.0/16 }`") else { return spec }
        if let cidr = read(object, "cidr", { $0.cidr($1, $2) }) { spec.cidr = cidr }
        return spec
    }

    /// A subnet entry (`subnet-0a1: { vpc: vpc-0a1, zone: us-east-1a, cidr: 10.0.1.0/24 }`).
    mutating func subnet(_ entry: (id: String, key: Node, value: Node)) -> SubnetSpec {
        var spec = SubnetSpec(id: entry.id, vpc: "", availabilityZone: region + "a", cidr: "")
        guard let object = object(entry.value, path: "subnets.\(entry.id)", context: "subnet '\(entry.id)'", anchor: entry.key,
                                  allowed: Self.subnetKeys, fix: "write `\(entry.id): { vpc: vpc-0a1, zone: us-east-1a, cidr: 10.0.1.0/24 }`") else { return spec }
        require(object, "vpc", fix: "add `vpc: vpc-…`, naming a VPC under `vpcs`")
        require(object, "cidr", fix: "add `cidr: 10.0.1.0/24`, inside the VPC's block")
        if let vpc = read(object, "vpc", { $0.string($1, $2) }) { spec.vpc = vpc }
        if let zone = read(object, "zone", { $0.zone($1, $2) }) { spec.availabilityZone = zone }
        if let cidr = read(object, "cidr", { $0.cidr($1, $2) }) { spec.cidr = cidr }
        return spec
    }

    /// An availability zone of the world's region (`us-east-1a`).
    mutating func zone(_ node: Node, _ what: String) -> String? {
        guard let text = string(node, what) else { return nil }
        guard text.hasPrefix(region), text.count == region.count + 1, text.last.map({ $0.isLetter && $0.isLowercase }) == true else {
            error(.invalidValue, "\(what): '\(text)' is not an availability zone of \(region)", at: node,
                  fix: "write the region followed by a letter, e.g. \(region)a")
            return nil
        }
        return text
    }

    /// A security group entry.
    mutating func securityGroup(_ entry: (id: String, key: Node, value: Node)) -> SecurityGroupSpec {
        var spec = SecurityGroupSpec(id: entry.id, name: entry.id, vpc: "")
        let context = "security group '\(entry.id)'"
        guard let object = object(entry.value, path: "security-groups.\(entry.id)", context: context, anchor: entry.key,
                                  allowed: Self.securityGroupKeys, fix: "write `\(entry.id): { vpc: vpc-…, ingress: [{ protocol: tcp, ports: 443, from: 0.0.0.0/0 }] }`")
        else { return spec }
        require(object, "vpc", fix: "add `vpc: vpc-…`, naming a VPC under `vpcs`")
        if let name = read(object, "name", { $0.string($1, $2) }) { spec.name = name }
        if let description = read(object, "description", { $0.string($1, $2) }) { spec.description = description }
        if let vpc = read(object, "vpc", { $0.string($1, $2) }) { spec.vpc = vpc }
        if let node = object.fields["ingress"] { spec.ingress = rules(node, at: "\(object.path).ingress", of: context, egress: false) }
        if let node = object.fields["egress"] { spec.egress = rules(node, at: "\(object.path).egress", of: context, egress: true) }
        spec.tags = tags(object)
        return spec
    }

    /// A list of rules: `[{ protocol: tcp, ports: 80, from: 0.0.0.0/0 }]` (`to:` for egress).
    mutating func rules(_ node: Node, at path: String, of context: String, egress: Bool) -> [IpPermission] {
        let direction = egress ? "egress" : "ingress"
        let peer = egress ? "to" : "from"
        let fix = "write `\(direction): [{ protocol: tcp, ports: 443, \(peer): 0.0.0.0/0 }]`"
        guard let items = items(node, at: path, "`\(direction)` of \(context)", fix: fix) else { return [] }
        return items.enumerated().map { index, item in
            rule(item, at: "\(path).\(index)", context: "\(direction) rule \(index + 1) of \(context)", peer: peer, fix: fix)
                ?? IpPermission(ipProtocol: "-1")
        }
    }

    /// One rule; `peer` is `from` for ingress and `to` for egress.
    mutating func rule(_ node: Node, at path: String, context: String, peer: String, fix: String) -> IpPermission? {
        guard let object = object(node, path: path, context: context, allowed: ["protocol", "ports", "from", "to"], fix: fix) else { return nil }
        let wrongPeer = peer == "from" ? "to" : "from"
        if let keyNode = object.fields.keyNode(wrongPeer) {
            error(.wrongShape, "\(context) names its \(peer == "from" ? "sources with `from`" : "destinations with `to`")", at: keyNode,
                  fix: "rename `\(wrongPeer)` to `\(peer)`")
        } else {
            require(object, peer, fix: "add `\(peer): 0.0.0.0/0`, a CIDR block, an IPv6 block or a security group id")
        }
        let proto = read(object, "protocol", { $0.choice($1, $2, Self.protocols) }) ?? "tcp"
        var permission = IpPermission(ipProtocol: proto == "all" ? "-1" : proto)
        if let portsNode = object.fields["ports"] {
            if proto == "all" {
                error(.wrongShape, "\(context) covers all traffic and takes no `ports`", at: portsNode, fix: "remove `ports`, or name a protocol")
                unreadable.insert("\(path).ports")
            } else if let range = read(object, "ports", { $0.ports($1, $2) }) {
                permission.fromPort = range.lowerBound
                permission.toPort = range.upperBound
            }
        } else if proto == "tcp" || proto == "udp" {
            require(object, "ports", fix: "add `ports: 443` or `ports: \"8000-8080\"`")
        } else if proto == "icmp" {
            permission.fromPort = -1
            permission.toPort = -1
        }
        if let node = object.fields[peer] {
            let peerPath = "\(path).\(peer)"
            let what = "`\(peer)` of \(context)"
            let peers: [Node]
            if case .scalar = node { peers = [node] } else { peers = items(node, at: peerPath, what, fix: "write `\(peer): [10.0.0.0/8, sg-0a1]`") ?? [] }
            record(peerPath, node)
            for (index, peerNode) in peers.enumerated() {
                guard let text = read(peerNode, at: "\(peerPath).\(index)", what, { $0.string($1, $2) }) else { continue }
                if Self.isIPv4CIDR(text) {
                    permission.ipRanges.append(text)
                } else if Self.isIPv6CIDR(text) {
                    permission.ipv6Ranges.append(text)
                } else if text.hasPrefix("sg-") {
                    permission.userIdGroupPairs.append(text)
                } else {
                    error(.invalidValue, "\(what): '\(text)' is neither a CIDR block nor a security group id", at: peerNode,
                          fix: "write e.g. 0.0.0.0/0, 10.0.0.0/8, \"::/0\" or sg-0a1")
                }
            }
        }
        return permission
    }

    /// A port or a port range: `80`, `"8000-8080"`.
    mutating func ports(_ node: Node, _ what: String) -> ClosedRange<Int>? {
        guard let text = string(node, what) else { return nil }
        let bounds = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard (1...2).contains(bounds.count), let low = bounds.first ?? nil, let high = bounds.last ?? nil,
              (0...65_535).contains(low), (0...65_535).contains(high), low <= high else {
            error(.invalidValue, "\(what): '\(text)' is not a port or a port range", at: node, fix: "write a port such as 443, or a range in quotes such as \"8000-8080\"")
            return nil
        }
        return low...high
    }
}
