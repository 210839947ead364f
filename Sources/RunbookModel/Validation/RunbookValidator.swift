/// Checks a parsed runbook against the action catalogue and the language's rules: actions,
/// inputs, step and parameter references, types, cycles, and steps that can never run.
///
/// Every problem found is reported; validation never stops at the first.
public struct RunbookValidator {
    let runbook: Runbook
    let catalog: ActionCatalog
    let stepIndex: [String: Int]
    private(set) var diagnostics: [Diagnostic] = []

    /// Validates a runbook and plans it when it is valid.
    ///
    /// - Parameters:
    ///   - runbook: The parsed runbook.
    ///   - catalog: The actions it may use.
    /// - Returns: The plan (only when there are no errors) and every diagnostic.
    public static func validate(_ runbook: Runbook, catalog: ActionCatalog) -> (plan: Plan?, diagnostics: [Diagnostic]) {
        var validator = RunbookValidator(runbook: runbook, catalog: catalog)
        validator.checkParameters()
        validator.checkSteps()
        var plan: Plan?
        switch Planner.plan(runbook) {
        case .success(let planned): plan = planned
        case .failure(let failure): validator.diagnostics += failure.diagnostics
        }
        let ancestry = plan.map(Ancestry.init)
        validator.checkExpressions(isUpstream: { ancestry?.isAncestor($0, of: $1) ?? true })
        if let plan {
            var reachability = ReachabilityAnalysis(plan: plan)
            validator.diagnostics += reachability.diagnostics()
        }
        let hasErrors = validator.diagnostics.contains { $0.severity == .error }
        return (hasErrors ? nil : plan, validator.diagnostics)
    }

    private init(runbook: Runbook, catalog: ActionCatalog) {
        self.runbook = runbook
        self.catalog = catalog
        var index: [String: Int] = [:]
        for (position, step) in runbook.steps.enumerated() where index[step.name] == nil { index[step.name] = position }
        stepIndex = index
    }

    private mutating func error(_ code: Diagnostic.Code, _ message: String, at location: SourceLocation, fix: String? = nil) {
        diagnostics.append(.error(code, message, at: location, fix: fix))
    }

    // MARK: - Parameters

    private mutating func checkParameters() {
        for parameter in runbook.parameters {
            let where_ = "parameter '\(parameter.name)'"
            if parameter.required && parameter.defaultValue != nil {
                diagnostics.append(.warning(.invalidValue, "\(where_) is required but has a default, so it is never required",
                                            at: parameter.location, fix: "remove `required: true` or the default"))
            }
            for value in parameter.allowedValues ?? [] {
                if case .failure(let problem) = parameter.type.check(value) {
                    error(.typeMismatch, "`enum` of \(where_): \(problem.message)", at: parameter.location)
                }
            }
            guard let defaultValue = parameter.defaultValue else { continue }
            if defaultValue.literalValue == nil, ![.string, .instanceID, .duration].contains(parameter.type) {
                error(.typeMismatch, "default of \(where_) interpolates `${{ }}`, which gives text, but the parameter is \(parameter.type.rawValue)",
                      at: parameter.location, fix: "give a literal default, or make the parameter a string")
            }
            if let literal = defaultValue.literalValue {
                if case .failure(let problem) = parameter.type.check(literal) {
                    error(.typeMismatch, "default of \(where_): \(problem.message)", at: parameter.location,
                          fix: "give a default of type \(parameter.type.rawValue)")
                } else if let allowed = parameter.allowedValues, !allowed.contains(literal) {
                    error(.invalidValue, "default of \(where_) is \(literal), which is not in its `enum`", at: parameter.location,
                          fix: "use one of \(allowed.map(\.description).joined(separator: ", "))")
                }
            }
        }
    }

    // MARK: - Steps

    private mutating func checkSteps() {
        for step in runbook.steps {
            checkReferences(step.needs, from: step, what: "`needs`")
            if step.needs.contains(where: { $0.value == step.name }) {
                error(.cycle, "step '\(step.name)' needs itself", at: step.needs.first { $0.value == step.name }!.location,
                      fix: "remove '\(step.name)' from its own `needs`")
            }
            switch step.kind {
            case .action(let call): checkAction(call, in: step)
            case .decision(let branches): checkDecision(branches, in: step)
            }
        }
    }

    private mutating func checkReferences(_ names: [Located<String>], from step: Step, what: String) {
        var seen = Set<String>()
        for name in names {
            if !seen.insert(name.value).inserted {
                diagnostics.append(.warning(.duplicateName, "'\(name.value)' is listed twice in \(what) of step '\(step.name)'",
                                            at: name.location, fix: "remove the repeat"))
            }
            guard stepIndex[name.value] == nil else { continue }
            let suggestion = Suggestion.closest(to: name.value, in: stepIndex.keys.sorted())
            error(.unknownStep, "\(what) of step '\(step.name)' names unknown step '\(name.value)'" + Suggestion.phrase(suggesting: suggestion),
                  at: name.location, fix: suggestion.map { "write `\($0)`" } ?? "declare a step called '\(name.value)' or remove it")
        }
    }

    private mutating func checkAction(_ call: ActionCall, in step: Step) {
        guard let signature = catalog[call.name.value] else {
            let suggestion = Suggestion.closest(to: call.name.value, in: catalog.names)
            error(.unknownAction, "unknown action '\(call.name.value)' in step '\(step.name)'" + Suggestion.phrase(suggesting: suggestion),
                  at: call.name.location, fix: suggestion.map { "write `action: \($0)`" } ?? "run `irun actions` to list the actions")
            return
        }
        var given = Set<String>()
        for input in call.inputs {
            given.insert(input.name)
            guard let declared = signature.input(named: input.name) else {
                let names = signature.inputs.map(\.name)
                let suggestion = Suggestion.closest(to: input.name, in: names)
                error(.unknownInput, "action \(signature.name) has no input '\(input.name)'" + Suggestion.phrase(suggesting: suggestion),
                      at: input.location, fix: names.isEmpty ? "\(signature.name) takes no inputs; remove `with`" : "its inputs are \(names.joined(separator: ", "))")
                continue
            }
            if let literal = input.value.literalValue {
                checkLiteral(literal, against: declared, input: input, action: signature.name)
            }
        }
        for input in signature.inputs where input.required && !given.contains(input.name) {
            error(.missingInput, "step '\(step.name)' does not give \(signature.name) its required input '\(input.name)'",
                  at: call.name.location, fix: "add `with: { \(input.name): … }` (\(input.summary))")
        }
    }

    private mutating func checkLiteral(_ value: Value, against input: ActionSignature.Input, input given: ActionInput, action: String) {
        let ok: Bool
        var detail = "expected \(input.type), got \(value.type) \(value)"
        switch (input.type, value) {
        case (.instanceID, .string(let text)):
            ok = ResourceIdentifier.isInstanceID(text)
            detail = "'\(text)' is not an instance id (expected 'i-' and hexadecimal digits)"
        case (.duration, .string(let text)):
            ok = RunbookDuration(parsing: text) != nil
            detail = "'\(text)' is not a duration (write e.g. 30s, 2m, 1h30m)"
        default:
            ok = input.type.accepts(value.type)
        }
        if !ok { error(.typeMismatch, "input '\(input.name)' of \(action): \(detail)", at: given.location) }
    }

    private mutating func checkDecision(_ branches: [DecisionBranch], in step: Step) {
        for (number, branch) in branches.enumerated() {
            checkReferences(branch.targets, from: step, what: "branch \(number + 1) of decision")
            for target in branch.targets where target.value == step.name {
                error(.cycle, "decision '\(step.name)' chooses itself", at: target.location, fix: "a decision can choose only other steps")
            }
            if branch.targets.isEmpty {
                diagnostics.append(.warning(.invalidValue, "branch \(number + 1) of decision '\(step.name)' chooses no step",
                                            at: branch.location, fix: "name the steps it should run in `goto`"))
            }
        }
        guard branches.count > 1, branches.last?.isElse == true else { return }
        let everyBranch = branches.dropFirst().reduce(Set(branches[0].targets.map(\.value))) { $0.intersection($1.targets.map(\.value)) }
        for name in everyBranch.sorted() {
            let location = branches[0].targets.first { $0.value == name }!.location
            error(.conflictingGoto, "decision '\(step.name)' chooses '\(name)' on every branch, so it does not gate it",
                  at: location, fix: "remove '\(name)' from the branches and give it `needs: [\(step.name)]`")
        }
    }

    // MARK: - Expressions

    private mutating func checkExpressions(isUpstream: @escaping (Int, Int) -> Bool) {
        for parameter in runbook.parameters {
            guard let defaultValue = parameter.defaultValue else { continue }
            var checker = makeChecker(currentStep: nil, isUpstream: isUpstream)
            for expression in defaultValue.expressions { _ = checker.check(expression) }
            diagnostics += checker.diagnostics
        }
        for (index, step) in runbook.steps.enumerated() where stepIndex[step.name] == index {
            var checker = makeChecker(currentStep: index, isUpstream: isUpstream)
            if let when = step.when {
                _ = checker.check(when)
                if case .literal(let value) = when.expression.kind {
                    diagnostics.append(.warning(.constantCondition, "the `when` of step '\(step.name)' is always \(value.isTruthy)",
                                                at: when.location, fix: value.isTruthy ? "remove `when`" : "remove the step, or give it a real condition"))
                }
            }
            for branch in step.branches ?? [] {
                if let condition = branch.condition { _ = checker.check(condition) }
            }
            if let message = step.approval?.message {
                let anchor = TemplateAnchor(location: step.location, offsetsAreColumns: false)
                for (expression, offset) in message.expressions { _ = checker.check(anchor.locate(expression, atOffset: offset)) }
            }
            if let call = step.action {
                for input in call.inputs {
                    var types: [ValueType] = []
                    for expression in input.value.expressions { types.append(checker.check(expression)) }
                    if case .template(let template, _) = input.value, template.soleExpression != nil,
                       let declared = catalog[call.name.value]?.input(named: input.name), let actual = types.first,
                       !declared.type.accepts(actual), actual != .null {
                        diagnostics.append(.error(.typeMismatch, "input '\(input.name)' of \(call.name.value) expects \(declared.type), but the expression gives \(actual)",
                                                  at: input.location))
                    }
                }
            }
            diagnostics += checker.diagnostics
        }
    }

    private func makeChecker(currentStep: Int?, isUpstream: @escaping (Int, Int) -> Bool) -> ExpressionChecker {
        ExpressionChecker(runbook: runbook, catalog: catalog, currentStep: currentStep, stepIndex: stepIndex, isUpstream: isUpstream)
    }
}
