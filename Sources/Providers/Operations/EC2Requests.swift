// Inputs and outputs of the EC2 operations irun calls (API version 2016-11-15).

/// `DescribeInstances`: instances by id and/or filters, paginated.
public struct DescribeInstancesInput: AWSRequest, Hashable {
    public static let operation = AWSOperation.describeInstances
    public var instanceIds: [String]
    public var filters: [Filter]
    /// 5–1000; cannot be combined with `instanceIds`.
    public var maxResults: Int?
    public var nextToken: String?
    public var resourceIDs: [String] { instanceIds }

    public init(instanceIds: [String] = [], filters: [Filter] = [], maxResults: Int? = nil, nextToken: String? = nil) {
        self.instanceIds = instanceIds
        self.filters = filters
        self.maxResults = maxResults
        self.nextToken = nextToken
    }
}

public struct DescribeInstancesOutput: Hashable, Sendable, Codable {
    public var reservations: [Reservation]
    public var nextToken: String?
    /// Every instance of every reservation, in order.
    public var instances: [Instance] { reservations.flatMap(\.instances) }

    public init(reservations: [Reservation], nextToken: String?) {
        self.reservations = reservations
        self.nextToken = nextToken
    }
}

/// `DescribeNetworkInterfaces`: interfaces by id and/or filters (`attachment.instance-id`, `group-id`, `vpc-id`).
public struct DescribeNetworkInterfacesInput: AWSRequest, Hashable {
    public static let operation = AWSOperation.describeNetworkInterfaces
    public var networkInterfaceIds: [String]
    public var filters: [Filter]
    public var maxResults: Int?
    public var nextToken: String?
    public var resourceIDs: [String] { networkInterfaceIds + filters.filter { $0.name == "attachment.instance-id" }.flatMap(\.values) }

    public init(networkInterfaceIds: [String] = [], filters: [Filter] = [], maxResults: Int? = nil, nextToken: String? = nil) {
        self.networkInterfaceIds = networkInterfaceIds
        self.filters = filters
        self.maxResults = maxResults
        self.nextToken = nextToken
    }
}

public struct DescribeNetworkInterfacesOutput: Hashable, Sendable, Codable {
    public var networkInterfaces: [NetworkInterface]
    public var nextToken: String?

    public init(networkInterfaces: [NetworkInterface], nextToken: String?) {
        self.networkInterfaces = networkInterfaces
        self.nextToken = nextToken
    }
}

/// `DescribeSecurityGroups`: groups by id and/or filters (`vpc-id`, `group-name`, `tag:KEY`).
public struct DescribeSecurityGroupsInput: AWSRequest, Hashable {
    public static let operation = AWSOperation.describeSecurityGroups
    public var groupIds: [String]
    public var filters: [Filter]
    public var maxResults: Int?
    public var nextToken: String?
    public var resourceIDs: [String] { groupIds }

    public init(groupIds: [String] = [], filters: [Filter] = [], maxResults: Int? = nil, nextToken: String? = nil) {
        self.groupIds = groupIds
        self.filters = filters
        self.maxResults = maxResults
        self.nextToken = nextToken
    }
}

public struct DescribeSecurityGroupsOutput: Hashable, Sendable, Codable {
    public var securityGroups: [SecurityGroup]
    public var nextToken: String?

    public init(securityGroups: [SecurityGroup], nextToken: String?) {
        self.securityGroups = securityGroups
        self.nextToken = nextToken
    }
}

/// `CreateSecurityGroup` in a VPC. AWS gives the new group one egress rule: all traffic to 0.0.0.0/0.
public struct CreateSecurityGroupInput: AWSRequest, Hashable {
    public static let operation = AWSOperation.createSecurityGroup
    public var groupName: String
    public var description: String
    public var vpcId: String
    public var tags: [Tag]
    public var resourceIDs: [String] { [vpcId] }

    public init(groupName: String, description: String, vpcId: String, tags: [Tag] = []) {
        self.groupName = groupName
        self.description = description
        self.vpcId = vpcId
        self.tags = tags
    }
}

public struct CreateSecurityGroupOutput: Hashable, Sendable, Codable {
    public var groupId: String

    public init(groupId: String) { self.groupId = groupId }
}

/// `AuthorizeSecurityGroupIngress`.
public struct AuthorizeSecurityGroupIngressInput: AWSRequest, Hashable {
    public static let operation = AWSOperation.authorizeSecurityGroupIngress
    public var groupId: String
    public var ipPermissions: [IpPermission]
    public var resourceIDs: [String] { [groupId] }

    public init(groupId: String, ipPermissions: [IpPermission]) {
        self.groupId = groupId
        self.ipPermissions = ipPermissions
    }
}

/// `AuthorizeSecurityGroupEgress`.
public struct AuthorizeSecurityGroupEgressInput: AWSRequest, Hashable {
    public static let operation = AWSOperation.authorizeSecurityGroupEgress
    public var groupId: String
    public var ipPermissions: [IpPermission]
    public var resourceIDs: [String] { [groupId] }

    public init(groupId: String, ipPermissions: [IpPermission]) {
        self.groupId = groupId
        self.ipPermissions = ipPermissions
    }
}

/// `RevokeSecurityGroupEgress`.
public struct RevokeSecurityGroupEgressInput: AWSRequest, Hashable {
    public static let operation = AWSOperation.revokeSecurityGroupEgress
    public var groupId: String
    public var ipPermissions: [IpPermission]
    public var resourceIDs: [String] { [groupId] }

    public init(groupId: String, ipPermissions: [IpPermission]) {
        self.groupId = groupId
        self.ipPermissions = ipPermissions
    }
}

/// The answer to `RevokeSecurityGroupEgress`: AWS succeeds even when a rule did not exist and lists it here.
public struct RevokeSecurityGroupEgressOutput: Hashable, Sendable, Codable {
    public var unknownIpPermissions: [IpPermission]

    public init(unknownIpPermissions: [IpPermission]) { self.unknownIpPermissions = unknownIpPermissions }
}
