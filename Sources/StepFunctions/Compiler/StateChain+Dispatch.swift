extension StateChain {
    /// An EC2 task whose errors are answered by their code, which Step Functions gives only in
    /// the Cause of an `Ec2.Ec2Exception`: the codes in `answers` go to their state (a state
    /// already as wanted goes on; a race lost goes back to look again), throttling waits and
    /// tries again, anything else fails the step. The task has no retrier: a retrier would
    /// retry the answered codes too.
    mutating func addDispatching(_ name: String, _ action: String, parameters: [ASLNode.Member], resultSelector: [ASLNode.Member]? = nil,
                                 resultPath: String?, answers: [(code: String, next: String)], next: String, step: LoweringStep) {
        add(name, step.task(.ec2, action, parameters: parameters, resultSelector: resultSelector, resultPath: resultPath,
                            catchers: [LoweringStep.catcher([SDKService.ec2.exceptionName], next: "\(name).error")], retrying: false, next: next))
        let rules = answers.map { answer in
            (rule: ASLNode.fields(["Variable": .string("$.caught.Cause"), "StringMatches": .string("*\(answer.code)*")]), next: answer.next)
        } + [(rule: ASLNode.fields(["Variable": .string("$.caught.Cause"), "StringMatches": .string("*RequestLimitExceeded*")]), next: "\(name).throttled")]
        add("\(name).error", LoweringStep.choice(rules, otherwise: step.failureHandler ?? "\(name).failed"))
        add("\(name).throttled", .fields(["Type": .string("Wait"), "Seconds": .int(2), "Next": .string(name)]))
        if step.failureHandler == nil {
            add("\(name).failed", .fields(["Type": .string("Fail"), "ErrorPath": .string("$.caught.Error"), "CausePath": .string("$.caught.Cause")]))
        }
    }
}
