public import RunbookModel
import Providers

/// `ec2.stop`: stops the instance when it is running or pending (memory evidence is lost).
public struct EC2StopAction: ActionImplementation {
    public init() {}
    public var signature: ActionSignature { EC2Signatures.stop }

    /// Stops the instance unless it is already stopping, stopped or gone.
    ///
    /// - Parameter context: Input `instance`.
    /// - Returns: `previousState`.
    /// - Throws: ``ActionError`` `InvalidInput`; `AWSError` (`IncorrectInstanceState`).
    public func run(_ context: ActionContext) async throws -> [String: Value] {
        let id = try context.instanceID()
        let providers = try context.requireProviders()
        let state = try await EC2Inspection(providers: providers, instanceId: id, clock: context.clock).instance().state
        if state == .running || state == .pending {
            _ = try await providers.ec2.stopInstances(StopInstancesInput(instanceIds: [id]))
            context.log(.info, "stopping \(id) (was \(state.rawValue))")
        }
        return ["previousState": .string(state.rawValue)]
    }

    /// Describes what would change.
    public func plan(_ context: ActionContext) async throws -> [String: Value] {
        let id = try context.instanceID()
        let state = try await EC2Inspection(providers: try context.requireProviders(), instanceId: id, clock: context.clock).instance().state
        let text = state == .running || state == .pending
            ? "stop \(id) (\(state.rawValue) → stopped); its memory is lost"
            : "\(id) is \(state.rawValue): nothing to stop"
        return ["wouldDo": .string(text), "previousState": .string(state.rawValue)]
    }

    /// Nothing: a stopped instance is started by hand if needed. Makes no AWS call.
    public func undo(_ context: ActionContext, outputs: [String: Value]) async throws -> [String: Value] {
        context.log(.info, "ec2.stop is not undone: start the instance by hand if needed")
        return [:]
    }

    /// Completed when the instance is stopping or stopped.
    ///
    /// The state before the interrupted attempt cannot be read back; `previousState` is the
    /// current one (`stopping` or `stopped`).
    public func reconcile(_ context: ActionContext) async throws -> Reconciliation {
        let id = try context.instanceID()
        let state = try await EC2Inspection(providers: try context.requireProviders(), instanceId: id, clock: context.clock).instance().state
        return state == .stopping || state == .stopped ? .completed(["previousState": .string(state.rawValue)]) : .notDone
    }
}
