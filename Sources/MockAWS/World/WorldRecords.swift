public import Foundation
public import Providers

// The live records of the simulated world. Unlike the provider's response structs, these
// are normalised (an instance lists its interface ids; the interface holds its groups),
// so that one change is made in one place, as in AWS's own model.

/// A VPC.
public struct VPCRecord: Hashable, Sendable, Codable {
    public var id: String
    public var cidr: String
}

/// A subnet.
public struct SubnetRecord: Hashable, Sendable, Codable {
    public var id: String
    public var vpcId: String
    public var availabilityZone: String
    public var cidr: String
    /// The last host number handed out, for generated private addresses.
    var lastHost: Int
}

/// An instance and the attributes that live on it.
public struct InstanceRecord: Hashable, Sendable, Codable {
    public var id: String
    /// The reservation (launch request) the instance came from.
    public var reservationId: String
    public var imageId: String
    public var instanceType: String
    public var state: InstanceStateName
    public var stateReason: String
    public var launchTime: Date
    public var subnetId: String
    public var vpcId: String
    public var availabilityZone: String
    public var iamProfile: String?
    public var disableApiTermination: Bool
    public var shutdownBehavior: String
    /// Interface ids by device index (primary first).
    public var interfaceIds: [String]
    /// Volume ids, root first.
    public var volumeIds: [String]
    public var publicIp: String?
    public var tags: [Tag]
    /// When it reached `terminated`, so it can vanish from describes an hour later.
    public var terminatedAt: Date?
    /// Launched by an Auto Scaling group to replace or add capacity.
    public var launchedByAutoScaling: String?
}

/// A network interface.
public struct InterfaceRecord: Hashable, Sendable, Codable {
    public var id: String
    public var subnetId: String
    public var vpcId: String
    public var availabilityZone: String
    public var privateIp: String
    public var groupIds: [String]
    public var attachment: NetworkInterfaceAttachment?
    public var description: String
    public var tags: [Tag]
    /// Established connections the interface's security groups track (they survive a group change).
    public var trackedConnections: Int
    /// Established connections that became untracked (they end when the groups stop admitting them).
    public var untrackedConnections: Int
}

/// A volume.
public struct VolumeRecord: Hashable, Sendable, Codable {
    public var id: String
    public var size: Int
    public var type: String
    public var state: String
    public var availabilityZone: String
    public var encrypted: Bool
    public var createTime: Date
    public var attachment: VolumeAttachment?
    public var tags: [Tag]
}

/// A snapshot and when it will complete.
public struct SnapshotRecord: Hashable, Sendable, Codable {
    public var snapshot: Snapshot
    public var completesAt: Date
}

/// The Auto Scaling view of one member.
public struct MemberRecord: Hashable, Sendable, Codable {
    public var instanceId: String
    /// `Pending`, `InService`, `Terminating`.
    public var lifecycleState: String
    public var healthy: Bool
    /// When it entered service (the health-check grace period counts from here).
    public var inServiceSince: Date
}

/// An Auto Scaling group.
public struct AutoScalingGroupRecord: Hashable, Sendable, Codable {
    public var name: String
    public var arn: String
    public var minSize: Int
    public var maxSize: Int
    public var desiredCapacity: Int
    public var healthCheckType: String
    public var gracePeriod: Duration
    public var subnetIds: [String]
    public var loadBalancerNames: [String]
    public var targetGroupArns: [String]
    public var members: [MemberRecord]
    public var launchTemplate: LaunchTemplateSpec
    public var tags: [Tag]
    /// How many replacements it has launched (names generated instances).
    public var launches: Int
}

/// Health of one instance as a load balancer sees it.
public struct HealthRecord: Hashable, Sendable, Codable {
    /// `healthy`, `unhealthy`, `initial`, `draining`.
    public var state: String
    public var consecutiveFailures: Int
    public var consecutiveSuccesses: Int
}

/// A Classic Load Balancer.
public struct ClassicLoadBalancerRecord: Hashable, Sendable, Codable {
    public var name: String
    public var vpcId: String
    public var subnets: [String]
    public var securityGroups: [String]
    public var healthCheck: ClassicHealthCheck
    /// Registered instances in registration order.
    public var instanceIds: [String]
    public var health: [String: HealthRecord]
}

/// One registered target of a target group.
public struct TargetRecord: Hashable, Sendable, Codable {
    public var id: String
    public var port: Int
    public var health: HealthRecord
    /// Set while `draining`: when the target disappears.
    public var drainingUntil: Date?
}

/// A target group.
public struct TargetGroupRecord: Hashable, Sendable, Codable {
    public var arn: String
    public var name: String
    public var `protocol`: String
    public var port: Int
    public var vpcId: String
    public var healthCheckPort: String
    public var interval: Int
    public var healthyThreshold: Int
    public var unhealthyThreshold: Int
    public var deregistrationDelay: Duration
    public var loadBalancerArns: [String]
    public var targets: [TargetRecord]
}
