public import RunbookModel

/// The input `irun sfn start` gives an execution: the bound parameters under their keys, the
/// approval queue, and for the fleet form the instances and the error budget as a count.
public enum ExecutionInput {
    /// The input's JSON text.
    ///
    /// - Parameters:
    ///   - plan: The runbook.
    ///   - parameters: Every parameter, bound and checked as `irun execute` binds them.
    ///   - instances: The fleet's instances (the fleet form), or `nil`.
    ///   - approvalQueueURL: Where approvals are sent, when the runbook has any.
    ///   - maxErrors: The fleet's error budget as a count of instances.
    public static func json(plan: Plan, parameters: [String: Value], instances: [String]?, approvalQueueURL: String?, maxErrors: Int?) -> String {
        var params: [ASLNode.Member] = []
        for parameter in plan.runbook.parameters where instances == nil || parameter.name != "instance" {
            params.append(ASLNode.Member(DataLayout.key(parameter.name), ASLNode(parameters[parameter.name] ?? .null)))
        }
        var settings: [ASLNode.Member] = []
        if let approvalQueueURL { settings.append(ASLNode.Member("approvalQueueUrl", .string(approvalQueueURL))) }
        if let maxErrors { settings.append(ASLNode.Member("maxErrors", .int(maxErrors))) }
        var members = [ASLNode.Member("params", .object(params))]
        if let instances { members.append(ASLNode.Member("instances", .array(instances.map(ASLNode.string)))) }
        members.append(ASLNode.Member("irun", .object(settings)))
        return ASLNode.object(members).rendered(pretty: false)
    }

    /// The runbook's parameters given in an execution's input, by their runbook names.
    public static func parameters(in input: String?, plan: Plan) -> [String: Value] {
        let params = ExecutionEvent.json(input)[member: "params"]
        var values: [String: Value] = [:]
        for parameter in plan.runbook.parameters {
            let value = params[member: DataLayout.key(parameter.name)]
            if value != .null { values[parameter.name] = value }
        }
        return values
    }

    /// The instances of a fleet execution's input.
    public static func instances(in input: String?) -> [String] {
        guard case .list(let items) = ExecutionEvent.json(input)[member: "instances"] else { return [] }
        return items.compactMap(\.stringValue)
    }

    /// Whether a compiled runbook waits for approvals (and so needs the approval queue).
    public static func needsApprovalQueue(_ plan: Plan) -> Bool {
        plan.runbook.steps.contains { $0.approval != nil }
    }
}
