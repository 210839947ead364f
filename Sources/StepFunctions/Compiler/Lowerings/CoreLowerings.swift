import RunbookModel

/// `notify.log`: the message becomes the step's output, in the execution's history.
struct NotifyLogLowering: ActionLowering {
    let action = "notify.log"
    let outputs: Set<String> = ["message"]

    func lower(_ step: LoweringStep, into chain: inout StateChain) throws(CompileRefusal) {
        let message = step.input("message") ?? .literal(.string(""))
        let level = step.input("level") ?? .literal(.string("info"))
        step.finish([message.member("message"), level.member("level")], into: &chain)
    }
}

/// `core.wait`: a Wait state.
struct WaitLowering: ActionLowering {
    let action = "core.wait"
    let outputs: Set<String> = ["waited"]

    func lower(_ step: LoweringStep, into chain: inout StateChain) throws(CompileRefusal) {
        guard case .literal(.string(let text))? = step.input("duration"), let duration = RunbookDuration(parsing: text) else {
            throw CompileRefusal(step.name, "the duration must be a constant (e.g. 30s) for Step Functions")
        }
        let seconds = Int((duration.milliseconds + 999) / 1000)
        chain.add(step.state("wait"), .fields(["Type": .string("Wait"), "Seconds": .int(seconds), "Next": .string(step.outputState)]))
        step.finish([ASLNode.Member("waited", .string(duration.description))], into: &chain)
    }
}

/// `core.fail`: a Fail state with the message as its cause.
struct FailLowering: ActionLowering {
    let action = "core.fail"
    let outputs: Set<String> = []

    func lower(_ step: LoweringStep, into chain: inout StateChain) throws(CompileRefusal) {
        switch step.input("message") {
        case .literal(.string(let message))?:
            chain.add(step.state("fail"), LoweringStep.fail("Failed", cause: message))
        case .dynamic(let text)?:
            chain.add(step.state("message"), LoweringStep.pass(parameters: [ASLNode.Member("cause.$", .string(text))], resultPath: "$.scratch.failure", next: step.state("fail")))
            chain.add(step.state("fail"), .fields(["Type": .string("Fail"), "Error": .string("irun.Failed"), "CausePath": .string("$.scratch.failure.cause")]))
        default:
            throw CompileRefusal(step.name, "core.fail needs a message")
        }
    }
}

/// `core.noop`: nothing but the step's start and end.
struct NoopLowering: ActionLowering {
    let action = "core.noop"
    let outputs: Set<String> = []

    func lower(_ step: LoweringStep, into chain: inout StateChain) throws(CompileRefusal) {
        step.finish([], into: &chain)
    }
}
