/// What a lowering needs to know about the step it compiles, and the state shapes every step
/// shares: tasks with the step's retries, timeout and failure handler; the step's output; the
/// hand-over to the next step.
struct LoweringStep: Sendable {
    /// The step's name; its states are called `NAME` or `NAME.PART`.
    let name: String
    /// Its compiled inputs, by input name; absent ones are left out.
    let inputs: [String: Operand]
    /// The state after this step.
    let next: String
    /// `Retry` for each of its tasks, from the step's `retry`.
    let retry: ASLNode?
    /// `TimeoutSeconds` for each of its tasks, from the step's `timeout`.
    let timeoutSeconds: Int?
    /// The state that records a tolerated failure (`on-failure: continue`), if any.
    let failureHandler: String?

    /// The name of one of its states.
    func state(_ part: String) -> String { "\(name).\(part)" }
    /// The state that records its output and ends it.
    var outputState: String { state("output") }
    /// Where its output goes.
    var resultPath: String { DataLayout.step(name) }

    func input(_ name: String) -> Operand? { inputs[name] }

    /// The same step inside a Map's processor: its tasks cannot catch into the outer scope, so
    /// the Map state catches for them.
    func inside(next: String) -> LoweringStep {
        LoweringStep(name: name, inputs: inputs, next: next, retry: retry, timeoutSeconds: timeoutSeconds, failureHandler: nil)
    }

    /// A Map state (inline) over `itemsPath`, each item given `itemSelector`, with the step's catcher.
    func map(itemsPath: String, itemSelector: [ASLNode.Member], processor: ASLNode, maxConcurrency: Int,
             resultSelector: [ASLNode.Member]? = nil, resultPath: String?, next: String) -> ASLNode {
        var members = [ASLNode.Member("Type", .string("Map")),
                       ASLNode.Member("ItemsPath", .string(itemsPath)),
                       ASLNode.Member("ItemSelector", .object(itemSelector)),
                       ASLNode.Member("MaxConcurrency", .int(maxConcurrency)),
                       ASLNode.Member("ItemProcessor", processor.setting("ProcessorConfig", .fields(["Mode": .string("INLINE")])))]
        if let resultSelector { members.append(ASLNode.Member("ResultSelector", .object(resultSelector))) }
        members.append(ASLNode.Member("ResultPath", resultPath.map(ASLNode.string) ?? .null))
        if let failureHandler { members.append(ASLNode.Member("Catch", .array([Self.catcher(["States.ALL"], next: failureHandler)]))) }
        members.append(ASLNode.Member("Next", .string(next)))
        return .object(members)
    }

    /// A `arn:aws:states:::aws-sdk:SERVICE:ACTION` task, with the step's retry, timeout and catcher.
    func task(_ service: SDKService, _ action: String, parameters: [ASLNode.Member], resultSelector: [ASLNode.Member]? = nil,
              resultPath: String? = DataLayout.scratch, catchers: [ASLNode] = [], retrying: Bool = true, next: String) -> ASLNode {
        var members = [ASLNode.Member("Type", .string("Task")),
                       ASLNode.Member("Resource", .string("arn:aws:states:::aws-sdk:\(service.rawValue):\(action)")),
                       ASLNode.Member("Parameters", .object(parameters))]
        if let resultSelector { members.append(ASLNode.Member("ResultSelector", .object(resultSelector))) }
        members.append(ASLNode.Member("ResultPath", resultPath.map(ASLNode.string) ?? .null))
        if let timeoutSeconds { members.append(ASLNode.Member("TimeoutSeconds", .int(timeoutSeconds))) }
        if let retry, retrying { members.append(ASLNode.Member("Retry", retry)) }
        let allCatchers = catchers + (failureHandler.map { [Self.catcher(["States.ALL"], next: $0)] } ?? [])
        if !allCatchers.isEmpty { members.append(ASLNode.Member("Catch", .array(allCatchers))) }
        members.append(ASLNode.Member("Next", .string(next)))
        return .object(members)
    }

    /// A catcher that keeps the error in `$.caught`.
    static func catcher(_ errors: [String], next: String) -> ASLNode {
        .fields(["ErrorEquals": .array(errors.map(ASLNode.string)), "ResultPath": .string("$.caught"), "Next": .string(next)])
    }

    /// A Pass state that sets `path` to `parameters` (or `result`) and moves on.
    static func pass(parameters: [ASLNode.Member]? = nil, result: ASLNode? = nil, resultPath: String?, next: String) -> ASLNode {
        var members = [ASLNode.Member("Type", .string("Pass"))]
        if let parameters { members.append(ASLNode.Member("Parameters", .object(parameters))) }
        if let result { members.append(ASLNode.Member("Result", result)) }
        members.append(ASLNode.Member("ResultPath", resultPath.map(ASLNode.string) ?? .null))
        members.append(ASLNode.Member("Next", .string(next)))
        return .object(members)
    }

    /// A Choice state.
    static func choice(_ rules: [(rule: ASLNode, next: String)], otherwise: String) -> ASLNode {
        .fields(["Type": .string("Choice"),
                 "Choices": .array(rules.map { $0.rule.setting("Next", .string($0.next)) }),
                 "Default": .string(otherwise)])
    }

    /// A Fail state with an irun error name (`irun.StillInService`) and a cause.
    static func fail(_ error: String, cause: String) -> ASLNode {
        .fields(["Type": .string("Fail"), "Error": .string("irun.\(error)"), "Cause": .string(cause)])
    }

    /// Adds the step's two closing states: its output (from `parameters`, read from the scratch
    /// space) under `$.steps.KEY`, then the state without the scratch space.
    func finish(_ parameters: [ASLNode.Member], into chain: inout StateChain) {
        chain.add(outputState, Self.pass(parameters: parameters, resultPath: resultPath, next: state("done")))
        chain.add(state("done"), Self.tidy(next: next))
    }

    /// A Pass that keeps only the parameters, the step outputs and irun's settings.
    static func tidy(next: String) -> ASLNode {
        pass(parameters: [ASLNode.Member("params.$", .string("$.params")), ASLNode.Member("steps.$", .string("$.steps")),
                          ASLNode.Member("irun.$", .string("$.irun"))],
             resultPath: "$", next: next)
    }
}
