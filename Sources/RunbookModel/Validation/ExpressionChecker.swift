/// Checks an expression before any run: every name it reads exists and is available where
/// it is used, and operands have types the operators accept. Returns the expression's type.
struct ExpressionChecker {
    /// The roots an expression may read, and the fields of `run`.
    static let roots = ["params", "steps", "run"]
    static let runFields = ["id", "runbook", "mode", "actor", "provider", "startedAt"]
    static let stepFields = ["output", "status"]
    static let decisionOutputs: [String: ValueType] = ["branch": .int, "chosen": .list]

    let runbook: Runbook
    let catalog: ActionCatalog
    /// The step the expression belongs to; `nil` for parameter defaults (which may read only `run`).
    let currentStep: Int?
    let stepIndex: [String: Int]
    /// Whether step `a` is an ancestor of step `b` (runs before it on every path that runs `b`).
    let isUpstream: (_ a: Int, _ of: Int) -> Bool

    private(set) var diagnostics: [Diagnostic] = []

    init(runbook: Runbook, catalog: ActionCatalog, currentStep: Int?, stepIndex: [String: Int],
         isUpstream: @escaping (Int, Int) -> Bool) {
        self.runbook = runbook
        self.catalog = catalog
        self.currentStep = currentStep
        self.stepIndex = stepIndex
        self.isUpstream = isUpstream
    }

    /// Checks a located expression and returns its static type.
    mutating func check(_ located: LocatedExpression) -> ValueType {
        infer(located.expression, located)
    }

    private mutating func report(_ code: Diagnostic.Code, _ message: String, _ expression: Expression, _ located: LocatedExpression,
                                 fix: String? = nil, severity: Diagnostic.Severity = .error) {
        diagnostics.append(Diagnostic(severity: severity, code: code, message: message,
                                      location: located.location(ofOffset: expression.offset), fix: fix))
    }

    private mutating func infer(_ expression: Expression, _ located: LocatedExpression) -> ValueType {
        if let path = expression.referencePath { return reference(path, expression, located) }
        switch expression.kind {
        case .literal(let value):
            return value.type
        case .root:
            return .any
        case .member(let base, _):
            _ = infer(base, located)
            return .any
        case .index(let base, let index):
            _ = infer(base, located)
            _ = infer(index, located)
            return .any
        case .list(let items):
            for item in items { _ = infer(item, located) }
            return .list
        case .not(let operand):
            _ = infer(operand, located)
            return .bool
        case .binary(let op, let lhs, let rhs):
            let left = infer(lhs, located), right = infer(rhs, located)
            checkOperands(op, left, right, expression, located)
            return .bool
        case .call(let function, let arguments):
            let types = arguments.map { infer($0, located) }
            checkArguments(function, types, expression, located)
            return function.resultType
        }
    }

    private mutating func checkOperands(_ op: BinaryOperator, _ left: ValueType, _ right: ValueType,
                                        _ expression: Expression, _ located: LocatedExpression) {
        let known = left != .any && right != .any && left != .null && right != .null
        switch op {
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            let numeric: Set<ValueType> = [.int, .number]
            if known && !(numeric.contains(left) && numeric.contains(right)) && !(left.isStringLike && right.isStringLike) {
                report(.typeMismatch, "'\(op.rawValue)' compares \(left) with \(right); only numbers with numbers or text with text can be ordered",
                       expression, located, fix: "compare values of the same type, e.g. `len(x) > 0`")
            }
        case .equal, .notEqual:
            if known && !left.accepts(right) && !right.accepts(left) {
                report(.typeMismatch, "'\(op.rawValue)' compares \(left) with \(right), which are never equal", expression, located,
                       fix: "compare with a value of type \(left), e.g. quote text: \"'running'\"", severity: .warning)
            }
        case .in:
            if right != .any && right != .null && ![.list, .object].contains(right) && !right.isStringLike {
                report(.typeMismatch, "'in' needs a list, object or text on its right, not \(right)", expression, located,
                       fix: "write e.g. `'sg-1' in steps.capture.output.securityGroups`")
            }
        case .and, .or:
            break
        }
    }

    private mutating func checkArguments(_ function: ExpressionFunction, _ types: [ValueType], _ expression: Expression,
                                         _ located: LocatedExpression) {
        let first = types.first ?? .any
        let fits: Bool
        switch function {
        case .len, .contains: fits = [.any, .null, .list, .object].contains(first) || first.isStringLike
        case .startsWith, .endsWith: fits = types.allSatisfy { $0 == .any || $0 == .null || $0.isStringLike }
        case .lower, .upper: fits = first == .any || first == .null || first.isStringLike
        }
        if !fits {
            report(.typeMismatch, "\(function.rawValue)() cannot take \(types.map(\.description).joined(separator: ", "))", expression, located,
                   fix: function == .len ? "len() counts the items of a list, the members of an object or the characters of text" : nil)
        }
    }

    /// Resolves `params.x`, `steps.s.output.f`, `run.id` and reports what does not exist.
    private mutating func reference(_ path: [String], _ expression: Expression, _ located: LocatedExpression) -> ValueType {
        let root = path[0]
        switch root {
        case "params":
            guard currentStep != nil else {
                report(.unknownParameter, "a parameter default may read only `run` (e.g. run.id), not other parameters", expression, located)
                return .any
            }
            guard path.count > 1 else { return .object }
            guard let parameter = runbook.parameter(named: path[1]) else {
                let names = runbook.parameters.map(\.name)
                report(.unknownParameter, "unknown parameter '\(path[1])'\(Suggestion.phrase(for: path[1], in: names))", expression, located,
                       fix: names.isEmpty ? "declare it under `parameters:`" : "the parameters are \(names.joined(separator: ", "))")
                return .any
            }
            return path.count == 2 ? parameter.type.valueType : .any
        case "steps":
            guard let current = currentStep else {
                report(.unknownStep, "a parameter default may read only `run` (e.g. run.id), not step outputs", expression, located)
                return .any
            }
            guard path.count > 1 else { return .object }
            return stepReference(path, from: current, expression, located)
        case "run":
            guard path.count > 1 else { return .object }
            guard Self.runFields.contains(path[1]) else {
                report(.unknownOutput, "`run` has no field '\(path[1])'\(Suggestion.phrase(for: path[1], in: Self.runFields))", expression, located,
                       fix: "the fields of run are \(Self.runFields.joined(separator: ", "))")
                return .any
            }
            return path.count == 2 ? .string : .any
        default:
            report(.unknownName, "unknown name '\(root)'\(Suggestion.phrase(for: root, in: Self.roots))", expression, located,
                   fix: "expressions read `params.<name>`, `steps.<step>.output.<field>` and `run.<field>`; quote text as 'text'")
            return .any
        }
    }

    private mutating func stepReference(_ path: [String], from current: Int, _ expression: Expression, _ located: LocatedExpression) -> ValueType {
        let name = path[1]
        guard let target = stepIndex[name] else {
            report(.unknownStep, "unknown step '\(name)'\(Suggestion.phrase(for: name, in: stepIndex.keys.sorted()))", expression, located)
            return .any
        }
        let currentName = runbook.steps[current].name
        if target == current {
            report(.outputNotUpstream, "step '\(currentName)' reads its own result", expression, located,
                   fix: "a step can read only steps that finished before it")
            return .any
        }
        if !isUpstream(target, current) {
            report(.outputNotUpstream, "step '\(currentName)' reads steps.\(name) but does not run after '\(name)'", expression, located,
                   fix: "add '\(name)' to the `needs` of '\(currentName)'")
        }
        guard path.count > 2 else { return .object }
        guard Self.stepFields.contains(path[2]) else {
            report(.unknownOutput, "steps.\(name) has no field '\(path[2])'\(Suggestion.phrase(for: path[2], in: Self.stepFields))", expression, located,
                   fix: "read `steps.\(name).output.<field>` or `steps.\(name).status`")
            return .any
        }
        if path[2] == "status" { return path.count == 3 ? .string : .any }
        guard path.count > 3 else { return .object }
        let field = path[3]
        let step = runbook.steps[target]
        let outputs: [String: ValueType]
        if let action = step.action {
            guard let signature = catalog[action.name.value] else { return .any }
            outputs = Dictionary(signature.outputs.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
        } else {
            outputs = Self.decisionOutputs
        }
        guard let type = outputs[field] else {
            let names = outputs.keys.sorted()
            report(.unknownOutput, "step '\(name)' (\(step.action?.name.value ?? "decision")) has no output '\(field)'\(Suggestion.phrase(for: field, in: names))",
                   expression, located, fix: names.isEmpty ? "this action has no outputs" : "its outputs are \(names.joined(separator: ", "))")
            return .any
        }
        return path.count == 4 ? type : .any
    }
}
