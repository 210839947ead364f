/// An elastic network interface (ENI), with the fields of `DescribeNetworkInterfaces` irun uses.
public struct NetworkInterface: Hashable, Sendable, Codable {
    public var networkInterfaceId: String
    public var subnetId: String
    public var vpcId: String
    public var availabilityZone: String
    public var privateIpAddress: String
    public var description: String
    /// `available`, `in-use`, `attaching`, `detaching`.
    public var status: String
    public var groups: [GroupIdentifier]
    public var attachment: NetworkInterfaceAttachment?
    public var tags: [Tag]

    public init(
        networkInterfaceId: String, subnetId: String, vpcId: String, availabilityZone: String,
        privateIpAddress: String, description: String, status: String, groups: [GroupIdentifier],
        attachment: NetworkInterfaceAttachment?, tags: [Tag]
    ) {
        self.networkInterfaceId = networkInterfaceId
        self.subnetId = subnetId
        self.vpcId = vpcId
        self.availabilityZone = availabilityZone
        self.privateIpAddress = privateIpAddress
        self.description = description
        self.status = status
        self.groups = groups
        self.attachment = attachment
        self.tags = tags
    }
}
