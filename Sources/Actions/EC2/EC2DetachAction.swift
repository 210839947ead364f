public import RunbookModel
import Providers

/// `ec2.detach`: detaches the instance from every Auto Scaling group holding it, without
/// decrementing desired capacity, so the group launches a replacement (service continues) and
/// never terminates the instance once it is isolated.
public struct EC2DetachAction: ActionImplementation {
    public init() {}
    public var signature: ActionSignature { EC2Signatures.detach }

    /// Detaches the instance from each group it is still a member of.
    ///
    /// - Parameter context: Input `instance`.
    /// - Returns: `detachedFrom`: the groups this call detached it from (empty when it was in none).
    /// - Throws: ``ActionError`` `InvalidInput`; `AWSError` (`InvalidInstanceID.NotFound`, `ValidationError` from Auto Scaling).
    public func run(_ context: ActionContext) async throws -> [String: Value] {
        let id = try context.instanceID()
        let providers = try context.requireProviders()
        let inspection = EC2Inspection(providers: providers, instanceId: id, clock: context.clock)
        _ = try await inspection.instance()
        var detached: [String] = []
        for membership in try await inspection.autoScalingMemberships() {
            let group = membership.autoScalingGroupName
            _ = try await providers.autoScaling.detachInstances(DetachInstancesInput(instanceIds: [id], autoScalingGroupName: group, shouldDecrementDesiredCapacity: false))
            context.log(.info, "detached \(id) from \(group); desired capacity kept, so the group launches a replacement")
            detached.append(group)
        }
        return ["detachedFrom": .strings(detached)]
    }

    /// Describes what would change.
    public func plan(_ context: ActionContext) async throws -> [String: Value] {
        let id = try context.instanceID()
        let inspection = EC2Inspection(providers: try context.requireProviders(), instanceId: id, clock: context.clock)
        _ = try await inspection.instance()
        let memberships = try await inspection.autoScalingMemberships()
        let text = memberships.isEmpty
            ? "\(id) is in no Auto Scaling group: nothing to detach"
            : sentence(memberships.map { "detach \(id) from \($0.autoScalingGroupName) (\($0.lifecycleState)) without decrementing desired capacity: the group launches a replacement" })
        return ["wouldDo": .string(text), "detachedFrom": .strings(memberships.map(\.autoScalingGroupName))]
    }

    /// Attaches the instance back to the recorded groups it is not already in.
    ///
    /// - Parameter outputs: `detachedFrom` of the run being undone.
    /// - Returns: `attachedTo`: the groups it was attached to.
    /// - Throws: `AWSError` `ValidationError` when a group is at its maximum or the instance is not running.
    public func undo(_ context: ActionContext, outputs: [String: Value]) async throws -> [String: Value] {
        let id = try context.instanceID()
        let providers = try context.requireProviders()
        let current = Set(try await EC2Inspection(providers: providers, instanceId: id, clock: context.clock).autoScalingMemberships().map(\.autoScalingGroupName))
        var attached: [String] = []
        for group in outputs["detachedFrom"]?.strings ?? [] where !current.contains(group) {
            if !current.isEmpty {
                context.log(.warning, "not re-attaching \(id) to \(group): it is already in \(current.sorted().joined(separator: ", "))")
                continue
            }
            try await providers.autoScaling.attachInstances(AttachInstancesInput(instanceIds: [id], autoScalingGroupName: group))
            attached.append(group)
        }
        return ["attachedTo": .strings(attached)]
    }

    /// Completed when the instance is in no Auto Scaling group.
    ///
    /// Which groups the interrupted attempt detached it from cannot be read back, so
    /// `detachedFrom` is empty; `ec2.release` re-attaches from `ec2.capture`'s outputs.
    public func reconcile(_ context: ActionContext) async throws -> Reconciliation {
        let id = try context.instanceID()
        let memberships = try await EC2Inspection(providers: try context.requireProviders(), instanceId: id, clock: context.clock).autoScalingMemberships()
        return memberships.isEmpty ? .completed(["detachedFrom": .list([])]) : .notDone
    }
}
