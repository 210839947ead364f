import Yams

/// Builds a ``Runbook`` from a YAML node tree, collecting a diagnostic for every problem of
/// shape: unknown keys, wrong types, malformed durations and expressions.
///
/// It checks each value where it is written; cross-references (steps, parameters, actions)
/// are the validator's job.
struct RunbookParser: YAMLNodeReader {
    static let documentPlural = "runbooks"
    static let topLevelKeys = ["name", "description", "parameters", "steps"]
    static let parameterKeys = ["type", "required", "default", "enum", "secret", "description"]
    static let stepKeys = ["action", "with", "needs", "when", "decide", "retry", "timeout", "on-failure", "approval", "description"]
    static let retryKeys = ["attempts", "backoff", "initial", "max", "jitter", "on"]
    static let approvalKeys = ["message", "timeout"]
    static let branchKeys = ["when", "goto", "else"]

    let path: String
    let text: String
    /// The text split into lines, for mapping positions inside quoted strings.
    let lines: [Substring]
    var diagnostics: [Diagnostic] = []

    init(path: String, text: String) {
        self.path = path
        self.text = text
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    // MARK: - Runbook

    mutating func runbook(from root: Node) -> Runbook? {
        guard let mapping = mapping(root, "the runbook", fix: "a runbook is a mapping with `name`, `description` and `steps`") else { return nil }
        checkKeys(mapping, allowed: Self.topLevelKeys, in: "the runbook")

        var name = ""
        if let node = mapping["name"] {
            if let value = string(node, "name") {
                if !NameRules.isRunbookName(value) {
                    error(.invalidName, "runbook name '\(value)' must be lowercase letters, digits, '-', '.' or '_'", at: node,
                          fix: "use a name such as `ec2-quarantine`")
                }
                name = value
            }
        } else {
            error(.missingKey, "the runbook has no `name`", at: root, fix: "add `name: my-runbook` at the top")
        }
        let description = mapping["description"].flatMap { string($0, "description") } ?? ""
        var parameters: [Parameter] = []
        if let node = mapping["parameters"] { parameters = self.parameters(from: node) }
        var steps: [Step] = []
        if let node = mapping["steps"] {
            steps = self.steps(from: node)
        } else {
            error(.missingKey, "the runbook has no `steps`", at: root, fix: "add a `steps:` mapping with at least one step")
        }
        return Runbook(name: name, description: description, parameters: parameters, steps: steps,
                       source: RunbookSource(path: path, text: text))
    }

    // MARK: - Parameters

    private mutating func parameters(from node: Node) -> [Parameter] {
        if case .scalar(let scalar) = node, scalarValue(scalar) == .null { return [] }
        guard let mapping = mapping(node, "`parameters`", fix: "write each parameter as `name: { type: string }`") else { return [] }
        var parameters: [Parameter] = []
        for (keyNode, valueNode) in mapping {
            guard let name = key(keyNode) else { continue }
            if !NameRules.isIdentifier(name) {
                error(.invalidName, "parameter name '\(name)' must start with a letter and hold only letters, digits, '-' and '_'", at: keyNode)
                continue
            }
            if let parameter = parameter(named: name, keyNode: keyNode, node: valueNode) { parameters.append(parameter) }
        }
        return parameters
    }

    private mutating func parameter(named name: String, keyNode: Node, node: Node) -> Parameter? {
        let where_ = "parameter '\(name)'"
        guard let mapping = mapping(node, where_, fix: "write `\(name): { type: string, required: true }`") else { return nil }
        checkKeys(mapping, allowed: Self.parameterKeys, in: where_)
        var type = ParameterType.string
        if let typeNode = mapping["type"], let text = string(typeNode, "type of \(where_)") {
            if let parsed = ParameterType(rawValue: text) {
                type = parsed
            } else {
                let names = ParameterType.allCases.map(\.rawValue)
                error(.invalidValue, "unknown parameter type '\(text)'\(Suggestion.phrase(for: text, in: names))", at: typeNode,
                      fix: "the types are \(names.joined(separator: ", "))")
            }
        } else if mapping["type"] == nil {
            error(.missingKey, "\(where_) has no `type`", at: keyNode, fix: "add `type: string` (or int, bool, instance-id, duration, list)")
        }
        let required = mapping["required"].flatMap { bool($0, "`required` of \(where_)") } ?? false
        let secret = mapping["secret"].flatMap { bool($0, "`secret` of \(where_)") } ?? false
        let description = mapping["description"].flatMap { string($0, "description of \(where_)") }
        let defaultValue = mapping["default"].flatMap { valueTemplate($0) }
        var allowed: [Value]?
        if let enumNode = mapping["enum"] {
            if case .sequence(let items) = enumNode, !items.isEmpty {
                allowed = items.compactMap { item in
                    guard case .scalar(let scalar) = item else {
                        error(.wrongShape, "`enum` values of \(where_) must be plain values", at: item)
                        return nil
                    }
                    return scalarValue(scalar)
                }
            } else {
                error(.wrongShape, "`enum` of \(where_) must be a non-empty list", at: enumNode, fix: "write `enum: [low, high]`")
            }
        }
        return Parameter(name: name, type: type, required: required, defaultValue: defaultValue, allowedValues: allowed,
                         secret: secret, description: description, location: location(keyNode))
    }

    // MARK: - Steps

    private mutating func steps(from node: Node) -> [Step] {
        guard let mapping = mapping(node, "`steps`", fix: "write steps as a mapping: `capture: { action: ec2.capture }`") else { return [] }
        if mapping.count == 0 {
            error(.missingKey, "`steps` is empty", at: node, fix: "add at least one step")
            return []
        }
        if mapping.count > RunbookLoader.maximumSteps {
            error(.fileTooLarge, "the runbook has \(mapping.count) steps; at most \(RunbookLoader.maximumSteps) are allowed", at: node,
                  fix: "split it into smaller runbooks")
            return []
        }
        var steps: [Step] = []
        steps.reserveCapacity(mapping.count)
        for (keyNode, valueNode) in mapping {
            guard let name = key(keyNode) else { continue }
            if !NameRules.isIdentifier(name) {
                error(.invalidName, "step name '\(name)' must start with a letter and hold only letters, digits, '-' and '_'", at: keyNode,
                      fix: "rename the step, e.g. `isolate-instance`")
                continue
            }
            if ["params", "steps", "run", "true", "false", "null", "in"].contains(name) {
                error(.invalidName, "'\(name)' is a reserved word and cannot name a step", at: keyNode, fix: "choose another name")
                continue
            }
            if let step = step(named: name, keyNode: keyNode, node: valueNode) { steps.append(step) }
        }
        return steps
    }

    private mutating func step(named name: String, keyNode: Node, node: Node) -> Step? {
        let where_ = "step '\(name)'"
        guard let mapping = mapping(node, where_, fix: "write `\(name): { action: core.noop }`") else { return nil }
        checkKeys(mapping, allowed: Self.stepKeys, in: where_)

        let kind: Step.Kind
        switch (mapping["action"], mapping["decide"]) {
        case (let actionNode?, nil):
            guard let actionName = string(actionNode, "`action` of \(where_)") else { return nil }
            kind = .action(ActionCall(name: Located(actionName, at: location(actionNode)),
                                      inputs: mapping["with"].map { inputs(from: $0, in: where_) } ?? []))
        case (nil, let decideNode?):
            if let withNode = mapping["with"] {
                error(.wrongShape, "\(where_) is a decision and takes no `with`", at: withNode, fix: "remove `with`, or make the step an action")
            }
            for field in ["retry", "timeout"] {
                guard let fieldNode = mapping[field] else { continue }
                error(.wrongShape, "\(where_) is a decision and cannot have `\(field)`", at: fieldNode,
                      fix: "put `\(field)` on the action steps the decision chooses")
            }
            kind = .decision(branches(from: decideNode, in: where_))
        case (.some, .some):
            error(.wrongShape, "\(where_) has both `action` and `decide`", at: keyNode,
                  fix: "split it: an action step, and a decision step that `needs` it")
            return nil
        case (nil, nil):
            error(.missingKey, "\(where_) has neither `action` nor `decide`", at: keyNode,
                  fix: "add `action: core.noop` (or another action), or a `decide:` list")
            return nil
        }

        let needs = mapping["needs"].map { names($0, "`needs` of \(where_)") } ?? []
        let when = mapping["when"].flatMap { expression($0, "`when` of \(where_)") }
        let retry = mapping["retry"].flatMap { self.retryPolicy($0, in: where_) }
        let timeout = mapping["timeout"].flatMap { duration($0, "`timeout` of \(where_)") }
        var onFailure = FailurePolicy.abort
        if let node = mapping["on-failure"], let text = string(node, "`on-failure` of \(where_)") {
            if let policy = FailurePolicy(rawValue: text) {
                onFailure = policy
            } else {
                let names = FailurePolicy.allCases.map(\.rawValue)
                error(.invalidValue, "unknown failure policy '\(text)'\(Suggestion.phrase(for: text, in: names))", at: node,
                      fix: "use one of \(names.joined(separator: ", "))")
            }
        }
        let approvalGate = mapping["approval"].flatMap { self.approval($0, in: where_) }
        let description = mapping["description"].flatMap { string($0, "description of \(where_)") }
        return Step(name: name, location: location(keyNode), description: description, kind: kind, needs: needs, when: when,
                    retry: retry, timeout: timeout, onFailure: onFailure, approval: approvalGate)
    }

    private mutating func inputs(from node: Node, in where_: String) -> [ActionInput] {
        if case .scalar(let scalar) = node, scalarValue(scalar) == .null { return [] }
        guard let mapping = mapping(node, "`with` of \(where_)", fix: "write inputs as a mapping: `with: { instance: \"${{ params.instance }}\" }`") else { return [] }
        var inputs: [ActionInput] = []
        for (keyNode, valueNode) in mapping {
            guard let name = key(keyNode), let value = valueTemplate(valueNode) else { continue }
            inputs.append(ActionInput(name: name, value: value, location: location(keyNode)))
        }
        return inputs
    }

    private mutating func branches(from node: Node, in where_: String) -> [DecisionBranch] {
        guard case .sequence(let items) = node, !items.isEmpty else {
            error(.wrongShape, "`decide` of \(where_) must be a non-empty list of branches", at: node,
                  fix: "write `decide: [{ when: <condition>, goto: [step] }, { else: [step] }]`")
            return []
        }
        var branches: [DecisionBranch] = []
        for (index, item) in items.enumerated() {
            let branchWhere = "branch \(index + 1) of \(where_)"
            guard let mapping = mapping(item, branchWhere, fix: "write `- when: <condition>` with `goto: [step]`, or `- else: [step]`") else { continue }
            checkKeys(mapping, allowed: Self.branchKeys, in: branchWhere)
            if let elseNode = mapping["else"] {
                if mapping["when"] != nil || mapping["goto"] != nil {
                    error(.wrongShape, "\(branchWhere) mixes `else` with `when`/`goto`", at: item,
                          fix: "an else branch is just `- else: [step]`")
                }
                if index != items.count - 1 {
                    error(.wrongShape, "the `else` branch of \(where_) must be the last", at: item,
                          fix: "move `else` to the end: branches are tried in order")
                }
                branches.append(DecisionBranch(condition: nil, targets: names(elseNode, "`else` of \(where_)"), location: location(item)))
                continue
            }
            guard let whenNode = mapping["when"] else {
                error(.missingKey, "\(branchWhere) has no `when`", at: item, fix: "add `when: <condition>`, or make it `else:`")
                continue
            }
            guard let gotoNode = mapping["goto"] else {
                error(.missingKey, "\(branchWhere) has no `goto`", at: item, fix: "add `goto: [step]` naming the steps this branch runs")
                continue
            }
            guard let condition = expression(whenNode, "`when` of \(branchWhere)") else { continue }
            branches.append(DecisionBranch(condition: condition, targets: names(gotoNode, "`goto` of \(branchWhere)"), location: location(item)))
        }
        return branches
    }

    private mutating func retryPolicy(_ node: Node, in where_: String) -> RetryPolicy? {
        let field = "`retry` of \(where_)"
        if case .scalar(let scalar) = node, case .int(let attempts) = scalarValue(scalar) {
            guard (1...100).contains(attempts) else {
                error(.invalidValue, "\(field) must allow 1 to 100 attempts, not \(attempts)", at: node)
                return nil
            }
            return RetryPolicy(attempts: attempts)
        }
        guard let mapping = mapping(node, field, fix: "write `retry: { attempts: 5, backoff: exponential, initial: 1s, max: 20s }` or `retry: 3`") else { return nil }
        checkKeys(mapping, allowed: Self.retryKeys, in: field)
        var policy = RetryPolicy()
        if let attemptsNode = mapping["attempts"], let attempts = int(attemptsNode, "`attempts` of \(field)") {
            if (1...100).contains(attempts) {
                policy.attempts = attempts
            } else {
                error(.invalidValue, "`attempts` must be between 1 and 100, not \(attempts)", at: attemptsNode)
            }
        }
        if let backoffNode = mapping["backoff"], let text = string(backoffNode, "`backoff` of \(field)") {
            if let backoff = RetryPolicy.Backoff(rawValue: text) { policy.backoff = backoff } else {
                error(.invalidValue, "unknown backoff '\(text)'\(Suggestion.phrase(for: text, in: RetryPolicy.Backoff.allCases.map(\.rawValue)))",
                      at: backoffNode, fix: "use `constant` or `exponential`")
            }
        }
        if let jitterNode = mapping["jitter"], let text = string(jitterNode, "`jitter` of \(field)") {
            if let jitter = RetryPolicy.Jitter(rawValue: text) { policy.jitter = jitter } else {
                error(.invalidValue, "unknown jitter '\(text)'\(Suggestion.phrase(for: text, in: RetryPolicy.Jitter.allCases.map(\.rawValue)))",
                      at: jitterNode, fix: "use `none` or `full`")
            }
        }
        if let initialNode = mapping["initial"], let initial = duration(initialNode, "`initial` of \(field)") { policy.initial = initial }
        if mapping["max"] == nil, policy.maximum < policy.initial {
            // Only `initial` was written: the default cap must not be below it.
            policy.maximum = policy.initial
        }
        if let maxNode = mapping["max"], let maximum = duration(maxNode, "`max` of \(field)") {
            policy.maximum = maximum
            if maximum < policy.initial {
                error(.invalidValue, "`max` (\(maximum)) is shorter than `initial` (\(policy.initial))", at: maxNode,
                      fix: "make `max` at least \(policy.initial)")
            }
        }
        if let onNode = mapping["on"] {
            policy.retryOn = names(onNode, "`on` of \(field)").map(\.value)
        }
        return policy
    }

    private mutating func approval(_ node: Node, in where_: String) -> Approval? {
        let field = "`approval` of \(where_)"
        if case .scalar(let scalar) = node {
            switch scalarValue(scalar) {
            case .bool(true): return Approval()
            case .bool(false): return nil
            case .string(let text) where ["yes", "no", "on", "off", "y", "n"].contains(text.lowercased()):
                error(.invalidValue, "\(field) is '\(text)', which YAML 1.2 reads as text, not as true or false", at: node,
                      fix: "write `approval: true` or `approval: false`, or a question in quotes")
                return nil
            case .string(let text):
                return template(text, scalar: scalar, node: node, field).map { Approval(message: $0) }
            default: break
            }
        }
        guard let mapping = mapping(node, field, fix: "write `approval: true`, `approval: \"Isolate it?\"` or `approval: { message: …, timeout: 1h }`") else { return nil }
        checkKeys(mapping, allowed: Self.approvalKeys, in: field)
        var approval = Approval()
        if let messageNode = mapping["message"], let text = string(messageNode, "`message` of \(field)"), case .scalar(let scalar) = messageNode {
            approval.message = template(text, scalar: scalar, node: messageNode, field)
        }
        if let timeoutNode = mapping["timeout"] { approval.timeout = duration(timeoutNode, "`timeout` of \(field)") }
        return approval
    }
}
