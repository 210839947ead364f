import Providers
import RunbookModel

/// Finds or creates the two security groups isolation uses in a VPC:
///
/// - `irun-quarantine-<vpc>`: no inbound and no outbound rules (AWS's default egress rule is
///   revoked after creation);
/// - `irun-untrack-<vpc>`: all traffic in and out, from and to anywhere (IPv4 and IPv6). An
///   interface passing through it has its tracked connections turned untracked, so the
///   quarantine group then cuts them.
///
/// Both are reused by later runs, and a half-made group (created, but a rule change not yet
/// made) is completed rather than duplicated.
struct QuarantineGroups: Sendable {
    let ec2: any EC2
    let vpcId: String

    static let quarantineDescription = "irun quarantine: no inbound or outbound traffic"
    static let untrackDescription = "irun isolation step: allows all traffic so that existing connections become untracked"
    static let purposeTag = "irun-purpose"

    var quarantineName: String { "irun-quarantine-\(vpcId)" }
    var untrackName: String { "irun-untrack-\(vpcId)" }

    /// The group called `name` in the VPC, if it exists.
    func find(_ name: String) async throws -> SecurityGroup? {
        let filters = [Filter(name: "group-name", values: [name]), Filter(name: "vpc-id", values: [vpcId])]
        let groups = try await collectPages { token in
            let page = try await ec2.describeSecurityGroups(DescribeSecurityGroupsInput(filters: filters, nextToken: token))
            return (page.securityGroups, page.nextToken)
        }
        return groups.first { $0.groupName == name && $0.vpcId == vpcId }
    }

    /// The quarantine group's id, creating it (and emptying its egress) when needed.
    ///
    /// - Throws: ``ActionError`` `QuarantineGroupHasRules` when an existing group of that name admits inbound traffic.
    func quarantine() async throws -> String {
        try await ProvisioningLock.current.withLock(quarantineName) { try await provisionQuarantine() }
    }

    private func provisionQuarantine() async throws -> String {
        let group = try await findOrCreate(quarantineName, description: Self.quarantineDescription, purpose: "quarantine")
        guard group.ipPermissions.isEmpty else {
            throw ActionError(code: "QuarantineGroupHasRules", message: "security group \(group.groupId) (\(quarantineName)) has inbound rules, so it is no quarantine; remove them or name another group with the quarantineGroup input")
        }
        if !group.ipPermissionsEgress.isEmpty {
            _ = try await ec2.revokeSecurityGroupEgress(RevokeSecurityGroupEgressInput(groupId: group.groupId, ipPermissions: group.ipPermissionsEgress))
        }
        return group.groupId
    }

    /// The allow-all group's id, creating it and adding whichever allow-all rules it lacks.
    func untrack() async throws -> String {
        try await ProvisioningLock.current.withLock(untrackName) { try await provisionUntrack() }
    }

    private func provisionUntrack() async throws -> String {
        let group = try await findOrCreate(untrackName, description: Self.untrackDescription, purpose: "untrack")
        if let missing = Self.missingAllowAll(group.ipPermissions) {
            try await Self.tolerateDuplicate {
                try await ec2.authorizeSecurityGroupIngress(AuthorizeSecurityGroupIngressInput(groupId: group.groupId, ipPermissions: [missing]))
            }
        }
        if let missing = Self.missingAllowAll(group.ipPermissionsEgress) {
            try await Self.tolerateDuplicate {
                try await ec2.authorizeSecurityGroupEgress(AuthorizeSecurityGroupEgressInput(groupId: group.groupId, ipPermissions: [missing]))
            }
        }
        return group.groupId
    }

    /// Runs an authorize call; `InvalidPermission.Duplicate` means a parallel run (fleet mode)
    /// added the rule since we looked, which is the state wanted.
    static func tolerateDuplicate(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as AWSError where error.code == .invalidPermissionDuplicate {
            return
        }
    }

    /// The part of "all traffic from/to 0.0.0.0/0 and ::/0" that `rules` lack, or `nil` when none is missing.
    static func missingAllowAll(_ rules: [IpPermission]) -> IpPermission? {
        let all = rules.filter { $0.ipProtocol == "-1" }
        let v4 = all.contains { $0.ipRanges.contains("0.0.0.0/0") } ? [] : ["0.0.0.0/0"]
        let v6 = all.contains { $0.ipv6Ranges.contains("::/0") } ? [] : ["::/0"]
        return v4.isEmpty && v6.isEmpty ? nil : IpPermission(ipProtocol: "-1", ipRanges: v4, ipv6Ranges: v6)
    }

    /// Whether a group is a finished quarantine group (no rules either way).
    static func isEmpty(_ group: SecurityGroup) -> Bool { group.ipPermissions.isEmpty && group.ipPermissionsEgress.isEmpty }

    private func findOrCreate(_ name: String, description: String, purpose: String) async throws -> SecurityGroup {
        if let group = try await find(name) { return group }
        do {
            let created = try await ec2.createSecurityGroup(CreateSecurityGroupInput(
                groupName: name, description: description, vpcId: vpcId, tags: [Tag(key: Self.purposeTag, value: purpose)]
            ))
            // A new VPC group has AWS's default egress rule: all IPv4 traffic.
            return SecurityGroup(
                groupId: created.groupId, groupName: name, description: description, vpcId: vpcId, ownerId: "",
                ipPermissions: [], ipPermissionsEgress: [.allIPv4Traffic], tags: []
            )
        } catch let error as AWSError where error.code == .invalidGroupDuplicate {
            // Another run created it between our look-up and our create.
            if let group = try await find(name) { return group }
            throw error
        }
    }
}
