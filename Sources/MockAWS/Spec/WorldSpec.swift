public import Foundation
public import Providers

/// The declarative description of a simulated AWS account: what a world file says.
///
/// A spec is plain data. ``MockAWS`` builds its live world from one; world files
/// (`Runbooks/worlds/*.yaml`) parse into one; ``WorldSpec/defaultWorld()`` is the built-in world.
public struct WorldSpec: Hashable, Sendable, Codable {
    /// The world's name, shown by `irun world show`.
    public var name: String
    /// A sentence saying what the world is for.
    public var description: String
    public var accountId: String
    public var region: String
    /// The simulated time the world starts at.
    public var start: Date
    /// The seed of every random choice (latency, fault probabilities, generated ids).
    public var seed: UInt64
    public var vpcs: [VPCSpec]
    public var subnets: [SubnetSpec]
    public var securityGroups: [SecurityGroupSpec]
    public var instances: [InstanceSpec]
    /// Generated instances: `count` copies of a template (for fleets of hundreds).
    public var fleets: [FleetSpec]
    public var autoScalingGroups: [AutoScalingGroupSpec]
    public var loadBalancers: [ClassicLoadBalancerSpec]
    public var targetGroups: [TargetGroupSpec]
    /// Latency, faults, rate limits and timings.
    public var behaviour: BehaviourSpec

    public init(
        name: String, description: String = "", accountId: String = "123456789012", region: String = "us-east-1",
        start: Date = WorldSpec.defaultStart, seed: UInt64 = 1, vpcs: [VPCSpec] = [], subnets: [SubnetSpec] = [],
        securityGroups: [SecurityGroupSpec] = [], instances: [InstanceSpec] = [], fleets: [FleetSpec] = [],
        autoScalingGroups: [AutoScalingGroupSpec] = [], loadBalancers: [ClassicLoadBalancerSpec] = [],
        targetGroups: [TargetGroupSpec] = [], behaviour: BehaviourSpec = BehaviourSpec()
    ) {
        self.name = name
        self.description = description
        self.accountId = accountId
        self.region = region
        self.start = start
        self.seed = seed
        self.vpcs = vpcs
        self.subnets = subnets
        self.securityGroups = securityGroups
        self.instances = instances
        self.fleets = fleets
        self.autoScalingGroups = autoScalingGroups
        self.loadBalancers = loadBalancers
        self.targetGroups = targetGroups
        self.behaviour = behaviour
    }

    /// 2026-01-01T00:00:00Z, the simulated start when a world file names none.
    public static let defaultStart = Date(timeIntervalSince1970: 1_767_225_600)
}

/// A VPC.
public struct VPCSpec: Hashable, Sendable, Codable {
    public var id: String
    public var cidr: String

    public init(id: String, cidr: String = "10.0.0.0/16") {
        self.id = id
        self.cidr = cidr
    }
}

/// A subnet in one availability zone of a VPC.
public struct SubnetSpec: Hashable, Sendable, Codable {
    public var id: String
    public var vpc: String
    public var availabilityZone: String
    public var cidr: String

    public init(id: String, vpc: String, availabilityZone: String, cidr: String) {
        self.id = id
        self.vpc = vpc
        self.availabilityZone = availabilityZone
        self.cidr = cidr
    }
}

/// A security group; `egress: nil` means AWS's default (all traffic to 0.0.0.0/0).
public struct SecurityGroupSpec: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    public var description: String
    public var vpc: String
    public var ingress: [IpPermission]
    public var egress: [IpPermission]?
    public var tags: [Tag]

    public init(id: String, name: String, description: String = "", vpc: String, ingress: [IpPermission] = [], egress: [IpPermission]? = nil, tags: [Tag] = []) {
        self.id = id
        self.name = name
        self.description = description
        self.vpc = vpc
        self.ingress = ingress
        self.egress = egress
        self.tags = tags
    }
}

/// A network interface of an instance; the first one listed is the primary (`eth0`).
public struct InterfaceSpec: Hashable, Sendable, Codable {
    /// The interface id; generated when `nil`.
    public var id: String?
    /// The subnet; the instance's subnet when `nil`.
    public var subnet: String?
    public var groups: [String]
    /// The private IPv4 address; generated from the subnet when `nil`.
    public var privateIp: String?
    /// Established, tracked connections through this interface (e.g. an attacker's session) at the start.
    public var trackedConnections: Int

    public init(id: String? = nil, subnet: String? = nil, groups: [String], privateIp: String? = nil, trackedConnections: Int = 0) {
        self.id = id
        self.subnet = subnet
        self.groups = groups
        self.privateIp = privateIp
        self.trackedConnections = trackedConnections
    }
}

/// An EBS volume attached to an instance; the first one listed is the root volume.
public struct VolumeSpec: Hashable, Sendable, Codable {
    /// The volume id; generated when `nil`.
    public var id: String?
    /// Size in GiB.
    public var size: Int
    public var type: String
    /// The device name; `/dev/xvda`, `/dev/xvdb`, … in order when `nil`.
    public var device: String?
    public var deleteOnTermination: Bool
    public var encrypted: Bool

    public init(id: String? = nil, size: Int, type: String = "gp3", device: String? = nil, deleteOnTermination: Bool = true, encrypted: Bool = true) {
        self.id = id
        self.size = size
        self.type = type
        self.device = device
        self.deleteOnTermination = deleteOnTermination
        self.encrypted = encrypted
    }
}

/// An EC2 instance.
public struct InstanceSpec: Hashable, Sendable, Codable {
    public var id: String
    public var type: String
    public var image: String
    public var state: InstanceStateName
    public var subnet: String
    /// The IAM instance profile name; `nil` for none.
    public var iamProfile: String?
    public var terminationProtection: Bool
    /// `stop` or `terminate`.
    public var shutdownBehavior: String
    /// How long before the world's start the instance was launched.
    public var launchedBefore: Duration
    public var interfaces: [InterfaceSpec]
    public var volumes: [VolumeSpec]
    public var publicIp: String?
    public var tags: [Tag]

    public init(
        id: String, type: String = "t3.micro", image: String = "ami-0abcdef1234567890", state: InstanceStateName = .running,
        subnet: String, iamProfile: String? = nil, terminationProtection: Bool = false, shutdownBehavior: String = "stop",
        launchedBefore: Duration = .seconds(86_400), interfaces: [InterfaceSpec], volumes: [VolumeSpec] = [VolumeSpec(size: 8)],
        publicIp: String? = nil, tags: [Tag] = []
    ) {
        self.id = id
        self.type = type
        self.image = image
        self.state = state
        self.subnet = subnet
        self.iamProfile = iamProfile
        self.terminationProtection = terminationProtection
        self.shutdownBehavior = shutdownBehavior
        self.launchedBefore = launchedBefore
        self.interfaces = interfaces
        self.volumes = volumes
        self.publicIp = publicIp
        self.tags = tags
    }
}

/// `count` generated instances made from one template, optionally joining a group and load balancers.
public struct FleetSpec: Hashable, Sendable, Codable {
    public var count: Int
    /// The `Name` tag of each is `<namePrefix>-<n>`.
    public var namePrefix: String
    /// The template; its `id` is ignored (ids are generated), its subnet is the first subnet to spread over.
    public var template: InstanceSpec
    /// Subnets to spread instances over, round robin; the template's subnet when empty.
    public var subnets: [String]
    /// The Auto Scaling group the instances belong to, if any.
    public var autoScalingGroup: String?
    /// Classic Load Balancers the instances are registered with.
    public var loadBalancers: [String]
    /// Target groups the instances are registered with (by name).
    public var targetGroups: [String]

    public init(count: Int, namePrefix: String, template: InstanceSpec, subnets: [String] = [], autoScalingGroup: String? = nil, loadBalancers: [String] = [], targetGroups: [String] = []) {
        self.count = count
        self.namePrefix = namePrefix
        self.template = template
        self.subnets = subnets
        self.autoScalingGroup = autoScalingGroup
        self.loadBalancers = loadBalancers
        self.targetGroups = targetGroups
    }
}

/// What an Auto Scaling group launches when it replaces or adds an instance.
public struct LaunchTemplateSpec: Hashable, Sendable, Codable {
    public var type: String
    public var image: String
    public var groups: [String]
    public var iamProfile: String?
    /// Volume sizes in GiB, root first.
    public var volumes: [Int]
    public var tags: [Tag]

    public init(type: String = "t3.micro", image: String = "ami-0abcdef1234567890", groups: [String], iamProfile: String? = nil, volumes: [Int] = [8], tags: [Tag] = []) {
        self.type = type
        self.image = image
        self.groups = groups
        self.iamProfile = iamProfile
        self.volumes = volumes
        self.tags = tags
    }
}

/// An Auto Scaling group.
public struct AutoScalingGroupSpec: Hashable, Sendable, Codable {
    public var name: String
    public var min: Int
    public var max: Int
    /// The desired capacity; the number of listed members when `nil`.
    public var desired: Int?
    /// `EC2` or `ELB`.
    public var healthCheckType: String
    public var healthCheckGracePeriod: Duration
    public var subnets: [String]
    public var loadBalancers: [String]
    /// Target groups by name.
    public var targetGroups: [String]
    /// Member instances by id (fleets add theirs).
    public var instances: [String]
    public var launchTemplate: LaunchTemplateSpec
    public var tags: [Tag]

    public init(
        name: String, min: Int, max: Int, desired: Int? = nil, healthCheckType: String = "ELB",
        healthCheckGracePeriod: Duration = .seconds(300), subnets: [String], loadBalancers: [String] = [],
        targetGroups: [String] = [], instances: [String] = [], launchTemplate: LaunchTemplateSpec, tags: [Tag] = []
    ) {
        self.name = name
        self.min = min
        self.max = max
        self.desired = desired
        self.healthCheckType = healthCheckType
        self.healthCheckGracePeriod = healthCheckGracePeriod
        self.subnets = subnets
        self.loadBalancers = loadBalancers
        self.targetGroups = targetGroups
        self.instances = instances
        self.launchTemplate = launchTemplate
        self.tags = tags
    }
}

/// A Classic Load Balancer.
public struct ClassicLoadBalancerSpec: Hashable, Sendable, Codable {
    public var name: String
    public var vpc: String
    public var subnets: [String]
    public var securityGroups: [String]
    public var healthCheck: ClassicHealthCheck
    public var instances: [String]

    public init(name: String, vpc: String, subnets: [String] = [], securityGroups: [String] = [], healthCheck: ClassicHealthCheck = ClassicHealthCheck(target: "HTTP:80/", interval: 30, timeout: 5, unhealthyThreshold: 2, healthyThreshold: 10), instances: [String] = []) {
        self.name = name
        self.vpc = vpc
        self.subnets = subnets
        self.securityGroups = securityGroups
        self.healthCheck = healthCheck
        self.instances = instances
    }
}

/// An ELBv2 target group of instance targets.
public struct TargetGroupSpec: Hashable, Sendable, Codable {
    public var name: String
    public var `protocol`: String
    public var port: Int
    public var vpc: String
    /// `traffic-port` or a port number.
    public var healthCheckPort: String
    public var healthCheckInterval: Int
    public var healthyThreshold: Int
    public var unhealthyThreshold: Int
    /// How long a deregistered target stays `draining`.
    public var deregistrationDelay: Duration
    /// The load balancer (name) that forwards to this group, if any.
    public var loadBalancer: String?
    public var targets: [TargetDescription]

    public init(
        name: String, protocol: String = "HTTP", port: Int = 80, vpc: String, healthCheckPort: String = "traffic-port",
        healthCheckInterval: Int = 30, healthyThreshold: Int = 5, unhealthyThreshold: Int = 2,
        deregistrationDelay: Duration = .seconds(300), loadBalancer: String? = nil, targets: [TargetDescription] = []
    ) {
        self.name = name
        self.protocol = `protocol`
        self.port = port
        self.vpc = vpc
        self.healthCheckPort = healthCheckPort
        self.healthCheckInterval = healthCheckInterval
        self.healthyThreshold = healthyThreshold
        self.unhealthyThreshold = unhealthyThreshold
        self.deregistrationDelay = deregistrationDelay
        self.loadBalancer = loadBalancer
        self.targets = targets
    }
}
