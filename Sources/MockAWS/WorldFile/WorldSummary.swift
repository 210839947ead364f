import Foundation
import Providers

/// What `irun world show` reports about a world: its header, its instances with their
/// interfaces, volumes and memberships, and its Auto Scaling groups, load balancers and target
/// groups with their members.
///
/// It is built from the live ``World`` (so generated ids and the registrations Auto Scaling
/// makes are shown as the simulation has them) and encodes to the stable JSON of
/// `irun world show --format json`: every key is always present, `null` when there is no value.
public struct WorldSummary: Hashable, Sendable, Codable {
    /// One instance.
    public struct Instance: Hashable, Sendable, Codable {
        /// The instance id.
        public var id: String
        /// The `Name` tag.
        public var name: String?
        /// The state name, e.g. `running`.
        public var state: String
        /// The instance type.
        public var type: String
        /// The subnet of its primary interface.
        public var subnet: String
        /// The IAM instance profile, if any.
        public var iamProfile: String?
        /// The public IPv4 address, if any.
        public var publicIp: String?
        /// Network interfaces, primary (`eth0`) first.
        public var interfaces: [Interface]
        /// Volumes, root first.
        public var volumes: [Volume]
        /// The Auto Scaling group it is a member of.
        public var autoScalingGroup: String?
        /// Classic Load Balancers it is registered with.
        public var loadBalancers: [String]
        /// Target groups it is registered in (by name).
        public var targetGroups: [String]
        /// Its tags by key.
        public var tags: [String: String]

        /// Encodes every key, `null` for absent values, so the JSON shape is stable.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(name, forKey: .name)
            try container.encode(state, forKey: .state)
            try container.encode(type, forKey: .type)
            try container.encode(subnet, forKey: .subnet)
            try container.encode(iamProfile, forKey: .iamProfile)
            try container.encode(publicIp, forKey: .publicIp)
            try container.encode(interfaces, forKey: .interfaces)
            try container.encode(volumes, forKey: .volumes)
            try container.encode(autoScalingGroup, forKey: .autoScalingGroup)
            try container.encode(loadBalancers, forKey: .loadBalancers)
            try container.encode(targetGroups, forKey: .targetGroups)
            try container.encode(tags, forKey: .tags)
        }
    }

    /// One network interface.
    public struct Interface: Hashable, Sendable, Codable {
        /// The interface id.
        public var id: String
        /// Its subnet.
        public var subnet: String
        /// Its private IPv4 address.
        public var privateIp: String
        /// Security group ids.
        public var groups: [String]
        /// Established, tracked connections through it.
        public var trackedConnections: Int
    }

    /// One EBS volume.
    public struct Volume: Hashable, Sendable, Codable {
        /// The volume id.
        public var id: String
        /// Size in GiB.
        public var size: Int
        /// The volume type, e.g. `gp3`.
        public var type: String
        /// The device it is attached as.
        public var device: String
    }

    /// One Auto Scaling group.
    public struct AutoScalingGroup: Hashable, Sendable, Codable {
        /// The group name.
        public var name: String
        /// The minimum size.
        public var min: Int
        /// The desired capacity.
        public var desired: Int
        /// The maximum size.
        public var max: Int
        /// `EC2` or `ELB`.
        public var healthCheckType: String
        /// The health check grace period, in seconds.
        public var healthCheckGracePeriodSeconds: Int
        /// The subnets it launches into.
        public var subnets: [String]
        /// Classic ELB names.
        public var loadBalancers: [String]
        /// Target group names.
        public var targetGroups: [String]
        /// Member instance ids.
        public var members: [String]
    }

    /// One Classic Load Balancer.
    public struct LoadBalancer: Hashable, Sendable, Codable {
        /// The load balancer name.
        public var name: String
        /// Its VPC.
        public var vpc: String
        /// The health check target, e.g. `HTTP:80/health`.
        public var healthCheck: String
        /// Registered instances, in registration order.
        public var members: [Member]
    }

    /// An instance registered with a load balancer or target group, and its health there.
    public struct Member: Hashable, Sendable, Codable {
        /// The instance id.
        public var id: String
        /// The port traffic goes to (target groups only).
        public var port: Int?
        /// `healthy`, `unhealthy`, `initial`, `draining`, …
        public var health: String

        /// Encodes every key, `null` for absent values, so the JSON shape is stable.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(port, forKey: .port)
            try container.encode(health, forKey: .health)
        }
    }

    /// One ELBv2 target group.
    public struct TargetGroup: Hashable, Sendable, Codable {
        /// The target group name.
        public var name: String
        /// The traffic protocol, e.g. `HTTP`.
        public var `protocol`: String
        /// The traffic port.
        public var port: Int
        /// Its VPC.
        public var vpc: String
        /// Registered targets.
        public var members: [Member]
    }

    /// The world name.
    public var world: String
    /// What the world is for.
    public var description: String
    /// The account id.
    public var account: String
    /// The region.
    public var region: String
    /// The simulated start, ISO 8601.
    public var start: String
    /// Every instance, in file order (fleets after).
    public var instances: [Instance]
    /// Every Auto Scaling group.
    public var autoScalingGroups: [AutoScalingGroup]
    /// Every Classic Load Balancer.
    public var loadBalancers: [LoadBalancer]
    /// Every target group.
    public var targetGroups: [TargetGroup]

    /// Summarises a live world.
    ///
    /// - Parameters:
    ///   - world: The world, as built from a spec (or advanced since).
    ///   - description: The spec's description, which the live world does not keep.
    public init(world: World, description: String) {
        self.world = world.name
        self.description = description
        account = world.accountId
        region = world.region
        start = world.now.formatted(Date.ISO8601FormatStyle())
        let groupNames = Dictionary(world.targetGroups.values.map { ($0.arn, $0.name) }, uniquingKeysWith: { first, _ in first })
        instances = world.instances.values.map { instance in
            Instance(
                id: instance.id, name: instance.tags.first { $0.key == "Name" }?.value, state: instance.state.rawValue,
                type: instance.instanceType, subnet: instance.subnetId, iamProfile: instance.iamProfile, publicIp: instance.publicIp,
                interfaces: instance.interfaceIds.compactMap { world.interfaces[$0] }.map {
                    Interface(id: $0.id, subnet: $0.subnetId, privateIp: $0.privateIp, groups: $0.groupIds, trackedConnections: $0.trackedConnections)
                },
                volumes: instance.volumeIds.compactMap { world.volumes[$0] }.map {
                    Volume(id: $0.id, size: $0.size, type: $0.type, device: $0.attachment?.device ?? "")
                },
                autoScalingGroup: world.autoScalingGroup(of: instance.id)?.name,
                loadBalancers: world.loadBalancers(of: instance.id).map(\.name),
                targetGroups: world.targetGroups(of: instance.id).map(\.name),
                tags: Dictionary(instance.tags.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
            )
        }
        autoScalingGroups = world.autoScalingGroups.values.map { group in
            AutoScalingGroup(
                name: group.name, min: group.minSize, desired: group.desiredCapacity, max: group.maxSize,
                healthCheckType: group.healthCheckType, healthCheckGracePeriodSeconds: Int(group.gracePeriod.components.seconds),
                subnets: group.subnetIds, loadBalancers: group.loadBalancerNames,
                targetGroups: group.targetGroupArns.map { groupNames[$0] ?? $0 }, members: group.members.map(\.instanceId)
            )
        }
        loadBalancers = world.loadBalancers.values.map { balancer in
            LoadBalancer(name: balancer.name, vpc: balancer.vpcId, healthCheck: balancer.healthCheck.target,
                         members: balancer.instanceIds.map { Member(id: $0, port: nil, health: balancer.health[$0]?.state ?? "unknown") })
        }
        targetGroups = world.targetGroups.values.map { group in
            TargetGroup(name: group.name, protocol: group.protocol, port: group.port, vpc: group.vpcId,
                        members: group.targets.map { Member(id: $0.id, port: $0.port, health: $0.health.state) })
        }
    }
}
