// Inputs and outputs of the Classic ELB (2012-06-01) and ELBv2 (2015-12-01) operations irun calls.

/// `DescribeLoadBalancers` (Classic): by name (all when empty), paginated with `Marker`.
public struct DescribeLoadBalancersInput: AWSRequest, Hashable {
    public static let operation = AWSOperation.describeLoadBalancers
    public var loadBalancerNames: [String]
    /// At most 400.
    public var pageSize: Int?
    public var marker: String?
    public var resourceIDs: [String] { loadBalancerNames }

    public init(loadBalancerNames: [String] = [], pageSize: Int? = nil, marker: String? = nil) {
        self.loadBalancerNames = loadBalancerNames
        self.pageSize = pageSize
        self.marker = marker
    }
}

public struct DescribeLoadBalancersOutput: Hashable, Sendable, Codable {
    public var loadBalancerDescriptions: [LoadBalancerDescription]
    public var nextMarker: String?

    public init(loadBalancerDescriptions: [LoadBalancerDescription], nextMarker: String?) {
        self.loadBalancerDescriptions = loadBalancerDescriptions
        self.nextMarker = nextMarker
    }
}

/// `DeregisterInstancesFromLoadBalancer`.
public struct DeregisterInstancesFromLoadBalancerInput: AWSRequest, Hashable {
    public static let operation = AWSOperation.deregisterInstancesFromLoadBalancer
    public var loadBalancerName: String
    public var instanceIds: [String]
    public var resourceIDs: [String] { instanceIds + [loadBalancerName] }

    public init(loadBalancerName: String, instanceIds: [String]) {
        self.loadBalancerName = loadBalancerName
        self.instanceIds = instanceIds
    }
}

/// `RegisterInstancesWithLoadBalancer`.
public struct RegisterInstancesWithLoadBalancerInput: AWSRequest, Hashable {
    public static let operation = AWSOperation.registerInstancesWithLoadBalancer
    public var loadBalancerName: String
    public var instanceIds: [String]
    public var resourceIDs: [String] { instanceIds + [loadBalancerName] }

    public init(loadBalancerName: String, instanceIds: [String]) {
        self.loadBalancerName = loadBalancerName
        self.instanceIds = instanceIds
    }
}

/// The instances registered with a Classic Load Balancer after a register or deregister call.
public struct LoadBalancerInstancesOutput: Hashable, Sendable, Codable {
    public var instanceIds: [String]

    public init(instanceIds: [String]) { self.instanceIds = instanceIds }
}

/// `DescribeTargetGroups` (ELBv2): by ARN, name, or load balancer (all when empty), paginated with `Marker`.
public struct DescribeTargetGroupsInput: AWSRequest, Hashable {
    public static let operation = AWSOperation.describeTargetGroups
    public var targetGroupArns: [String]
    public var names: [String]
    public var loadBalancerArn: String?
    public var pageSize: Int?
    public var marker: String?
    public var resourceIDs: [String] { targetGroupArns + names }

    public init(targetGroupArns: [String] = [], names: [String] = [], loadBalancerArn: String? = nil, pageSize: Int? = nil, marker: String? = nil) {
        self.targetGroupArns = targetGroupArns
        self.names = names
        self.loadBalancerArn = loadBalancerArn
        self.pageSize = pageSize
        self.marker = marker
    }
}

public struct DescribeTargetGroupsOutput: Hashable, Sendable, Codable {
    public var targetGroups: [TargetGroup]
    public var nextMarker: String?

    public init(targetGroups: [TargetGroup], nextMarker: String?) {
        self.targetGroups = targetGroups
        self.nextMarker = nextMarker
    }
}

/// `DescribeTargetHealth`: every registered target, or the ones named (unregistered ones come back `unused`).
public struct DescribeTargetHealthInput: AWSRequest, Hashable {
    public static let operation = AWSOperation.describeTargetHealth
    public var targetGroupArn: String
    public var targets: [TargetDescription]
    public var resourceIDs: [String] { [targetGroupArn] + targets.map(\.id) }

    public init(targetGroupArn: String, targets: [TargetDescription] = []) {
        self.targetGroupArn = targetGroupArn
        self.targets = targets
    }
}

public struct DescribeTargetHealthOutput: Hashable, Sendable, Codable {
    public var targetHealthDescriptions: [TargetHealthDescription]

    public init(targetHealthDescriptions: [TargetHealthDescription]) { self.targetHealthDescriptions = targetHealthDescriptions }
}

/// `DeregisterTargets`: succeeds for targets that are not registered.
public struct DeregisterTargetsInput: AWSRequest, Hashable {
    public static let operation = AWSOperation.deregisterTargets
    public var targetGroupArn: String
    public var targets: [TargetDescription]
    public var resourceIDs: [String] { [targetGroupArn] + targets.map(\.id) }

    public init(targetGroupArn: String, targets: [TargetDescription]) {
        self.targetGroupArn = targetGroupArn
        self.targets = targets
    }
}

/// `RegisterTargets`: targets must be running instances in the target group's VPC.
public struct RegisterTargetsInput: AWSRequest, Hashable {
    public static let operation = AWSOperation.registerTargets
    public var targetGroupArn: String
    public var targets: [TargetDescription]
    public var resourceIDs: [String] { [targetGroupArn] + targets.map(\.id) }

    public init(targetGroupArn: String, targets: [TargetDescription]) {
        self.targetGroupArn = targetGroupArn
        self.targets = targets
    }
}
