public import RunbookModel
import Providers

/// `ec2.protect`: turns termination protection on and sets the shutdown behaviour to `stop`,
/// changing only what is not already so.
///
/// It does not stop Auto Scaling from terminating the instance; `ec2.detach` does.
public struct EC2ProtectAction: ActionImplementation {
    public init() {}
    public var signature: ActionSignature { EC2Signatures.protect }

    /// Protects the instance.
    ///
    /// - Parameter context: Input `instance`.
    /// - Returns: `previousTerminationProtection` and `previousShutdownBehavior`.
    /// - Throws: ``ActionError`` `InvalidInput`; `AWSError` (`IncorrectInstanceState` for a terminated instance).
    public func run(_ context: ActionContext) async throws -> [String: Value] {
        let id = try context.instanceID()
        let ec2 = try context.requireProviders().ec2
        let current = try await EC2Inspection(providers: try context.requireProviders(), instanceId: id, clock: context.clock).protection()
        if !current.terminationProtection {
            try await ec2.modifyInstanceAttribute(ModifyInstanceAttributeInput(instanceId: id, change: .disableApiTermination(true)))
        }
        if current.shutdownBehavior != "stop" {
            try await ec2.modifyInstanceAttribute(ModifyInstanceAttributeInput(instanceId: id, change: .instanceInitiatedShutdownBehavior("stop")))
        }
        return Self.outputs(current.terminationProtection, current.shutdownBehavior)
    }

    /// Describes what would change.
    public func plan(_ context: ActionContext) async throws -> [String: Value] {
        let id = try context.instanceID()
        let current = try await EC2Inspection(providers: try context.requireProviders(), instanceId: id, clock: context.clock).protection()
        var changes: [String] = []
        if !current.terminationProtection { changes.append("set DisableApiTermination false → true") }
        if current.shutdownBehavior != "stop" { changes.append("set InstanceInitiatedShutdownBehavior \(current.shutdownBehavior) → stop") }
        let text = changes.isEmpty
            ? "\(id) is already protected (DisableApiTermination true, shutdown behaviour stop): nothing to change"
            : "on \(id): " + sentence(changes)
        return ["wouldDo": .string(text)].merging(Self.outputs(current.terminationProtection, current.shutdownBehavior)) { first, _ in first }
    }

    /// Restores the recorded termination protection and shutdown behaviour (only what differs).
    ///
    /// - Parameter outputs: The outputs of the run being undone.
    /// - Returns: `restored`: the attributes written.
    public func undo(_ context: ActionContext, outputs: [String: Value]) async throws -> [String: Value] {
        let id = try context.instanceID()
        let ec2 = try context.requireProviders().ec2
        let current = try await EC2Inspection(providers: try context.requireProviders(), instanceId: id, clock: context.clock).protection()
        var restored: [String: Value] = [:]
        if let previous = outputs["previousTerminationProtection"]?.boolValue, previous != current.terminationProtection {
            try await ec2.modifyInstanceAttribute(ModifyInstanceAttributeInput(instanceId: id, change: .disableApiTermination(previous)))
            restored["terminationProtection"] = .bool(previous)
        }
        if let previous = outputs["previousShutdownBehavior"]?.stringValue, previous != current.shutdownBehavior {
            try await ec2.modifyInstanceAttribute(ModifyInstanceAttributeInput(instanceId: id, change: .instanceInitiatedShutdownBehavior(previous)))
            restored["shutdownBehavior"] = .string(previous)
        }
        return ["restored": .object(restored)]
    }

    /// Completed when protection is on and the behaviour is `stop`.
    ///
    /// The values before the interrupted attempt cannot be read back any more, so the
    /// reported "previous" values are the current ones (`true`, `stop`): undoing such a
    /// reconciled step leaves the protection on. `ec2.release` restores the true originals
    /// from `ec2.capture`'s outputs instead.
    public func reconcile(_ context: ActionContext) async throws -> Reconciliation {
        let id = try context.instanceID()
        let current = try await EC2Inspection(providers: try context.requireProviders(), instanceId: id, clock: context.clock).protection()
        guard current.terminationProtection, current.shutdownBehavior == "stop" else { return .notDone }
        return .completed(Self.outputs(current.terminationProtection, current.shutdownBehavior))
    }

    static func outputs(_ protection: Bool, _ behaviour: String) -> [String: Value] {
        ["previousTerminationProtection": .bool(protection), "previousShutdownBehavior": .string(behaviour)]
    }
}
