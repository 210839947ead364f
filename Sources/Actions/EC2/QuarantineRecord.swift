import RunbookModel

/// What a recorded quarantine run says about one instance: its state as `ec2.capture` found it
/// before anything changed, and the tag prefix the run used. `ec2.release` restores from it.
///
/// Capture outputs are the source because they are the originals: outputs of later steps may
/// come from a reconciliation after a crash, which cannot know what was there before.
struct QuarantineRecord: Sendable {
    /// The instance as captured.
    struct CapturedInstance: Sendable {
        var instanceId: String
        /// Interface ids in device order, with their groups.
        var interfaces: [(id: String, groups: [String])]
        var loadBalancers: [String]
        var targetGroups: [TargetRef]
        var autoScalingGroups: [String]
        var terminationProtection: Bool?
        var shutdownBehavior: String?

        /// Reads `ec2.capture`'s outputs; `nil` when they lack an instance id.
        init?(_ outputs: Value) {
            guard let id = outputs[member: "instanceId"].stringValue else { return nil }
            instanceId = id
            interfaces = (outputs[member: "networkInterfaces"].items ?? []).compactMap { interface in
                guard let eni = interface[member: "id"].stringValue else { return nil }
                return (eni, interface[member: "groups"].strings ?? [])
            }
            loadBalancers = outputs[member: "loadBalancers"].strings ?? []
            targetGroups = (outputs[member: "targetGroups"].items ?? []).compactMap(TargetRef.init)
            autoScalingGroups = outputs[member: "autoScalingGroups"].strings ?? []
            terminationProtection = outputs[member: "terminationProtection"].boolValue
            shutdownBehavior = outputs[member: "shutdownBehavior"].stringValue
        }
    }

    var runID: String
    var captured: CapturedInstance
    /// The prefix of the quarantine tags (`quarantine` unless the run said otherwise).
    var tagPrefix: String

    /// Finds the capture of `instance` (or the run's only captured instance) in a stored run.
    ///
    /// - Parameters:
    ///   - run: The stored run, or `nil` when the audit store does not know it.
    ///   - runID: The id asked for (for messages).
    ///   - instance: The instance to release, or `nil` for the run's only one.
    /// - Throws: ``ActionError`` `UnknownRun`, `NotAQuarantineRun` (no succeeded `ec2.capture`
    ///   step, or a dry run), `InstanceNotInRun`, `AmbiguousInstance`.
    static func read(_ run: StoredRun?, runID: String, instance: String?) throws -> QuarantineRecord {
        guard let run else {
            throw ActionError(code: "UnknownRun", message: "the audit store has no run '\(runID.prefix(80))'; list runs with `irun runs`")
        }
        guard run.header.mode != .dryRun else {
            throw ActionError(code: "NotAQuarantineRun", message: "run \(runID) (\(run.header.runbookName)) was a dry run and changed nothing; there is nothing to release")
        }
        var actionOfStep: [String: String] = [:]
        var tagInputsPrefix: String?
        for event in run.events where event.kind == .stepStarted {
            guard let step = event.step, let action = event.payload[member: "action"].stringValue else { continue }
            actionOfStep[step] = action
            if action == "ec2.tag", let prefix = event.payload[member: "inputs"][member: "prefix"].stringValue { tagInputsPrefix = prefix }
        }
        var captures: [CapturedInstance] = []
        for event in run.events where event.kind == .stepSucceeded {
            guard let step = event.step, actionOfStep[step] == "ec2.capture", let captured = CapturedInstance(event.payload[member: "outputs"]) else { continue }
            captures.removeAll { $0.instanceId == captured.instanceId }
            captures.append(captured)
        }
        guard !captures.isEmpty else {
            throw ActionError(code: "NotAQuarantineRun", message: "run \(runID) (\(run.header.runbookName)) has no succeeded ec2.capture step, so it recorded no original state to restore")
        }
        let captured: CapturedInstance
        if let instance {
            guard let match = captures.first(where: { $0.instanceId == instance }) else {
                throw ActionError(code: "InstanceNotInRun", message: "run \(runID) captured \(captures.map(\.instanceId).joined(separator: ", ")), not \(instance)")
            }
            captured = match
        } else {
            guard captures.count == 1 else {
                throw ActionError(code: "AmbiguousInstance", message: "run \(runID) captured several instances (\(captures.map(\.instanceId).joined(separator: ", "))); name one with the instance input")
            }
            captured = captures[0]
        }
        let prefix = run.header.parameters["tag-prefix"]?.stringValue ?? tagInputsPrefix ?? "quarantine"
        return QuarantineRecord(runID: run.header.id, captured: captured, tagPrefix: prefix)
    }
}
