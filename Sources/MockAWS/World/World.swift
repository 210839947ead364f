public import Foundation
public import Providers

/// The state of a simulated AWS account: every resource, the pending background events,
/// and the id factory. A value type, so a world can be copied, compared, saved and restored.
///
/// ``MockAWS`` owns one and applies API calls to it; the world itself knows how time moves
/// (``advance(to:)``): snapshots complete, instances stop, load balancers probe, and Auto
/// Scaling replaces what is unhealthy.
public struct World: Sendable, Codable, Hashable {
    public internal(set) var name: String
    public internal(set) var accountId: String
    public internal(set) var region: String
    /// The simulated time the world has been advanced to.
    public internal(set) var now: Date
    /// When the call being applied was made, on its caller's timeline: at or before ``now``,
    /// since parallel simulated timelines reach the world out of time order. Work a call starts
    /// (a snapshot) counts from it, so a step behind the world in simulated time does not wait
    /// out the world's lead on top of the work itself.
    var callTime: Date?
    public internal(set) var vpcs = OrderedRecords<VPCRecord>()
    public internal(set) var subnets = OrderedRecords<SubnetRecord>()
    public internal(set) var securityGroups = OrderedRecords<SecurityGroup>()
    public internal(set) var instances = OrderedRecords<InstanceRecord>()
    public internal(set) var interfaces = OrderedRecords<InterfaceRecord>()
    public internal(set) var volumes = OrderedRecords<VolumeRecord>()
    public internal(set) var snapshots = OrderedRecords<SnapshotRecord>()
    public internal(set) var autoScalingGroups = OrderedRecords<AutoScalingGroupRecord>()
    public internal(set) var loadBalancers = OrderedRecords<ClassicLoadBalancerRecord>()
    public internal(set) var targetGroups = OrderedRecords<TargetGroupRecord>()
    /// Instances Auto Scaling terminated, in order: the evidence a wrong containment order loses.
    public internal(set) var terminatedByAutoScaling: [String] = []
    /// Which Auto Scaling group each member belongs to (kept with every membership change).
    var groupOfMember: [String: String] = [:]
    var timeline = Timeline()
    var ids: IdentifierFactory
    var timings: Timings

    init(name: String, accountId: String, region: String, now: Date, seed: UInt64, timings: Timings) {
        self.name = name
        self.accountId = accountId
        self.region = region
        self.now = now
        self.ids = IdentifierFactory(seed: seed)
        self.timings = timings
    }

    /// The Auto Scaling group `instanceId` is a live member of, if any.
    public func autoScalingGroup(of instanceId: String) -> AutoScalingGroupRecord? {
        groupOfMember[instanceId].flatMap { autoScalingGroups[$0] }
    }

    /// Adds a member to a group, keeping the membership index.
    mutating func addMember(_ member: MemberRecord, to group: String) {
        autoScalingGroups[group]?.members.append(member)
        groupOfMember[member.instanceId] = group
    }

    /// Removes members from a group, keeping the membership index.
    mutating func removeMembers(_ ids: [String], from group: String) {
        autoScalingGroups[group]?.members.removeAll { ids.contains($0.instanceId) }
        for id in ids where groupOfMember[id] == group { groupOfMember[id] = nil }
    }

    /// Classic Load Balancers `instanceId` is registered with.
    public func loadBalancers(of instanceId: String) -> [ClassicLoadBalancerRecord] {
        loadBalancers.values.filter { $0.instanceIds.contains(instanceId) }
    }

    /// Target groups `instanceId` is registered in (draining targets included).
    public func targetGroups(of instanceId: String) -> [TargetGroupRecord] {
        targetGroups.values.filter { $0.targets.contains { $0.id == instanceId } }
    }

    /// Established connections through the instance's interfaces that its security groups have not cut.
    public func openConnections(of instanceId: String) -> Int {
        guard let instance = instances[instanceId] else { return 0 }
        return instance.interfaceIds.compactMap { interfaces[$0] }.reduce(0) { $0 + $1.trackedConnections + $1.untrackedConnections }
    }

    /// The security group ids of each of the instance's interfaces, by interface id.
    public func groupsByInterface(of instanceId: String) -> [String: [String]] {
        guard let instance = instances[instanceId] else { return [:] }
        var groups: [String: [String]] = [:]
        for id in instance.interfaceIds { groups[id] = interfaces[id]?.groupIds }
        return groups
    }

    /// Whether a load balancer health check on TCP `port` reaches the instance through its primary interface.
    func admitsHealthCheck(_ instanceId: String, port: Int) -> Bool {
        guard let instance = instances[instanceId], instance.state == .running,
              let primary = instance.interfaceIds.first.flatMap({ interfaces[$0] }) else { return false }
        return primary.groupIds.contains { securityGroups[$0]?.ipPermissions.contains { $0.admitsTCP(port: port) } ?? false }
    }
}
