public import AuditStore
public import RunbookModel

/// One attribute of one cloud resource that a step changed: what it was, what it became, and
/// the undo that would restore it.
public struct ResourceChange: Hashable, Sendable {
    /// The step that made the change.
    public var step: String
    /// Its action, such as `ec2.isolate`.
    public var action: String
    /// The resource, such as `eni-0abc` or `i-123`.
    public var resource: String
    /// What changed, such as `security groups`.
    public var attribute: String
    /// The value before.
    public var before: String
    /// The value after.
    public var after: String
    /// The action's undo, as its signature describes it (`nil` when it has none).
    public var undo: String?
    /// `undoing`, `undone` or `undo-failed` once compensation touched the step.
    public var undoStatus: String?

    /// Creates a change.
    ///
    /// - Parameters:
    ///   - step: The step.
    ///   - action: The action.
    ///   - resource: The resource.
    ///   - attribute: What changed.
    ///   - before: The value before.
    ///   - after: The value after.
    ///   - undo: The undo.
    ///   - undoStatus: The compensation state.
    public init(step: String, action: String, resource: String, attribute: String, before: String, after: String, undo: String?, undoStatus: String?) {
        self.step = step
        self.action = action
        self.resource = resource
        self.attribute = attribute
        self.before = before
        self.after = after
        self.undo = undo
        self.undoStatus = undoStatus
    }
}

/// The state of an instance as a successful `ec2.capture` recorded it, before any change.
public struct CapturedState: Hashable, Sendable {
    /// The capture step.
    public var step: String
    /// The instance.
    public var instance: String
    /// The capture's outputs, without the evidence reference.
    public var outputs: [String: Value]

    /// Creates a captured state.
    ///
    /// - Parameters:
    ///   - step: The step.
    ///   - instance: The instance.
    ///   - outputs: The outputs.
    public init(step: String, instance: String, outputs: [String: Value]) {
        self.step = step
        self.instance = instance
        self.outputs = outputs
    }
}

/// Reads before/after states out of the outputs of successful steps.
///
/// Each EC2 action records what it needs to undo itself (`ec2.isolate` the original groups of
/// each ENI, `ec2.protect` the previous attributes, …); those outputs are the "before", and the
/// action's effect the "after". A mutating action this type does not know yields one row with
/// its outputs.
public enum ResourceChanges {
    /// The changes of a run, in step order.
    ///
    /// - Parameters:
    ///   - steps: Every attempt of the run, in the order they began.
    ///   - catalog: The actions, for undo texts and whether an unknown action mutates.
    /// - Returns: The changes.
    public static func changes(in steps: [StepExecution], catalog: ActionCatalog) -> [ResourceChange] {
        let captured = self.captured(in: steps)
        var changes: [ResourceChange] = []
        for step in steps where step.status == .succeeded {
            guard let action = step.action, case .object(let outputs)? = step.outputs else { continue }
            let signature = catalog[action]
            let instance = step.inputs?[member: "instance"].stringValue ?? outputs["instance"]?.stringValue ?? "-"
            func change(_ resource: String, _ attribute: String, _ before: String, _ after: String) {
                changes.append(ResourceChange(step: step.step, action: action, resource: resource, attribute: attribute, before: before,
                                              after: before == after ? "\(after) (unchanged)" : after, undo: signature?.undo, undoStatus: step.undoStatus))
            }
            switch action {
            case "ec2.capture":
                continue
            case "ec2.isolate":
                let quarantine = outputs["quarantineGroup"]?.stringValue ?? "?"
                if case .object(let original)? = outputs["originalGroups"] {
                    for eni in original.keys.sorted() { change(eni, "security groups", list(original[eni]!), quarantine) }
                }
            case "ec2.protect":
                change(instance, "termination protection", text(outputs["previousTerminationProtection"]), "true")
                change(instance, "shutdown behaviour", text(outputs["previousShutdownBehavior"]), "stop")
            case "ec2.detach":
                for group in strings(outputs["detachedFrom"]) {
                    change(instance, "Auto Scaling group \(group)", "member", "detached (desired capacity kept)")
                }
            case "ec2.deregister":
                for name in strings(outputs["loadBalancers"]) { change(instance, "classic load balancer \(name)", "registered", "deregistered") }
                for target in items(outputs["targetGroups"]) {
                    let arn = target[member: "arn"].stringValue ?? target.interpolated
                    let port = target[member: "port"] == .null ? "" : ":\(target[member: "port"].interpolated)"
                    change(instance, "target group \(arn)\(port)", "registered", "deregistered")
                }
            case "ec2.tag":
                let before = captured.first { $0.instance == instance }?.outputs["tags"] ?? .null
                if case .object(let tags)? = outputs["tags"] {
                    for key in tags.keys.sorted() {
                        let previous = before[member: key]
                        change(instance, "tag \(key)", previous == .null ? "(absent)" : previous.interpolated, tags[key]!.interpolated)
                    }
                }
            case "ec2.snapshot":
                for snapshot in items(outputs["snapshots"]) {
                    let volume = snapshot[member: "volumeId"].stringValue ?? "?"
                    let state = snapshot[member: "state"].stringValue.map { " (\($0))" } ?? ""
                    change(volume, "snapshot", "(none)", "\(snapshot[member: "id"].interpolated)\(state)")
                }
            case "ec2.stop":
                change(instance, "instance state", text(outputs["previousState"]), "stopped")
            default:
                guard signature?.mutates == true, !outputs.isEmpty else { continue }
                change(instance, "outputs", "-", ReportFormatting.short(Value.object(outputs).json))
            }
        }
        return changes
    }

    /// The states successful `ec2.capture` steps recorded, in step order.
    ///
    /// - Parameter steps: Every attempt of the run.
    /// - Returns: The captured states.
    public static func captured(in steps: [StepExecution]) -> [CapturedState] {
        steps.compactMap { step in
            guard step.action == "ec2.capture", step.status == .succeeded, case .object(var outputs)? = step.outputs else { return nil }
            outputs["evidence"] = nil
            let instance = outputs["instanceId"]?.stringValue ?? step.inputs?[member: "instance"].stringValue ?? "-"
            return CapturedState(step: step.step, instance: instance, outputs: outputs)
        }
    }

    private static func text(_ value: Value?) -> String {
        guard let value, value != .null else { return "(unknown)" }
        return value.interpolated
    }

    private static func items(_ value: Value?) -> [Value] {
        if case .list(let items)? = value { return items }
        return []
    }

    private static func strings(_ value: Value?) -> [String] {
        items(value).map(\.interpolated)
    }

    private static func list(_ value: Value) -> String {
        let names = items(value).map(\.interpolated)
        return names.isEmpty ? "(none)" : names.joined(separator: ", ")
    }
}
