public import RunbookModel
import Providers

/// `ec2.isolate`: moves every network interface of the instance into a quarantine security
/// group with no rules, passing first through an allow-all group so that tracked connections
/// (an attacker's established session) become untracked and are then cut.
///
/// Every ENI is moved with `ModifyNetworkInterfaceAttribute` (never `ModifyInstanceAttribute
/// --groups`, which fails on multi-interface instances). Before an interface moves, its
/// original groups are written to its `irun-original-groups` tag, so a retry or resume that
/// finds it half-moved still knows (and reports) where it came from.
///
/// Unless `force` is true, it refuses while the instance is still in an Auto Scaling group,
/// a classic load balancer or a target group: an isolated instance fails its health checks,
/// and its group would terminate it, destroying the evidence.
public struct EC2IsolateAction: ActionImplementation {
    public init() {}
    public var signature: ActionSignature { EC2Signatures.isolate }

    /// The interface tag holding its groups from before isolation (comma-separated ids).
    static let originalGroupsTag = "irun-original-groups"

    /// Isolates every interface.
    ///
    /// - Parameter context: Inputs `instance`, optional `quarantineGroup`, `force`.
    /// - Returns: `quarantineGroup` (id) and `originalGroups` (`{eni: [sg ids]}`).
    /// - Throws: ``ActionError`` `InvalidInput`, `StillInService`, `QuarantineGroupHasRules`, `NoVPC`; `AWSError`.
    public func run(_ context: ActionContext) async throws -> [String: Value] {
        let request = try Request(context)
        let ec2 = request.providers.ec2
        let instance = try await request.inspection.instance()
        let vpc = try Self.vpc(of: instance)
        if !request.force {
            let memberships = try await request.inspection.serviceMemberships()
            guard memberships.isEmpty else { throw Self.stillInService(request.instanceId, memberships) }
        }
        let groups = QuarantineGroups(ec2: ec2, vpcId: vpc)
        let quarantine = try await request.quarantineGroup(groups)
        let interfaces = try await request.inspection.networkInterfaces()
        var untrack: String?
        if interfaces.contains(where: { $0.groups.map(\.groupId) != [quarantine] }) { untrack = try await groups.untrack() }
        var original: [String: [String]] = [:]
        for interface in interfaces {
            let eni = interface.networkInterfaceId
            let current = interface.groups.map(\.groupId)
            let tagged = Self.taggedOriginal(interface)
            if current == [quarantine] {
                original[eni] = tagged ?? current
                continue
            }
            guard let untrack else { continue }
            if current == [untrack] {
                // Half-moved by an earlier attempt: where it came from is on its tag.
                if tagged == nil { context.log(.warning, "\(eni) was already in \(groups.untrackName) and has no \(Self.originalGroupsTag) tag; its original groups are unknown") }
                original[eni] = tagged ?? []
            } else {
                original[eni] = current
                if tagged != current {
                    try await ec2.createTags(CreateTagsInput(resources: [eni], tags: [Tag(key: Self.originalGroupsTag, value: current.joined(separator: ","))]))
                }
                try await ec2.modifyNetworkInterfaceAttribute(ModifyNetworkInterfaceAttributeInput(networkInterfaceId: eni, groups: [untrack]))
            }
            try await ec2.modifyNetworkInterfaceAttribute(ModifyNetworkInterfaceAttributeInput(networkInterfaceId: eni, groups: [quarantine]))
            context.log(.info, "moved \(eni) \(bracketed(current)) → \(untrack) → \(quarantine)")
        }
        return Self.outputs(quarantine, original)
    }

    /// Describes the moves it would make, and the groups it would create.
    public func plan(_ context: ActionContext) async throws -> [String: Value] {
        let request = try Request(context)
        let instance = try await request.inspection.instance()
        let vpc = try Self.vpc(of: instance)
        let groups = QuarantineGroups(ec2: request.providers.ec2, vpcId: vpc)
        var parts: [String] = []
        if !request.force {
            let memberships = try await request.inspection.serviceMemberships()
            if !memberships.isEmpty {
                parts.append("note: \(request.instanceId) is still in \(memberships.joined(separator: ", ")); isolation refuses unless detach and deregister run first (or force: true)")
            }
        }
        let quarantine: String?
        let quarantineLabel: String
        if let override = request.quarantineOverride {
            quarantine = override
            quarantineLabel = override
        } else if let existing = try await groups.find(groups.quarantineName) {
            quarantine = existing.groupId
            quarantineLabel = "\(groups.quarantineName) (\(existing.groupId))"
            if !QuarantineGroups.isEmpty(existing) { parts.append("remove the rules of \(groups.quarantineName)") }
        } else {
            quarantine = nil
            quarantineLabel = "\(groups.quarantineName) (to be created)"
        }
        let untrackLabel = try await groups.find(groups.untrackName).map { "\(groups.untrackName) (\($0.groupId))" } ?? "\(groups.untrackName) (to be created)"
        var original: [String: [String]] = [:]
        for interface in try await request.inspection.networkInterfaces() {
            let current = interface.groups.map(\.groupId)
            original[interface.networkInterfaceId] = Self.taggedOriginal(interface) ?? current
            if let quarantine, current == [quarantine] {
                parts.append("\(interface.networkInterfaceId) is already in \(quarantineLabel)")
            } else {
                parts.append("move \(interface.networkInterfaceId) \(bracketed(current)) → \(untrackLabel) → \(quarantineLabel)")
            }
        }
        return ["wouldDo": .string(sentence(parts)), "quarantineGroup": .string(quarantine ?? groups.quarantineName), "originalGroups": .stringLists(original)]
    }

    /// Puts each recorded interface back into its original groups and removes the
    /// `irun-original-groups` tag. Interfaces that no longer exist are skipped.
    ///
    /// - Parameter outputs: `originalGroups` of the run being undone.
    /// - Returns: `restored`: `{eni: [sg ids]}` for the interfaces moved back.
    public func undo(_ context: ActionContext, outputs: [String: Value]) async throws -> [String: Value] {
        _ = try context.instanceID()
        let providers = try context.requireProviders()
        let original = outputs["originalGroups"]?.stringLists ?? [:]
        let restored = try await Self.restoreGroups(original, providers: providers)
        return ["restored": .stringLists(restored)]
    }

    /// Completed when every interface is in the quarantine group alone.
    public func reconcile(_ context: ActionContext) async throws -> Reconciliation {
        let request = try Request(context)
        let instance = try await request.inspection.instance()
        let groups = QuarantineGroups(ec2: request.providers.ec2, vpcId: try Self.vpc(of: instance))
        let quarantine: String
        if let override = request.quarantineOverride {
            quarantine = override
        } else if let existing = try await groups.find(groups.quarantineName), QuarantineGroups.isEmpty(existing) {
            quarantine = existing.groupId
        } else {
            return .notDone
        }
        let interfaces = try await request.inspection.networkInterfaces()
        guard interfaces.allSatisfy({ $0.groups.map(\.groupId) == [quarantine] }) else { return .notDone }
        var original: [String: [String]] = [:]
        for interface in interfaces { original[interface.networkInterfaceId] = Self.taggedOriginal(interface) ?? [quarantine] }
        return .completed(Self.outputs(quarantine, original))
    }

    /// Moves interfaces back to recorded groups (where they differ) and drops their `irun-original-groups` tags.
    ///
    /// - Parameter original: Groups by interface id.
    /// - Returns: The interfaces whose groups were changed, with the groups they got.
    static func restoreGroups(_ original: [String: [String]], providers: AWSProviders) async throws -> [String: [String]] {
        guard !original.isEmpty else { return [:] }
        let filter = [Filter(name: "network-interface-id", values: original.keys.sorted())]
        let interfaces = try await collectPages { token in
            let page = try await providers.ec2.describeNetworkInterfaces(DescribeNetworkInterfacesInput(filters: filter, nextToken: token))
            return (page.networkInterfaces, page.nextToken)
        }
        var restored: [String: [String]] = [:]
        for interface in interfaces {
            let eni = interface.networkInterfaceId
            guard let groups = original[eni], !groups.isEmpty else { continue }
            if interface.groups.map(\.groupId) != groups {
                try await providers.ec2.modifyNetworkInterfaceAttribute(ModifyNetworkInterfaceAttributeInput(networkInterfaceId: eni, groups: groups))
                restored[eni] = groups
            }
            if interface.tags.value(of: originalGroupsTag) != nil {
                try await providers.ec2.deleteTags(DeleteTagsInput(resources: [eni], tags: [TagToDelete(key: originalGroupsTag)]))
            }
        }
        return restored
    }

    /// The groups on an interface's `irun-original-groups` tag.
    static func taggedOriginal(_ interface: NetworkInterface) -> [String]? {
        guard let text = interface.tags.value(of: originalGroupsTag), !text.isEmpty else { return nil }
        return text.split(separator: ",").map(String.init)
    }

    static func vpc(of instance: Instance) throws -> String {
        guard let vpc = instance.vpcId else {
            throw ActionError(code: "NoVPC", message: "instance \(instance.instanceId) (\(instance.state.rawValue)) is in no VPC, so it has no interfaces to isolate")
        }
        return vpc
    }

    static func stillInService(_ id: String, _ memberships: [String]) -> ActionError {
        ActionError(code: "StillInService", message: "\(id) is still in \(memberships.joined(separator: ", ")); detach it (ec2.detach) and deregister it (ec2.deregister) first: an isolated instance fails its health checks, and its group would terminate it and destroy the evidence. Set force: true to isolate anyway.")
    }

    static func outputs(_ quarantine: String, _ original: [String: [String]]) -> [String: Value] {
        ["quarantineGroup": .string(quarantine), "originalGroups": .stringLists(original)]
    }

    /// The checked inputs.
    private struct Request {
        let instanceId: String
        let force: Bool
        let quarantineOverride: String?
        let providers: AWSProviders
        let clock: any ProviderClock
        var inspection: EC2Inspection { EC2Inspection(providers: providers, instanceId: instanceId, clock: clock) }

        init(_ context: ActionContext) throws {
            instanceId = try context.instanceID()
            force = try context.flag("force", default: false)
            quarantineOverride = try context.optionalString("quarantineGroup")
            if let group = quarantineOverride, !ResourceIdentifier.isSecurityGroupID(group) {
                throw ActionError(code: "InvalidInput", message: "input 'quarantineGroup' of step '\(context.step)' is '\(group.prefix(80))', which is not a security group id: a valid one is 'sg-' followed by hex digits, e.g. sg-0abc1234")
            }
            providers = try context.requireProviders()
            clock = context.clock
        }

        /// The override group (checked to be in the VPC), or the managed quarantine group.
        func quarantineGroup(_ groups: QuarantineGroups) async throws -> String {
            guard let override = quarantineOverride else { return try await groups.quarantine() }
            let group = try await providers.ec2.describeSecurityGroups(DescribeSecurityGroupsInput(groupIds: [override])).securityGroups.first
            guard let group, group.vpcId == groups.vpcId else {
                throw ActionError(code: "InvalidInput", message: "quarantine group \(override) is in \(group?.vpcId ?? "no known VPC"), but the instance is in \(groups.vpcId)")
            }
            return override
        }
    }
}
