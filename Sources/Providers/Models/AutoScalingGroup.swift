/// An Auto Scaling group, with the fields of `DescribeAutoScalingGroups` irun uses.
public struct AutoScalingGroup: Hashable, Sendable, Codable {
    public var autoScalingGroupName: String
    public var autoScalingGroupARN: String
    public var minSize: Int
    public var maxSize: Int
    public var desiredCapacity: Int
    /// `EC2` or `ELB`: with `ELB`, a member failing its load balancer health check is replaced.
    public var healthCheckType: String
    /// Seconds after an instance comes into service before health checks count.
    public var healthCheckGracePeriod: Int
    public var availabilityZones: [String]
    /// Comma-separated subnet ids, as AWS returns them.
    public var vpcZoneIdentifier: String
    public var loadBalancerNames: [String]
    public var targetGroupARNs: [String]
    public var instances: [AutoScalingGroupMember]
    public var tags: [Tag]

    public init(
        autoScalingGroupName: String, autoScalingGroupARN: String, minSize: Int, maxSize: Int, desiredCapacity: Int,
        healthCheckType: String, healthCheckGracePeriod: Int, availabilityZones: [String], vpcZoneIdentifier: String,
        loadBalancerNames: [String], targetGroupARNs: [String], instances: [AutoScalingGroupMember], tags: [Tag]
    ) {
        self.autoScalingGroupName = autoScalingGroupName
        self.autoScalingGroupARN = autoScalingGroupARN
        self.minSize = minSize
        self.maxSize = maxSize
        self.desiredCapacity = desiredCapacity
        self.healthCheckType = healthCheckType
        self.healthCheckGracePeriod = healthCheckGracePeriod
        self.availabilityZones = availabilityZones
        self.vpcZoneIdentifier = vpcZoneIdentifier
        self.loadBalancerNames = loadBalancerNames
        self.targetGroupARNs = targetGroupARNs
        self.instances = instances
        self.tags = tags
    }
}

/// An instance as its Auto Scaling group lists it.
public struct AutoScalingGroupMember: Hashable, Sendable, Codable {
    public var instanceId: String
    public var availabilityZone: String
    /// `Pending`, `InService`, `Terminating`, `Terminated`, `Detaching`, `Detached`, `Standby`, …
    public var lifecycleState: String
    /// `Healthy` or `Unhealthy`.
    public var healthStatus: String
    public var protectedFromScaleIn: Bool

    public init(instanceId: String, availabilityZone: String, lifecycleState: String, healthStatus: String, protectedFromScaleIn: Bool) {
        self.instanceId = instanceId
        self.availabilityZone = availabilityZone
        self.lifecycleState = lifecycleState
        self.healthStatus = healthStatus
        self.protectedFromScaleIn = protectedFromScaleIn
    }
}

/// An instance with the Auto Scaling group it belongs to (`DescribeAutoScalingInstances`).
public struct AutoScalingInstanceDetails: Hashable, Sendable, Codable {
    public var instanceId: String
    public var autoScalingGroupName: String
    public var availabilityZone: String
    public var lifecycleState: String
    /// `HEALTHY` or `UNHEALTHY` (this API spells them in capitals).
    public var healthStatus: String
    public var protectedFromScaleIn: Bool

    public init(instanceId: String, autoScalingGroupName: String, availabilityZone: String, lifecycleState: String, healthStatus: String, protectedFromScaleIn: Bool) {
        self.instanceId = instanceId
        self.autoScalingGroupName = autoScalingGroupName
        self.availabilityZone = availabilityZone
        self.lifecycleState = lifecycleState
        self.healthStatus = healthStatus
        self.protectedFromScaleIn = protectedFromScaleIn
    }
}

/// A scaling activity, as `DetachInstances` and `AttachInstances` report them.
public struct ScalingActivity: Hashable, Sendable, Codable {
    public var activityId: String
    public var autoScalingGroupName: String
    public var description: String
    public var cause: String
    /// `InProgress`, `Successful`, `Failed`, …
    public var statusCode: String
    public var progress: Int

    public init(activityId: String, autoScalingGroupName: String, description: String, cause: String, statusCode: String, progress: Int) {
        self.activityId = activityId
        self.autoScalingGroupName = autoScalingGroupName
        self.description = description
        self.cause = cause
        self.statusCode = statusCode
        self.progress = progress
    }
}
