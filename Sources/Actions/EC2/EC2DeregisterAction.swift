public import RunbookModel
import Providers

/// `ec2.deregister`: deregisters the instance from every classic load balancer and every
/// target group holding it, each target with the port it is registered on.
///
/// Every load balancer and target group is scanned, not only those of the instance's Auto
/// Scaling group. Targets already draining count as gone.
public struct EC2DeregisterAction: ActionImplementation {
    public init() {}
    public var signature: ActionSignature { EC2Signatures.deregister }

    /// Deregisters the instance wherever it is still registered.
    ///
    /// - Parameter context: Input `instance`.
    /// - Returns: `loadBalancers` (names) and `targetGroups` (`{arn, port}`) it was removed from by this call.
    /// - Throws: ``ActionError`` `InvalidInput`; `AWSError` (`InvalidInstanceID.NotFound`).
    public func run(_ context: ActionContext) async throws -> [String: Value] {
        let id = try context.instanceID()
        let providers = try context.requireProviders()
        let inspection = EC2Inspection(providers: providers, instanceId: id, clock: context.clock)
        _ = try await inspection.instance()
        // Classic load balancers and target groups are independent: each is looked up and left at the same time.
        let clock = context.clock
        async let leftBalancers = clock.fork {
            let names = try await inspection.loadBalancers().map(\.loadBalancerName)
            for name in names {
                _ = try await providers.loadBalancing.deregisterInstancesFromLoadBalancer(DeregisterInstancesFromLoadBalancerInput(loadBalancerName: name, instanceIds: [id]))
            }
            return names
        }
        async let leftTargets = clock.fork {
            let refs = try await inspection.targetRegistrations().map(\.ref)
            for (arn, group) in Self.byGroup(refs) {
                try await providers.loadBalancingV2.deregisterTargets(DeregisterTargetsInput(targetGroupArn: arn, targets: group.map { TargetDescription(id: id, port: $0.port) }))
            }
            return refs
        }
        let balancers = try await clock.joined(leftBalancers), targets = try await clock.joined(leftTargets)
        if !balancers.isEmpty || !targets.isEmpty {
            context.log(.info, "deregistered \(id) from \((balancers + targets.map { "target group \($0)" }).joined(separator: ", "))")
        }
        return Self.outputs(balancers, targets)
    }

    /// Describes what would change.
    public func plan(_ context: ActionContext) async throws -> [String: Value] {
        let id = try context.instanceID()
        let inspection = EC2Inspection(providers: try context.requireProviders(), instanceId: id, clock: context.clock)
        _ = try await inspection.instance()
        let balancers = try await inspection.loadBalancers().map(\.loadBalancerName)
        let targets = try await inspection.targetRegistrations().map(\.ref)
        let parts = balancers.map { "deregister \(id) from classic load balancer \($0)" }
            + targets.map { "deregister \(id) port \($0.port) from target group \($0.name) (\($0.arn))" }
        let text = parts.isEmpty ? "\(id) is registered with no load balancer or target group: nothing to deregister" : sentence(parts)
        return ["wouldDo": .string(text)].merging(Self.outputs(balancers, targets)) { first, _ in first }
    }

    /// Registers the instance again with the recorded load balancers and target groups (those it is not in).
    ///
    /// - Parameter outputs: The outputs of the run being undone.
    /// - Returns: `loadBalancers` and `targetGroups` re-registered.
    /// - Throws: `AWSError` `InvalidInstance` / `InvalidTarget` when the instance cannot be registered (not running).
    public func undo(_ context: ActionContext, outputs: [String: Value]) async throws -> [String: Value] {
        let id = try context.instanceID()
        let providers = try context.requireProviders()
        let restored = try await Self.register(
            id, loadBalancers: outputs["loadBalancers"]?.strings ?? [],
            targetGroups: (outputs["targetGroups"]?.items ?? []).compactMap(TargetRef.init),
            providers: providers, clock: context.clock
        )
        return Self.outputs(restored.loadBalancers, restored.targetGroups)
    }

    /// Completed when the instance is registered nowhere.
    ///
    /// Where the interrupted attempt deregistered it from cannot be read back, so the lists
    /// are empty; `ec2.release` re-registers from `ec2.capture`'s outputs.
    public func reconcile(_ context: ActionContext) async throws -> Reconciliation {
        let id = try context.instanceID()
        let inspection = EC2Inspection(providers: try context.requireProviders(), instanceId: id, clock: context.clock)
        guard try await inspection.loadBalancers().isEmpty, try await inspection.targetRegistrations().isEmpty else { return .notDone }
        return .completed(Self.outputs([], []))
    }

    /// Registers `id` with the load balancers and target groups it is not registered with (draining counts as not).
    ///
    /// - Returns: Those it registered it with.
    static func register(_ id: String, loadBalancers: [String], targetGroups: [TargetRef], providers: AWSProviders, clock: any ProviderClock) async throws -> (loadBalancers: [String], targetGroups: [TargetRef]) {
        let inspection = EC2Inspection(providers: providers, instanceId: id, clock: clock)
        let currentBalancers = loadBalancers.isEmpty ? [] : Set(try await inspection.loadBalancers().map(\.loadBalancerName))
        let currentTargets = targetGroups.isEmpty ? [] : Set(try await inspection.targetRegistrations().map(\.ref))
        var balancers: [String] = []
        for name in loadBalancers where !currentBalancers.contains(name) && !balancers.contains(name) {
            _ = try await providers.loadBalancing.registerInstancesWithLoadBalancer(RegisterInstancesWithLoadBalancerInput(loadBalancerName: name, instanceIds: [id]))
            balancers.append(name)
        }
        var targets: [TargetRef] = []
        for ref in targetGroups where !currentTargets.contains(ref) && !targets.contains(ref) { targets.append(ref) }
        for (arn, refs) in byGroup(targets) {
            try await providers.loadBalancingV2.registerTargets(RegisterTargetsInput(targetGroupArn: arn, targets: refs.map { TargetDescription(id: id, port: $0.port) }))
        }
        return (balancers, targets)
    }

    /// Registrations grouped by target group, in first-seen order.
    static func byGroup(_ refs: [TargetRef]) -> [(String, [TargetRef])] {
        var order: [String] = []
        var groups: [String: [TargetRef]] = [:]
        for ref in refs {
            if groups[ref.arn] == nil { order.append(ref.arn) }
            groups[ref.arn, default: []].append(ref)
        }
        return order.map { ($0, groups[$0]!) }
    }

    static func outputs(_ balancers: [String], _ targets: [TargetRef]) -> [String: Value] {
        ["loadBalancers": .strings(balancers), "targetGroups": .list(targets.map(\.value))]
    }
}
