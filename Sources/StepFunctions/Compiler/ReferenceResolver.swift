import RunbookModel

/// Turns the runbook's references (`params.X`, `steps.S.output.F`, `run.id`) into the paths the
/// compiled machine reads them from, refusing what the machine does not hold.
struct ReferenceResolver: Sendable {
    /// The outputs each step provides in Step Functions, by step name.
    let outputsByStep: [String: Set<String>]
    /// The action of each action step, by step name.
    let actionByStep: [String: String]

    /// The path of `expression`, which must be a reference.
    ///
    /// - Parameters:
    ///   - expression: The reference.
    ///   - subject: The step (or parameter) being compiled, for refusals.
    ///   - location: Where the expression is written.
    func path(of expression: Expression, subject: String, at location: SourceLocation?) throws(CompileRefusal) -> String {
        guard let reference = expression.referencePath else {
            throw CompileRefusal(subject, "only references (params.NAME, steps.STEP.output.NAME, run.id) can be read by Step Functions here, not a computed value", at: location)
        }
        switch reference.first {
        case "params" where reference.count == 2:
            return DataLayout.parameter(reference[1])
        case "run" where reference == ["run", "id"]:
            return "$$.Execution.Name"
        case "steps" where reference.count == 4 && reference[2] == "output":
            let step = reference[1], output = reference[3]
            guard let available = outputsByStep[step] else {
                throw CompileRefusal(subject, "reads the output of '\(step)', which has no outputs in Step Functions", at: location)
            }
            guard available.contains(output) else {
                let action = actionByStep[step] ?? "its action"
                throw CompileRefusal(subject, "reads output '\(output)' of '\(step)', which \(action) does not provide in Step Functions (it does: \(available.sorted().joined(separator: ", ")))", at: location)
            }
            return "\(DataLayout.step(step)).\(output)"
        default:
            throw CompileRefusal(subject, "reads '\(reference.joined(separator: "."))', which a state machine does not hold: it can read params.NAME, steps.STEP.output.NAME and run.id", at: location)
        }
    }

    /// A value template as an operand: a constant, a path, or `States.Format(…)` of text and paths.
    func operand(_ template: ValueTemplate, subject: String, at location: SourceLocation?) throws(CompileRefusal) -> Operand {
        if let literal = template.literalValue { return .literal(ASLNode(literal)) }
        guard case .template(let text, _) = template else {
            throw CompileRefusal(subject, "a list or object with expressions in it cannot be passed to Step Functions; pass each value on its own", at: location)
        }
        return try operand(text, subject: subject, at: location)
    }

    /// A text template as an operand.
    func operand(_ text: Template, subject: String, at location: SourceLocation?) throws(CompileRefusal) -> Operand {
        var pieces = [""], arguments: [String] = []
        for part in text.parts {
            switch part {
            case .text(let literal):
                pieces[pieces.count - 1] += literal
            case .expression(let expression, _):
                arguments.append(try path(of: expression, subject: subject, at: location))
                pieces.append("")
            }
        }
        if arguments.isEmpty { return .literal(.string(pieces[0])) }
        return .dynamic(IntrinsicText.format(pieces, arguments))
    }
}
