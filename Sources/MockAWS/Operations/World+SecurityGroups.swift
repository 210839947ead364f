import Foundation
import Providers

extension World {
    /// Checks that every group exists and belongs to `vpc`, as an interface requires.
    func requireGroups(_ groupIds: [String], inVPC vpc: String) throws(AWSError) {
        if groupIds.isEmpty { throw AWSError(.missingParameter, "The request must contain at least one security group") }
        if groupIds.count > 5 { throw AWSError("SecurityGroupsPerInterfaceLimitExceeded", "The maximum number of security groups per interface has been reached.") }
        for id in groupIds {
            try IDShape.require(id, prefix: "sg", code: .invalidGroupIDMalformed)
            guard let group = securityGroups[id], group.vpcId == vpc else {
                throw AWSError(.invalidGroupNotFound, "The security group '\(id)' does not exist in VPC '\(vpc)'")
            }
        }
    }

    func requireGroup(_ id: String) throws(AWSError) -> SecurityGroup {
        try IDShape.require(id, prefix: "sg", code: .invalidGroupIDMalformed)
        guard let group = securityGroups[id] else { throw AWSError(.invalidGroupNotFound, "The security group '\(id)' does not exist") }
        return group
    }

    func describeSecurityGroups(_ input: DescribeSecurityGroupsInput) throws(AWSError) -> DescribeSecurityGroupsOutput {
        try requireKnown(input.filters, ["group-id", "group-name", "vpc-id", "description"])
        var groups: [SecurityGroup] = []
        if input.groupIds.isEmpty {
            groups = securityGroups.values
        } else {
            for id in input.groupIds { groups.append(try requireGroup(id)) }
        }
        groups = groups.filter { group in
            input.filters.allSatisfy { filter in
                if let byTag = FilterMatch.tags(filter, group.tags) { return byTag }
                switch filter.name {
                case "group-id": return FilterMatch.any(filter.values, group.groupId)
                case "group-name": return FilterMatch.any(filter.values, group.groupName)
                case "vpc-id": return FilterMatch.any(filter.values, group.vpcId)
                default: return FilterMatch.any(filter.values, group.description)
                }
            }
        }
        let (page, next) = try Pagination.ec2.page(groups, limit: input.maxResults, token: input.nextToken)
        return DescribeSecurityGroupsOutput(securityGroups: page, nextToken: next)
    }

    mutating func createSecurityGroup(_ input: CreateSecurityGroupInput) throws(AWSError) -> CreateSecurityGroupOutput {
        guard vpcs.contains(input.vpcId) else { throw AWSError(.invalidVpcIDNotFound, "The vpc ID '\(input.vpcId)' does not exist") }
        guard !input.groupName.isEmpty, input.groupName.count <= 255, !input.groupName.hasPrefix("sg-") else {
            throw AWSError(.invalidParameterValue, "Group names must be 1 to 255 characters and may not be in the format sg-*")
        }
        guard !input.description.isEmpty, input.description.count <= 255 else {
            throw AWSError(.invalidParameterValue, "A group description of 1 to 255 characters is required")
        }
        if securityGroups.values.contains(where: { $0.vpcId == input.vpcId && $0.groupName == input.groupName }) {
            throw AWSError(.invalidGroupDuplicate, "The security group '\(input.groupName)' already exists for VPC '\(input.vpcId)'")
        }
        try validateTags(input.tags, existing: [])
        let id = ids.next("sg")
        securityGroups[id] = SecurityGroup(
            groupId: id, groupName: input.groupName, description: input.description, vpcId: input.vpcId, ownerId: accountId,
            ipPermissions: [], ipPermissionsEgress: [.allIPv4Traffic], tags: input.tags
        )
        return CreateSecurityGroupOutput(groupId: id)
    }

    mutating func authorize(_ permissions: [IpPermission], on groupId: String, egress: Bool) throws(AWSError) {
        var group = try requireGroup(groupId)
        var rules = egress ? group.ipPermissionsEgress : group.ipPermissions
        let existing = Set(rules.flatMap(\.atoms))
        var adding: [RuleAtom] = []
        for permission in permissions {
            try validate(permission)
            for pair in permission.userIdGroupPairs where securityGroups[pair] == nil {
                throw AWSError(.invalidGroupNotFound, "The security group '\(pair)' does not exist")
            }
            for atom in permission.atoms {
                if existing.contains(atom) || adding.contains(atom) {
                    throw AWSError(.invalidPermissionDuplicate, "the specified rule \"peer: \(atom.peer), \(atom.ipProtocol.uppercased()), from port: \(atom.fromPort.map(String.init) ?? "all"), to port: \(atom.toPort.map(String.init) ?? "all"), ALLOW\" already exists")
                }
                adding.append(atom)
            }
        }
        rules = RuleAtom.merge(rules.flatMap(\.atoms) + adding)
        if egress { group.ipPermissionsEgress = rules } else { group.ipPermissions = rules }
        securityGroups[groupId] = group
    }

    mutating func revokeEgress(_ input: RevokeSecurityGroupEgressInput) throws(AWSError) -> RevokeSecurityGroupEgressOutput {
        var group = try requireGroup(input.groupId)
        var atoms = group.ipPermissionsEgress.flatMap(\.atoms)
        var unknown: [IpPermission] = []
        for permission in input.ipPermissions {
            try validate(permission)
            let requested = permission.atoms
            let missing = requested.filter { !atoms.contains($0) }
            atoms.removeAll { requested.contains($0) }
            if !missing.isEmpty { unknown.append(contentsOf: RuleAtom.merge(missing)) }
        }
        group.ipPermissionsEgress = RuleAtom.merge(atoms)
        securityGroups[input.groupId] = group
        return RevokeSecurityGroupEgressOutput(unknownIpPermissions: unknown)
    }

    func validate(_ permission: IpPermission) throws(AWSError) {
        switch permission.ipProtocol {
        case "-1", "icmp", "icmpv6":
            break
        case "tcp", "udp":
            guard let from = permission.fromPort, let to = permission.toPort, 0 <= from, from <= to, to <= 65_535 else {
                throw AWSError(.invalidParameterValue, "Invalid port range: \(permission.ipProtocol) rules need FromPort ≤ ToPort within 0–65535")
            }
        default:
            throw AWSError(.invalidParameterValue, "Invalid value '\(permission.ipProtocol)' for IP protocol. Unknown protocol.")
        }
        if permission.ipRanges.isEmpty && permission.ipv6Ranges.isEmpty && permission.userIdGroupPairs.isEmpty {
            throw AWSError(.missingParameter, "The request must contain a CIDR range or a source security group")
        }
    }

    func describeNetworkInterfaces(_ input: DescribeNetworkInterfacesInput) throws(AWSError) -> DescribeNetworkInterfacesOutput {
        try requireKnown(input.filters, ["network-interface-id", "attachment.instance-id", "group-id", "vpc-id", "subnet-id", "status"])
        var records: [InterfaceRecord] = []
        if input.networkInterfaceIds.isEmpty, let attached = Self.singleValue(of: "attachment.instance-id", in: input.filters) {
            records = (instances[attached]?.interfaceIds ?? []).compactMap { interfaces[$0] }.filter { $0.attachment?.instanceId == attached }
        } else if input.networkInterfaceIds.isEmpty {
            records = interfaces.values
        } else {
            for id in input.networkInterfaceIds { try IDShape.require(id, prefix: "eni", code: .invalidNetworkInterfaceIDMalformed) }
            let missing = input.networkInterfaceIds.filter { interfaces[$0] == nil }
            guard missing.isEmpty else { throw IDShape.notFound(.invalidNetworkInterfaceIDNotFound, noun: "networkInterface", missing) }
            records = input.networkInterfaceIds.compactMap { interfaces[$0] }
        }
        let described = records.map(describe).filter { interface in
            input.filters.allSatisfy { filter in
                if let byTag = FilterMatch.tags(filter, interface.tags) { return byTag }
                switch filter.name {
                case "network-interface-id": return FilterMatch.any(filter.values, interface.networkInterfaceId)
                case "attachment.instance-id": return FilterMatch.any(filter.values, interface.attachment?.instanceId)
                case "group-id": return interface.groups.contains { FilterMatch.any(filter.values, $0.groupId) }
                case "vpc-id": return FilterMatch.any(filter.values, interface.vpcId)
                case "subnet-id": return FilterMatch.any(filter.values, interface.subnetId)
                default: return FilterMatch.any(filter.values, interface.status)
                }
            }
        }
        let (page, next) = try Pagination.ec2.page(described, limit: input.maxResults, token: input.nextToken)
        return DescribeNetworkInterfacesOutput(networkInterfaces: page, nextToken: next)
    }

    mutating func modifyNetworkInterfaceAttribute(_ input: ModifyNetworkInterfaceAttributeInput) throws(AWSError) {
        try IDShape.require(input.networkInterfaceId, prefix: "eni", code: .invalidNetworkInterfaceIDMalformed)
        guard let interface = interfaces[input.networkInterfaceId] else {
            throw IDShape.notFound(.invalidNetworkInterfaceIDNotFound, noun: "networkInterface", [input.networkInterfaceId])
        }
        try requireGroups(input.groups, inVPC: interface.vpcId)
        setGroups(input.groups, on: interface.id)
    }
}

/// One rule reduced to a single protocol, port range and peer, so rules compare exactly.
struct RuleAtom: Hashable {
    var ipProtocol: String
    var fromPort: Int?
    var toPort: Int?
    var peer: String

    /// Regroups atoms into permissions, one per protocol and port range, in first-seen order.
    static func merge(_ atoms: [RuleAtom]) -> [IpPermission] {
        var order: [String] = []
        var merged: [String: IpPermission] = [:]
        for atom in atoms {
            let key = "\(atom.ipProtocol)|\(atom.fromPort.map(String.init) ?? "")|\(atom.toPort.map(String.init) ?? "")"
            if merged[key] == nil {
                order.append(key)
                merged[key] = IpPermission(ipProtocol: atom.ipProtocol, fromPort: atom.fromPort, toPort: atom.toPort)
            }
            if atom.peer.hasPrefix("sg-") {
                if !merged[key]!.userIdGroupPairs.contains(atom.peer) { merged[key]!.userIdGroupPairs.append(atom.peer) }
            } else if atom.peer.contains(":") {
                if !merged[key]!.ipv6Ranges.contains(atom.peer) { merged[key]!.ipv6Ranges.append(atom.peer) }
            } else if !merged[key]!.ipRanges.contains(atom.peer) {
                merged[key]!.ipRanges.append(atom.peer)
            }
        }
        return order.compactMap { merged[$0] }
    }
}

extension IpPermission {
    /// The rule split into one atom per peer.
    var atoms: [RuleAtom] {
        let ports = ipProtocol == "-1" ? (nil, nil) : (fromPort, toPort)
        return (ipRanges + ipv6Ranges + userIdGroupPairs).map { RuleAtom(ipProtocol: ipProtocol, fromPort: ports.0, toPort: ports.1, peer: $0) }
    }
}
