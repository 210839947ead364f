// Inputs and outputs of the Auto Scaling operations irun calls (API version 2011-01-01).

/// `DescribeAutoScalingInstances`: which group each instance belongs to. Instances in no group are simply absent.
public struct DescribeAutoScalingInstancesInput: AWSRequest, Hashable {
    public static let operation = AWSOperation.describeAutoScalingInstances
    public var instanceIds: [String]
    public var maxRecords: Int?
    public var nextToken: String?
    public var resourceIDs: [String] { instanceIds }

    public init(instanceIds: [String] = [], maxRecords: Int? = nil, nextToken: String? = nil) {
        self.instanceIds = instanceIds
        self.maxRecords = maxRecords
        self.nextToken = nextToken
    }
}

public struct DescribeAutoScalingInstancesOutput: Hashable, Sendable, Codable {
    public var autoScalingInstances: [AutoScalingInstanceDetails]
    public var nextToken: String?

    public init(autoScalingInstances: [AutoScalingInstanceDetails], nextToken: String?) {
        self.autoScalingInstances = autoScalingInstances
        self.nextToken = nextToken
    }
}

/// `DescribeAutoScalingGroups`: groups by name (all when empty), paginated.
public struct DescribeAutoScalingGroupsInput: AWSRequest, Hashable {
    public static let operation = AWSOperation.describeAutoScalingGroups
    public var autoScalingGroupNames: [String]
    /// At most 100.
    public var maxRecords: Int?
    public var nextToken: String?
    public var resourceIDs: [String] { autoScalingGroupNames }

    public init(autoScalingGroupNames: [String] = [], maxRecords: Int? = nil, nextToken: String? = nil) {
        self.autoScalingGroupNames = autoScalingGroupNames
        self.maxRecords = maxRecords
        self.nextToken = nextToken
    }
}

public struct DescribeAutoScalingGroupsOutput: Hashable, Sendable, Codable {
    public var autoScalingGroups: [AutoScalingGroup]
    public var nextToken: String?

    public init(autoScalingGroups: [AutoScalingGroup], nextToken: String?) {
        self.autoScalingGroups = autoScalingGroups
        self.nextToken = nextToken
    }
}

/// `DetachInstances`: removes instances from a group; without decrementing, the group launches replacements.
public struct DetachInstancesInput: AWSRequest, Hashable {
    public static let operation = AWSOperation.detachInstances
    public var instanceIds: [String]
    public var autoScalingGroupName: String
    public var shouldDecrementDesiredCapacity: Bool
    public var resourceIDs: [String] { instanceIds + [autoScalingGroupName] }

    public init(instanceIds: [String], autoScalingGroupName: String, shouldDecrementDesiredCapacity: Bool) {
        self.instanceIds = instanceIds
        self.autoScalingGroupName = autoScalingGroupName
        self.shouldDecrementDesiredCapacity = shouldDecrementDesiredCapacity
    }
}

public struct DetachInstancesOutput: Hashable, Sendable, Codable {
    public var activities: [ScalingActivity]

    public init(activities: [ScalingActivity]) { self.activities = activities }
}

/// `AttachInstances`: adds running instances to a group, raising its desired capacity by as many.
public struct AttachInstancesInput: AWSRequest, Hashable {
    public static let operation = AWSOperation.attachInstances
    public var instanceIds: [String]
    public var autoScalingGroupName: String
    public var resourceIDs: [String] { instanceIds + [autoScalingGroupName] }

    public init(instanceIds: [String], autoScalingGroupName: String) {
        self.instanceIds = instanceIds
        self.autoScalingGroupName = autoScalingGroupName
    }
}
