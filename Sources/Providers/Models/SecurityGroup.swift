/// A security group with its inbound and outbound rules.
public struct SecurityGroup: Hashable, Sendable, Codable {
    public var groupId: String
    public var groupName: String
    public var description: String
    public var vpcId: String
    public var ownerId: String
    /// Inbound rules.
    public var ipPermissions: [IpPermission]
    /// Outbound rules. A new VPC group gets one: all traffic to 0.0.0.0/0.
    public var ipPermissionsEgress: [IpPermission]
    public var tags: [Tag]

    public init(groupId: String, groupName: String, description: String, vpcId: String, ownerId: String, ipPermissions: [IpPermission], ipPermissionsEgress: [IpPermission], tags: [Tag]) {
        self.groupId = groupId
        self.groupName = groupName
        self.description = description
        self.vpcId = vpcId
        self.ownerId = ownerId
        self.ipPermissions = ipPermissions
        self.ipPermissionsEgress = ipPermissionsEgress
        self.tags = tags
    }
}

/// One security group rule set: a protocol, a port range, and the sources (or destinations) it admits.
public struct IpPermission: Hashable, Sendable, Codable {
    /// `tcp`, `udp`, `icmp`, or `-1` for all traffic.
    public var ipProtocol: String
    /// The first port (or ICMP type); `nil` with protocol `-1`.
    public var fromPort: Int?
    /// The last port (or ICMP code); `nil` with protocol `-1`.
    public var toPort: Int?
    /// IPv4 CIDR blocks.
    public var ipRanges: [String]
    /// IPv6 CIDR blocks.
    public var ipv6Ranges: [String]
    /// Other security groups, by id.
    public var userIdGroupPairs: [String]

    public init(ipProtocol: String, fromPort: Int? = nil, toPort: Int? = nil, ipRanges: [String] = [], ipv6Ranges: [String] = [], userIdGroupPairs: [String] = []) {
        self.ipProtocol = ipProtocol
        self.fromPort = fromPort
        self.toPort = toPort
        self.ipRanges = ipRanges
        self.ipv6Ranges = ipv6Ranges
        self.userIdGroupPairs = userIdGroupPairs
    }

    /// All traffic to or from anywhere (IPv4 and IPv6): the rule whose presence in both directions makes flows untracked.
    public static let allTraffic = IpPermission(ipProtocol: "-1", ipRanges: ["0.0.0.0/0"], ipv6Ranges: ["::/0"])

    /// All IPv4 traffic to anywhere: the egress rule AWS puts in every new VPC security group.
    public static let allIPv4Traffic = IpPermission(ipProtocol: "-1", ipRanges: ["0.0.0.0/0"])

    /// Whether this rule admits TCP traffic on `port`.
    ///
    /// - Parameter port: A TCP port.
    /// - Returns: `true` for all-traffic rules and TCP rules whose range covers the port.
    public func admitsTCP(port: Int) -> Bool {
        if ipProtocol == "-1" || ipProtocol == "all" { return true }
        guard ipProtocol == "tcp" || ipProtocol == "6" else { return false }
        return (fromPort ?? 0) <= port && port <= (toPort ?? 65535)
    }
}
