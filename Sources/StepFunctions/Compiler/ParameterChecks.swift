import RunbookModel

/// The machine's first states: the input has `params`; every parameter the input leaves out
/// gets its default (constants merged with `States.JsonMerge`, templates such as
/// `${{ run.id }}` evaluated after); required ones are present, and each value has its type
/// (an instance id is a string `i-…`) before any call is made with it.
struct ParameterChecks {
    let runbook: Runbook
    let resolver: ReferenceResolver

    /// Adds the states; returns the first.
    func add(next: String, into chain: inout StateChain, refusals: inout [CompileRefusal]) -> String {
        chain.add("input", LoweringStep.choice([
            (.fields(["Not": .fields(["Variable": .string("$.params"), "IsPresent": .bool(true)])]), "input.no-params"),
            (.fields(["Not": .fields(["Variable": .string("$.irun"), "IsPresent": .bool(true)])]), "input.no-settings"),
        ], otherwise: "params.defaults"))
        chain.add("input.no-params", LoweringStep.fail("MissingParameters", cause: "the execution input is {\"params\": {...}}: start it with `irun sfn start`, which fills every parameter"))
        chain.add("input.no-settings", LoweringStep.pass(result: .object([]), resultPath: DataLayout.irunSettings, next: "params.defaults"))

        var constants: [ASLNode.Member] = []
        var templated: [Parameter] = []
        for parameter in runbook.parameters {
            if let literal = parameter.defaultValue?.literalValue {
                constants.append(ASLNode.Member(DataLayout.key(parameter.name), ASLNode(literal)))
            } else {
                constants.append(ASLNode.Member(DataLayout.key(parameter.name), .null))
                if parameter.defaultValue != nil { templated.append(parameter) }
            }
        }
        let defaults = IntrinsicText.quoted(ASLNode.object(constants).rendered(pretty: false))
        let afterDefaults = templated.first.map { "params.\($0.name)" } ?? "params.check"
        chain.add("params.defaults", LoweringStep.pass(
            parameters: [ASLNode.Member("params.$", .string("States.JsonMerge(States.StringToJson(\(defaults)), $.params, false)")),
                         ASLNode.Member("irun.$", .string(DataLayout.irunSettings)),
                         ASLNode.Member("steps", .object([]))],
            resultPath: "$", next: afterDefaults))

        for (index, parameter) in templated.enumerated() {
            let following = index + 1 < templated.count ? "params.\(templated[index + 1].name)" : "params.check"
            let path = DataLayout.parameter(parameter.name)
            do {
                guard case .template(let template, _)? = parameter.defaultValue else { continue }
                let value = try resolver.operand(template, subject: "parameters.\(parameter.name)", at: parameter.location)
                let all = runbook.parameters.map { other in
                    other.name == parameter.name ? value.member(DataLayout.key(other.name))
                        : ASLNode.Member(DataLayout.key(other.name) + ".$", .string(DataLayout.parameter(other.name)))
                }
                chain.add("params.\(parameter.name)", LoweringStep.choice(
                    [(.fields(["Variable": .string(path), "IsNull": .bool(true)]), "params.\(parameter.name).default")], otherwise: following))
                chain.add("params.\(parameter.name).default", LoweringStep.pass(parameters: all, resultPath: "$.params", next: following))
            } catch {
                refusals.append(error)
            }
        }

        var rules: [(rule: ASLNode, next: String)] = []
        for parameter in runbook.parameters {
            let path = DataLayout.parameter(parameter.name)
            if parameter.required {
                rules.append((.fields(["Variable": .string(path), "IsNull": .bool(true)]), "params.\(parameter.name).missing"))
                chain.add("params.\(parameter.name).missing", LoweringStep.fail("MissingParameter", cause: "parameter '\(parameter.name)' is required: \(parameter.description ?? "give it in params")"))
            }
            rules.append((.fields(["And": .array([
                .fields(["Not": .fields(["Variable": .string(path), "IsNull": .bool(true)])]),
                .fields(["Not": Self.hasType(parameter.type, path)]),
            ])]), "params.\(parameter.name).invalid"))
            chain.add("params.\(parameter.name).invalid", LoweringStep.fail("InvalidParameter", cause: "parameter '\(parameter.name)' must be \(Self.expectation(parameter.type))"))
        }
        chain.add("params.check", rules.isEmpty ? LoweringStep.pass(result: .object([]), resultPath: nil, next: next) : LoweringStep.choice(rules, otherwise: next))
        return "input"
    }

    private static func hasType(_ type: ParameterType, _ path: String) -> ASLNode {
        switch type {
        case .string, .duration: .fields(["Variable": .string(path), "IsString": .bool(true)])
        case .int: .fields(["Variable": .string(path), "IsNumeric": .bool(true)])
        case .bool: .fields(["Variable": .string(path), "IsBoolean": .bool(true)])
        case .list: .fields(["Variable": .string("\(path)[0]"), "IsPresent": .bool(true)])
        case .instanceID: .fields(["And": .array([.fields(["Variable": .string(path), "IsString": .bool(true)]),
                                                  .fields(["Variable": .string(path), "StringMatches": .string("i-*")])])])
        }
    }

    private static func expectation(_ type: ParameterType) -> String {
        switch type {
        case .string: "a string"
        case .duration: "a duration string such as 30s"
        case .int: "a number"
        case .bool: "true or false"
        case .list: "a non-empty list"
        case .instanceID: "an instance id, i- and hex digits (e.g. i-0abc1234)"
        }
    }
}
