import Providers

/// Read-only look-ups about one instance, shared by the EC2 actions: the instance, its
/// interfaces and volumes, its attributes, and every Auto Scaling group, classic load
/// balancer and target group holding it (found by scanning, with pagination).
///
/// Look-ups that do not depend on each other are made at the same time (both attributes; the
/// three kinds of service membership; the health of each target group), each on its own
/// timeline of a simulated clock: one round trip instead of several, and a fleet's targets
/// keep asking together, so their requests share calls.
struct EC2Inspection: Sendable {
    let providers: AWSProviders
    let instanceId: String
    /// The run's clock, which the concurrent look-ups fork and join.
    let clock: any ProviderClock

    /// A target group registration of the instance, with the group and its health.
    struct Registration: Sendable {
        var group: TargetGroup
        var health: TargetHealthDescription
        var ref: TargetRef { TargetRef(arn: group.targetGroupArn, port: health.target.port ?? group.port) }
    }

    /// The instance.
    ///
    /// - Throws: ``AWSError`` `InvalidInstanceID.NotFound` when EC2 does not know it.
    func instance() async throws -> Instance {
        let output = try await providers.ec2.describeInstances(DescribeInstancesInput(instanceIds: [instanceId]))
        guard let instance = output.instances.first(where: { $0.instanceId == instanceId }) else {
            throw AWSError(.invalidInstanceIDNotFound, "The instance ID '\(instanceId)' does not exist")
        }
        return instance
    }

    /// The interfaces attached to the instance, primary first.
    func networkInterfaces() async throws -> [NetworkInterface] {
        let filter = [Filter(name: "attachment.instance-id", values: [instanceId])]
        let all = try await collectPages { token in
            let page = try await providers.ec2.describeNetworkInterfaces(DescribeNetworkInterfacesInput(filters: filter, nextToken: token))
            return (page.networkInterfaces, page.nextToken)
        }
        return all.sorted { ($0.attachment?.deviceIndex ?? .max) < ($1.attachment?.deviceIndex ?? .max) }
    }

    /// The EBS volumes attached to the instance, by device name.
    func volumes() async throws -> [Volume] {
        let filter = [Filter(name: "attachment.instance-id", values: [instanceId])]
        let all = try await collectPages { token in
            let page = try await providers.ec2.describeVolumes(DescribeVolumesInput(filters: filter, nextToken: token))
            return (page.volumes, page.nextToken)
        }
        return all.sorted { device(of: $0) < device(of: $1) }
    }

    /// The device a volume is attached to this instance as.
    func device(of volume: Volume) -> String {
        volume.attachments.first { $0.instanceId == instanceId }?.device ?? ""
    }

    /// Termination protection and shutdown behaviour.
    func protection() async throws -> (terminationProtection: Bool, shutdownBehavior: String) {
        let ec2 = providers.ec2, instanceId = instanceId
        async let protection = clock.fork { try await ec2.describeInstanceAttribute(DescribeInstanceAttributeInput(instanceId: instanceId, attribute: .disableApiTermination)) }
        async let behaviour = clock.fork { try await ec2.describeInstanceAttribute(DescribeInstanceAttributeInput(instanceId: instanceId, attribute: .instanceInitiatedShutdownBehavior)) }
        return (try await clock.joined(protection).disableApiTermination ?? false, try await clock.joined(behaviour).instanceInitiatedShutdownBehavior ?? "stop")
    }

    /// The Auto Scaling groups the instance is a member of (leaving members excluded).
    func autoScalingMemberships() async throws -> [AutoScalingInstanceDetails] {
        let all = try await collectPages { token in
            let page = try await providers.autoScaling.describeAutoScalingInstances(DescribeAutoScalingInstancesInput(instanceIds: [instanceId], nextToken: token))
            return (page.autoScalingInstances, page.nextToken)
        }
        return all.filter { $0.instanceId == instanceId && Self.isMember($0.lifecycleState) }
    }

    /// Whether a lifecycle state still counts as membership (`Detaching`, `Terminating:*` … do not).
    static func isMember(_ lifecycleState: String) -> Bool {
        !lifecycleState.hasPrefix("Detach") && !lifecycleState.hasPrefix("Terminat")
    }

    /// Every classic load balancer the instance is registered with (all are scanned).
    func loadBalancers() async throws -> [LoadBalancerDescription] {
        let all = try await collectPages { marker in
            let page = try await providers.loadBalancing.describeLoadBalancers(DescribeLoadBalancersInput(marker: marker))
            return (page.loadBalancerDescriptions, page.nextMarker)
        }
        return all.filter { $0.instances.contains(instanceId) }
    }

    /// Every target group registration of the instance, with its port (all groups are
    /// scanned, not only those of its Auto Scaling group). Draining targets are leaving and
    /// are left out unless asked for.
    ///
    /// - Parameter includingDraining: Whether to keep `draining` registrations.
    func targetRegistrations(includingDraining: Bool = false) async throws -> [Registration] {
        let groups = try await collectPages { marker in
            let page = try await providers.loadBalancingV2.describeTargetGroups(DescribeTargetGroupsInput(marker: marker))
            return (page.targetGroups, page.nextMarker)
        }
        let elbv2 = providers.loadBalancingV2
        let healths = try await clock.concurrentMap(groups.filter { $0.targetType == "instance" }) { group in
            (group, try await elbv2.describeTargetHealth(DescribeTargetHealthInput(targetGroupArn: group.targetGroupArn)))
        }
        var registrations: [Registration] = []
        for (group, health) in healths {
            for description in health.targetHealthDescriptions where description.target.id == instanceId {
                guard includingDraining || (description.state != "draining" && description.state != "unused") else { continue }
                registrations.append(Registration(group: group, health: description))
            }
        }
        return registrations
    }

    /// Everything that keeps the instance in service (Auto Scaling groups, load balancers,
    /// target groups), as phrases for a message; empty when it is out of service.
    func serviceMemberships() async throws -> [String] {
        async let groups = clock.fork { try await autoScalingMemberships().map { "Auto Scaling group \($0.autoScalingGroupName)" } }
        async let balancers = clock.fork { try await loadBalancers().map { "classic load balancer \($0.loadBalancerName)" } }
        async let targets = clock.fork { try await targetRegistrations().map { "target group \($0.ref)" } }
        return try await clock.joined(groups) + clock.joined(balancers) + clock.joined(targets)
    }
}
