import Providers
import RunbookModel

/// What `ec2.release` has to change to bring an instance back to its captured state: the
/// difference between the capture and the instance as it is now. Empty when there is nothing
/// left to restore, which makes release idempotent.
struct ReleaseChanges: Sendable {
    /// Interfaces still attached whose groups differ from the captured ones.
    var groups: [(eni: String, from: [String], to: [String])] = []
    /// Interfaces carrying isolation's `irun-original-groups` tag.
    var interfaceTags: [String] = []
    var loadBalancers: [String] = []
    var targetGroups: [TargetRef] = []
    var autoScalingGroups: [String] = []
    var terminationProtection: Bool?
    var shutdownBehavior: String?
    var tagsToRemove: [String] = []
    /// Things it will not do, and why (for the log and the dry run).
    var notes: [String] = []

    /// Compares the captured state with the current one.
    ///
    /// - Parameters:
    ///   - record: The quarantine run's record.
    ///   - current: The instance now.
    init(_ record: QuarantineRecord, current: InstanceDescription) {
        let captured = record.captured
        let now = current.groupsByInterface
        for interface in captured.interfaces {
            guard let groups = now[interface.id] else {
                notes.append("\(interface.id) is no longer attached; its groups are not restored")
                continue
            }
            if !interface.groups.isEmpty, groups != interface.groups { self.groups.append((interface.id, groups, interface.groups)) }
        }
        interfaceTags = current.networkInterfaces.filter { $0.tags.value(of: EC2IsolateAction.originalGroupsTag) != nil }.map(\.networkInterfaceId)
        let balancers = Set(current.loadBalancerNames)
        loadBalancers = captured.loadBalancers.filter { !balancers.contains($0) }
        let targets = Set(current.targetRefs)
        targetGroups = captured.targetGroups.filter { !targets.contains($0) }
        let memberships = current.autoScalingGroupNames
        for group in captured.autoScalingGroups where !memberships.contains(group) {
            if memberships.isEmpty {
                autoScalingGroups.append(group)
            } else {
                notes.append("not re-attaching to \(group): the instance is now in \(memberships.joined(separator: ", "))")
            }
        }
        if let protection = captured.terminationProtection, protection != current.terminationProtection { terminationProtection = protection }
        if let behaviour = captured.shutdownBehavior, behaviour != current.shutdownBehavior { shutdownBehavior = behaviour }
        let tags = current.instance.tags
        let prefix = record.tagPrefix
        if let owner = tags.value(of: "\(prefix)-run"), owner != record.runID {
            notes.append("keeping the \(prefix) tags: they belong to run \(owner), not \(record.runID)")
        } else {
            tagsToRemove = [prefix, "\(prefix)-case", "\(prefix)-run", "\(prefix)-time"].filter { tags.value(of: $0) != nil }
        }
    }

    var isEmpty: Bool {
        groups.isEmpty && interfaceTags.isEmpty && loadBalancers.isEmpty && targetGroups.isEmpty && autoScalingGroups.isEmpty
            && terminationProtection == nil && shutdownBehavior == nil && tagsToRemove.isEmpty
    }

    /// The changes as phrases, for a dry run.
    func describe(_ instanceId: String) -> [String] {
        var parts = groups.map { "move \($0.eni) \(bracketed($0.from)) → \(bracketed($0.to))" }
        if !interfaceTags.isEmpty { parts.append("delete the \(EC2IsolateAction.originalGroupsTag) tag of \(interfaceTags.joined(separator: ", "))") }
        parts += loadBalancers.map { "register \(instanceId) with classic load balancer \($0)" }
        parts += targetGroups.map { "register \(instanceId) port \($0.port) with target group \($0.name) (\($0.arn))" }
        parts += autoScalingGroups.map { "attach \(instanceId) to Auto Scaling group \($0) (its desired capacity grows by one)" }
        if let protection = terminationProtection { parts.append("set DisableApiTermination \(!protection) → \(protection)") }
        if let behaviour = shutdownBehavior { parts.append("set InstanceInitiatedShutdownBehavior → \(behaviour)") }
        if !tagsToRemove.isEmpty { parts.append("delete tags \(tagsToRemove.joined(separator: ", "))") }
        return parts
    }

    /// `restored` as the action outputs it (what this call changed).
    var restoredValue: Value {
        var protection: [String: Value] = [:]
        if let terminationProtection { protection["terminationProtection"] = .bool(terminationProtection) }
        if let shutdownBehavior { protection["shutdownBehavior"] = .string(shutdownBehavior) }
        return .object([
            "groups": .stringLists(Dictionary(groups.map { ($0.eni, $0.to) }, uniquingKeysWith: { first, _ in first })),
            "loadBalancers": .strings(loadBalancers),
            "targetGroups": .list(targetGroups.map(\.value)),
            "autoScalingGroups": .strings(autoScalingGroups),
            "protection": .object(protection),
            "tagsRemoved": .strings(tagsToRemove),
        ])
    }

    /// Makes the changes, in the order that keeps the instance healthy once back in service:
    /// groups first (so health checks pass), then load balancers and target groups, then Auto
    /// Scaling groups, then protection, then tags.
    func apply(to instanceId: String, providers: AWSProviders) async throws {
        let ec2 = providers.ec2
        for change in groups {
            try await ec2.modifyNetworkInterfaceAttribute(ModifyNetworkInterfaceAttributeInput(networkInterfaceId: change.eni, groups: change.to))
        }
        for eni in interfaceTags {
            try await ec2.deleteTags(DeleteTagsInput(resources: [eni], tags: [TagToDelete(key: EC2IsolateAction.originalGroupsTag)]))
        }
        for name in loadBalancers {
            _ = try await providers.loadBalancing.registerInstancesWithLoadBalancer(RegisterInstancesWithLoadBalancerInput(loadBalancerName: name, instanceIds: [instanceId]))
        }
        for (arn, refs) in EC2DeregisterAction.byGroup(targetGroups) {
            try await providers.loadBalancingV2.registerTargets(RegisterTargetsInput(targetGroupArn: arn, targets: refs.map { TargetDescription(id: instanceId, port: $0.port) }))
        }
        for group in autoScalingGroups {
            try await providers.autoScaling.attachInstances(AttachInstancesInput(instanceIds: [instanceId], autoScalingGroupName: group))
        }
        if let terminationProtection {
            try await ec2.modifyInstanceAttribute(ModifyInstanceAttributeInput(instanceId: instanceId, change: .disableApiTermination(terminationProtection)))
        }
        if let shutdownBehavior {
            try await ec2.modifyInstanceAttribute(ModifyInstanceAttributeInput(instanceId: instanceId, change: .instanceInitiatedShutdownBehavior(shutdownBehavior)))
        }
        if !tagsToRemove.isEmpty {
            try await ec2.deleteTags(DeleteTagsInput(resources: [instanceId], tags: tagsToRemove.map { TagToDelete(key: $0) }))
        }
    }
}
