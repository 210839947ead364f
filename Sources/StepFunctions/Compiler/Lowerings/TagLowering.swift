/// `ec2.tag`: `PREFIX=true`, `PREFIX-case`, `PREFIX-run` (the execution) and `PREFIX-time` (when
/// the state was entered) on the instance.
struct TagLowering: ActionLowering {
    let action = "ec2.tag"
    let outputs: Set<String> = []

    func lower(_ step: LoweringStep, into chain: inout StateChain) throws(CompileRefusal) {
        let instance = try instance(step)
        let caseID = step.input("case") ?? .dynamic("$$.Execution.Name")
        let prefix = step.input("prefix") ?? .literal(.string("quarantine"))
        let tags: [ASLNode] = [
            .object([Self.key(prefix, suffix: ""), ASLNode.Member("Value", .string("true"))]),
            .object([Self.key(prefix, suffix: "-case"), caseID.member("Value")]),
            .object([Self.key(prefix, suffix: "-run"), ASLNode.Member("Value.$", .string("$$.Execution.Name"))]),
            .object([Self.key(prefix, suffix: "-time"), ASLNode.Member("Value.$", .string("$$.State.EnteredTime"))]),
        ]
        chain.add(step.state("tag"), step.task(
            .ec2, "createTags", parameters: [instance.asArray.member("Resources"), ASLNode.Member("Tags", .array(tags))],
            resultPath: nil, next: step.outputState))
        step.finish([], into: &chain)
    }

    /// The `Key` of a tag named by the prefix and a suffix.
    static func key(_ prefix: Operand, suffix: String) -> ASLNode.Member {
        switch prefix {
        case .literal(let node): ASLNode.Member("Key", .string((node.stringValue ?? "quarantine") + suffix))
        case .dynamic: suffix.isEmpty ? prefix.member("Key")
            : ASLNode.Member("Key.$", .string("States.Format('{}\(IntrinsicText.escaped(suffix))', \(prefix.intrinsicArgument))"))
        }
    }
}
