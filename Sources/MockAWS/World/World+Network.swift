import Providers

extension World {
    /// Replaces an interface's security groups, with AWS's connection-tracking semantics.
    ///
    /// Changing groups does not cut connections the old groups were tracking: they carry on.
    /// A group pair that allows all traffic in and out turns flows untracked; untracked flows
    /// end as soon as the groups no longer admit them. Hence the two-step isolation: first an
    /// allow-all group (flows become untracked), then a group with no rules (they end).
    mutating func setGroups(_ groupIds: [String], on interfaceId: String) {
        guard var interface = interfaces[interfaceId] else { return }
        interface.groupIds = groupIds
        if allowsAllTraffic(groupIds) {
            interface.untrackedConnections += interface.trackedConnections
            interface.trackedConnections = 0
        } else {
            interface.untrackedConnections = 0
        }
        interfaces[interfaceId] = interface
    }

    /// Whether the groups admit all traffic from and to anywhere (which makes flows untracked).
    func allowsAllTraffic(_ groupIds: [String]) -> Bool {
        let groups = groupIds.compactMap { securityGroups[$0] }
        func everything(_ rules: [IpPermission]) -> Bool { rules.contains { $0.ipProtocol == "-1" && $0.ipRanges.contains("0.0.0.0/0") } }
        return groups.contains { everything($0.ipPermissions) } && groups.contains { everything($0.ipPermissionsEgress) }
    }

    /// The groups as interfaces and instances cite them (id and name).
    func groupIdentifiers(_ ids: [String]) -> [GroupIdentifier] {
        ids.map { GroupIdentifier(groupId: $0, groupName: securityGroups[$0]?.groupName ?? $0) }
    }
}
