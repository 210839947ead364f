public import RunbookModel
import Providers

/// `ec2.release`: undoes a quarantine from what its run recorded, after capturing the
/// instance's current state as evidence (`release-before`).
///
/// The originals come from the quarantine run's `ec2.capture` outputs, read from the audit
/// store: security groups per interface (for interfaces still attached), classic load
/// balancers and target groups (with ports), Auto Scaling groups, termination protection and
/// shutdown behaviour; then the quarantine tags are deleted (prefix from the run's
/// `tag-prefix` parameter). Every part checks before it acts, so a retry or a second release
/// changes nothing. It refuses an instance that is terminated or shutting down.
public struct EC2ReleaseAction: ActionImplementation {
    public init() {}
    public var signature: ActionSignature { EC2Signatures.release }

    /// Releases the instance.
    ///
    /// - Parameter context: Inputs `run` and optional `instance`.
    /// - Returns: `instance`, `restored` (what this call changed: `{groups: {eni: [ids]},
    ///   loadBalancers, targetGroups, autoScalingGroups, protection, tagsRemoved}`), `evidence`.
    /// - Throws: ``ActionError`` `InvalidInput`, `UnknownRun`, `NotAQuarantineRun`, `InstanceNotInRun`,
    ///   `AmbiguousInstance`, `InstanceGone`; `AWSError`.
    public func run(_ context: ActionContext) async throws -> [String: Value] {
        let (record, providers) = try await read(context)
        let id = record.captured.instanceId
        let current = try await Self.current(id, providers: providers, clock: context.clock)
        let evidence = try await current.record(in: context, as: context.evidenceName("release-before", usualStep: "release"))
        let changes = ReleaseChanges(record, current: current)
        for note in changes.notes { context.log(.warning, note) }
        try await changes.apply(to: id, providers: providers)
        if !changes.isEmpty { context.log(.info, "released \(id): " + sentence(changes.describe(id))) }
        return ["instance": .string(id), "restored": changes.restoredValue, "evidence": evidence]
    }

    /// Describes what it would restore.
    public func plan(_ context: ActionContext) async throws -> [String: Value] {
        let (record, providers) = try await read(context)
        let id = record.captured.instanceId
        let changes = ReleaseChanges(record, current: try await Self.current(id, providers: providers, clock: context.clock))
        let parts = changes.describe(id)
        let text = parts.isEmpty
            ? "\(id) is already as run \(record.runID) captured it: nothing to restore"
            : "capture \(id) as evidence (release-before), then " + sentence(parts + changes.notes)
        return ["wouldDo": .string(text), "instance": .string(id), "restored": changes.restoredValue]
    }

    /// Completed when nothing is left to restore.
    ///
    /// The interrupted attempt's evidence and list of changes cannot be read back: `restored`
    /// lists nothing and `evidence` is null (the artifact itself is in the audit store).
    public func reconcile(_ context: ActionContext) async throws -> Reconciliation {
        let (record, providers) = try await read(context)
        let id = record.captured.instanceId
        let current = try await Self.current(id, providers: providers, clock: context.clock)
        guard ReleaseChanges(record, current: current).isEmpty else { return .notDone }
        return .completed(["instance": .string(id), "restored": ReleaseChanges(record, current: current).restoredValue, "evidence": .null])
    }

    /// Release is undone by running the quarantine again, not by this action.
    public func undo(_ context: ActionContext, outputs: [String: Value]) async throws -> [String: Value] {
        throw ActionError(code: "NoUndo", message: "ec2.release is undone by running the quarantine again")
    }

    /// The checked inputs and the quarantine run's record.
    private func read(_ context: ActionContext) async throws -> (QuarantineRecord, AWSProviders) {
        guard let runID = try context.optionalString("run") else {
            throw ActionError(code: "InvalidInput", message: "input 'run' of step '\(context.step)' must name the quarantine run to undo")
        }
        let instance = try context.optionalString("instance") == nil ? nil : try context.instanceID()
        let providers = try context.requireProviders()
        let record = try QuarantineRecord.read(try await context.runHistory(runID), runID: runID, instance: instance)
        return (record, providers)
    }

    /// The instance as it is now; refuses one that is gone.
    private static func current(_ id: String, providers: AWSProviders, clock: any ProviderClock) async throws -> InstanceDescription {
        let inspection = EC2Inspection(providers: providers, instanceId: id, clock: clock)
        let instance = try await inspection.instance()
        guard instance.state != .terminated, instance.state != .shuttingDown else {
            throw ActionError(code: "InstanceGone", message: "\(id) is \(instance.state.rawValue); there is nothing to release")
        }
        return try await InstanceDescription.gather(inspection, instance: instance)
    }
}
