import RunbookModel

/// `ec2.snapshot`: one CreateSnapshots call for every attached volume, tagged with the case and
/// the execution, then a poll loop (DescribeSnapshots → Choice → Wait) until none is pending,
/// for at most the `wait` input.
struct SnapshotLowering: ActionLowering {
    let action = "ec2.snapshot"
    let outputs: Set<String> = []
    /// Seconds between polls: EBS snapshots take minutes, and each poll is a state transition.
    static let pollSeconds = 15

    func lower(_ step: LoweringStep, into chain: inout StateChain) throws(CompileRefusal) {
        let instance = try instance(step)
        let caseID = step.input("case") ?? .dynamic("$$.Execution.Name")
        let prefix = step.input("prefix") ?? .literal(.string("quarantine"))
        guard case .literal(.string(let waitText))? = step.input("wait") ?? .literal(.string("30m")),
              let wait = RunbookDuration(parsing: waitText) else {
            throw CompileRefusal(step.name, "the wait input must be a constant duration (e.g. 30m) for Step Functions")
        }
        let polls = max(1, Int((wait.milliseconds + Int64(Self.pollSeconds) * 1000 - 1) / (Int64(Self.pollSeconds) * 1000)))
        chain.add(step.state("create"), step.task(
            .ec2, "createSnapshots",
            parameters: [ASLNode.Member("InstanceSpecification", .object([instance.member("InstanceId"), ASLNode.Member("ExcludeBootVolume", .bool(false))])),
                         ASLNode.Member("Description.$", .string("States.Format('irun evidence: case {}, run {}, volumes of {}', \(caseID.intrinsicArgument), $$.Execution.Name, \(instance.intrinsicArgument))")),
                         ASLNode.Member("TagSpecifications", .array([.fields([
                             "ResourceType": .string("snapshot"),
                             "Tags": .array([
                                 .object([TagLowering.key(prefix, suffix: "-case"), caseID.member("Value")]),
                                 .object([TagLowering.key(prefix, suffix: "-run"), ASLNode.Member("Value.$", .string("$$.Execution.Name"))]),
                             ]),
                         ])]))],
            resultSelector: [ASLNode.Member("ids.$", .string("$.Snapshots[*].SnapshotId"))],
            resultPath: "$.scratch.created", next: step.state("polls")))
        chain.add(step.state("polls"), LoweringStep.pass(result: .fields(["n": .int(0)]), resultPath: "$.scratch.polls", next: step.state("check")))
        chain.add(step.state("check"), step.task(
            .ec2, "describeSnapshots", parameters: [ASLNode.Member("SnapshotIds.$", .string("$.scratch.created.ids"))],
            resultSelector: [ASLNode.Member("snapshots.$", .string("$.Snapshots")),
                             ASLNode.Member("pending.$", .string("$.Snapshots[?(@.State == 'pending')].SnapshotId")),
                             ASLNode.Member("failed.$", .string("$.Snapshots[?(@.State == 'error')].SnapshotId"))],
            resultPath: "$.scratch.status", next: step.state("complete")))
        chain.add(step.state("complete"), LoweringStep.choice([
            (.fields(["Variable": .string("$.scratch.status.failed[0]"), "IsPresent": .bool(true)]), step.state("snapshot-failed")),
            (.fields(["Variable": .string("$.scratch.status.pending[0]"), "IsPresent": .bool(true)]), step.state("count")),
        ], otherwise: step.outputState))
        chain.add(step.state("snapshot-failed"), LoweringStep.fail("SnapshotFailed", cause: "EBS reported a snapshot in state error"))
        chain.add(step.state("count"), LoweringStep.pass(
            parameters: [ASLNode.Member("n.$", .string("States.MathAdd($.scratch.polls.n, 1)"))], resultPath: "$.scratch.polls", next: step.state("waited-enough")))
        chain.add(step.state("waited-enough"), LoweringStep.choice(
            [(.fields(["Variable": .string("$.scratch.polls.n"), "NumericGreaterThan": .int(polls)]), step.state("snapshot-timeout"))],
            otherwise: step.state("wait")))
        chain.add(step.state("snapshot-timeout"), LoweringStep.fail("SnapshotTimeout", cause: "the snapshots were still pending after \(wait) (the wait input)"))
        chain.add(step.state("wait"), .fields(["Type": .string("Wait"), "Seconds": .int(Self.pollSeconds), "Next": .string(step.state("check"))]))
        step.finish([ASLNode.Member("snapshots.$", .string("$.scratch.status.snapshots"))], into: &chain)
    }
}
