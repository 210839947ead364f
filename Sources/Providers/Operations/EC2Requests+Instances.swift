/// One attribute change of `ModifyInstanceAttribute` (AWS accepts one attribute per call).
public enum InstanceAttributeChange: Hashable, Sendable, Codable {
    /// `DisableApiTermination`: termination protection. Auto Scaling ignores it.
    case disableApiTermination(Bool)
    /// `InstanceInitiatedShutdownBehavior`: `stop` or `terminate`.
    case instanceInitiatedShutdownBehavior(String)
    /// `GroupId.N`: the groups of the instance's only interface. Fails on instances with several interfaces.
    case groups([String])
}

/// `ModifyInstanceAttribute`.
public struct ModifyInstanceAttributeInput: AWSRequest, Hashable {
    public static let operation = AWSOperation.modifyInstanceAttribute
    public var instanceId: String
    public var change: InstanceAttributeChange
    public var resourceIDs: [String] { [instanceId] }

    public init(instanceId: String, change: InstanceAttributeChange) {
        self.instanceId = instanceId
        self.change = change
    }
}

/// The attributes `DescribeInstanceAttribute` can read that irun uses.
public enum InstanceAttributeName: String, Hashable, Sendable, Codable, CaseIterable {
    case disableApiTermination, instanceInitiatedShutdownBehavior, groupSet
}

/// `DescribeInstanceAttribute`.
public struct DescribeInstanceAttributeInput: AWSRequest, Hashable {
    public static let operation = AWSOperation.describeInstanceAttribute
    public var instanceId: String
    public var attribute: InstanceAttributeName
    public var resourceIDs: [String] { [instanceId] }

    public init(instanceId: String, attribute: InstanceAttributeName) {
        self.instanceId = instanceId
        self.attribute = attribute
    }
}

/// The answer to `DescribeInstanceAttribute`: exactly the field asked for is set.
public struct DescribeInstanceAttributeOutput: Hashable, Sendable, Codable {
    public var instanceId: String
    public var disableApiTermination: Bool?
    public var instanceInitiatedShutdownBehavior: String?
    public var groups: [GroupIdentifier]?

    public init(instanceId: String, disableApiTermination: Bool? = nil, instanceInitiatedShutdownBehavior: String? = nil, groups: [GroupIdentifier]? = nil) {
        self.instanceId = instanceId
        self.disableApiTermination = disableApiTermination
        self.instanceInitiatedShutdownBehavior = instanceInitiatedShutdownBehavior
        self.groups = groups
    }
}

/// `ModifyNetworkInterfaceAttribute` with `SecurityGroupId.N`: replaces the interface's groups.
public struct ModifyNetworkInterfaceAttributeInput: AWSRequest, Hashable {
    public static let operation = AWSOperation.modifyNetworkInterfaceAttribute
    public var networkInterfaceId: String
    public var groups: [String]
    public var resourceIDs: [String] { [networkInterfaceId] + groups }

    public init(networkInterfaceId: String, groups: [String]) {
        self.networkInterfaceId = networkInterfaceId
        self.groups = groups
    }
}

/// `StopInstances`.
public struct StopInstancesInput: AWSRequest, Hashable {
    public static let operation = AWSOperation.stopInstances
    public var instanceIds: [String]
    public var force: Bool
    public var resourceIDs: [String] { instanceIds }

    public init(instanceIds: [String], force: Bool = false) {
        self.instanceIds = instanceIds
        self.force = force
    }
}

/// One instance's state change, as `StopInstances` reports it.
public struct InstanceStateChange: Hashable, Sendable, Codable {
    public var instanceId: String
    public var previousState: InstanceStateName
    public var currentState: InstanceStateName

    public init(instanceId: String, previousState: InstanceStateName, currentState: InstanceStateName) {
        self.instanceId = instanceId
        self.previousState = previousState
        self.currentState = currentState
    }
}

public struct StopInstancesOutput: Hashable, Sendable, Codable {
    public var stoppingInstances: [InstanceStateChange]

    public init(stoppingInstances: [InstanceStateChange]) { self.stoppingInstances = stoppingInstances }
}

/// `CreateTags`: adds or overwrites tags on any EC2 resources.
public struct CreateTagsInput: AWSRequest, Hashable {
    public static let operation = AWSOperation.createTags
    public var resources: [String]
    public var tags: [Tag]
    public var resourceIDs: [String] { resources }

    public init(resources: [String], tags: [Tag]) {
        self.resources = resources
        self.tags = tags
    }
}

/// A tag to delete: with a value, only if the value matches; without, whatever the value.
public struct TagToDelete: Hashable, Sendable, Codable {
    public var key: String
    public var value: String?

    public init(key: String, value: String? = nil) {
        self.key = key
        self.value = value
    }
}

/// `DeleteTags`.
public struct DeleteTagsInput: AWSRequest, Hashable {
    public static let operation = AWSOperation.deleteTags
    public var resources: [String]
    public var tags: [TagToDelete]
    public var resourceIDs: [String] { resources }

    public init(resources: [String], tags: [TagToDelete]) {
        self.resources = resources
        self.tags = tags
    }
}
