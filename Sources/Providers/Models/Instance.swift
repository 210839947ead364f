public import Foundation

/// The lifecycle state of an EC2 instance, with the numeric code AWS pairs with it.
public enum InstanceStateName: String, Hashable, Sendable, Codable, CaseIterable {
    case pending, running, stopping, stopped, terminated
    case shuttingDown = "shutting-down"

    /// The `InstanceState.Code` AWS returns with this name.
    public var code: Int {
        switch self {
        case .pending: 0
        case .running: 16
        case .shuttingDown: 32
        case .terminated: 48
        case .stopping: 64
        case .stopped: 80
        }
    }
}

/// A security group as an interface or instance refers to it.
public struct GroupIdentifier: Hashable, Sendable, Codable {
    public var groupId: String
    public var groupName: String

    public init(groupId: String, groupName: String) {
        self.groupId = groupId
        self.groupName = groupName
    }
}

/// The IAM instance profile associated with an instance.
public struct IamInstanceProfile: Hashable, Sendable, Codable {
    public var arn: String
    public var id: String

    public init(arn: String, id: String) {
        self.arn = arn
        self.id = id
    }
}

/// How a network interface is attached to an instance.
public struct NetworkInterfaceAttachment: Hashable, Sendable, Codable {
    public var attachmentId: String
    public var instanceId: String
    /// 0 for the primary interface (`eth0`).
    public var deviceIndex: Int
    /// `attaching`, `attached`, `detaching` or `detached`.
    public var status: String
    public var deleteOnTermination: Bool

    public init(attachmentId: String, instanceId: String, deviceIndex: Int, status: String, deleteOnTermination: Bool) {
        self.attachmentId = attachmentId
        self.instanceId = instanceId
        self.deviceIndex = deviceIndex
        self.status = status
        self.deleteOnTermination = deleteOnTermination
    }
}

/// An EBS volume as the instance's block device mapping shows it.
public struct InstanceBlockDeviceMapping: Hashable, Sendable, Codable {
    public var deviceName: String
    public var volumeId: String
    /// `attaching`, `attached`, `detaching` or `detached`.
    public var status: String
    public var deleteOnTermination: Bool

    public init(deviceName: String, volumeId: String, status: String, deleteOnTermination: Bool) {
        self.deviceName = deviceName
        self.volumeId = volumeId
        self.status = status
        self.deleteOnTermination = deleteOnTermination
    }
}

/// An EC2 instance, with the fields of `DescribeInstances` that incident response uses.
public struct Instance: Hashable, Sendable, Codable {
    public var instanceId: String
    public var imageId: String
    public var instanceType: String
    public var state: InstanceStateName
    /// Why the instance last changed state, e.g. "User initiated (2026-11-27 03:12:00 GMT)".
    public var stateTransitionReason: String
    public var launchTime: Date
    public var availabilityZone: String
    public var vpcId: String?
    public var subnetId: String?
    public var privateIpAddress: String?
    public var publicIpAddress: String?
    public var iamInstanceProfile: IamInstanceProfile?
    /// The groups of the primary interface, as `DescribeInstances` reports them.
    public var securityGroups: [GroupIdentifier]
    public var networkInterfaces: [InstanceNetworkInterface]
    public var blockDeviceMappings: [InstanceBlockDeviceMapping]
    public var rootDeviceName: String?
    public var tags: [Tag]

    public init(
        instanceId: String, imageId: String, instanceType: String, state: InstanceStateName,
        stateTransitionReason: String = "", launchTime: Date, availabilityZone: String,
        vpcId: String?, subnetId: String?, privateIpAddress: String?, publicIpAddress: String? = nil,
        iamInstanceProfile: IamInstanceProfile?, securityGroups: [GroupIdentifier],
        networkInterfaces: [InstanceNetworkInterface], blockDeviceMappings: [InstanceBlockDeviceMapping],
        rootDeviceName: String?, tags: [Tag]
    ) {
        self.instanceId = instanceId
        self.imageId = imageId
        self.instanceType = instanceType
        self.state = state
        self.stateTransitionReason = stateTransitionReason
        self.launchTime = launchTime
        self.availabilityZone = availabilityZone
        self.vpcId = vpcId
        self.subnetId = subnetId
        self.privateIpAddress = privateIpAddress
        self.publicIpAddress = publicIpAddress
        self.iamInstanceProfile = iamInstanceProfile
        self.securityGroups = securityGroups
        self.networkInterfaces = networkInterfaces
        self.blockDeviceMappings = blockDeviceMappings
        self.rootDeviceName = rootDeviceName
        self.tags = tags
    }
}

/// A network interface as `DescribeInstances` nests it under its instance.
public struct InstanceNetworkInterface: Hashable, Sendable, Codable {
    public var networkInterfaceId: String
    public var subnetId: String
    public var vpcId: String
    public var privateIpAddress: String
    public var groups: [GroupIdentifier]
    public var attachment: NetworkInterfaceAttachment

    public init(networkInterfaceId: String, subnetId: String, vpcId: String, privateIpAddress: String, groups: [GroupIdentifier], attachment: NetworkInterfaceAttachment) {
        self.networkInterfaceId = networkInterfaceId
        self.subnetId = subnetId
        self.vpcId = vpcId
        self.privateIpAddress = privateIpAddress
        self.groups = groups
        self.attachment = attachment
    }
}

/// A group of instances launched together (`DescribeInstances` returns instances inside reservations).
public struct Reservation: Hashable, Sendable, Codable {
    public var reservationId: String
    public var ownerId: String
    public var instances: [Instance]

    public init(reservationId: String, ownerId: String, instances: [Instance]) {
        self.reservationId = reservationId
        self.ownerId = ownerId
        self.instances = instances
    }
}
