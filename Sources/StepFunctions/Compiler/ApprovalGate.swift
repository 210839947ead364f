import RunbookModel

/// A step's approval: a task that hands its token to the approval queue (SQS SendMessage,
/// `.waitForTaskToken`) and waits. `irun sfn approve` answers SendTaskSuccess; `irun sfn deny`
/// answers SendTaskFailure with `irun.ApprovalDenied`, which skips the step as a local denial
/// does. The approval's `timeout` is the task's; past it the step fails.
struct ApprovalGate {
    let step: LoweringStep
    let approval: Approval
    let resolver: ReferenceResolver

    /// The error `irun sfn deny` sends.
    static let deniedError = "irun.ApprovalDenied"
    /// The queue URL's place in the execution input.
    static let queuePath = "$.irun.approvalQueueUrl"

    func add(next: String, into chain: inout StateChain) throws(CompileRefusal) {
        let question: Operand
        if let message = approval.message {
            question = try resolver.operand(message, subject: step.name, at: nil)
        } else {
            question = .literal(.string("Run step \(step.name)?"))
        }
        var members = [ASLNode.Member("Type", .string("Task")),
                       ASLNode.Member("Resource", .string("arn:aws:states:::sqs:sendMessage.waitForTaskToken")),
                       ASLNode.Member("Parameters", .object([
                           ASLNode.Member("QueueUrl.$", .string(Self.queuePath)),
                           ASLNode.Member("MessageBody", .object([
                               ASLNode.Member("taskToken.$", .string("$$.Task.Token")),
                               ASLNode.Member("execution.$", .string("$$.Execution.Id")),
                               ASLNode.Member("step", .string(step.name)),
                               ASLNode.Member("params.$", .string("$.params")),
                               question.member("question"),
                           ])),
                       ])),
                       ASLNode.Member("ResultPath", .null)]
        if let timeout = approval.timeout { members.append(ASLNode.Member("TimeoutSeconds", .int(Int((timeout.milliseconds + 999) / 1000)))) }
        var catchers = [LoweringStep.catcher([Self.deniedError], next: step.state("denied"))]
        if let handler = step.failureHandler { catchers.append(LoweringStep.catcher(["States.ALL"], next: handler)) }
        members.append(ASLNode.Member("Catch", .array(catchers)))
        members.append(ASLNode.Member("Next", .string(next)))
        chain.add(step.state("approval"), .object(members))
        chain.add(step.state("denied"), LoweringStep.pass(
            result: .fields(["skipped": .bool(true), "reason": .string("approval-denied")]), resultPath: step.resultPath, next: step.next))
    }
}
