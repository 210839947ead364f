/// `ec2.stop`: stops the instance; its state before is the output.
struct StopLowering: ActionLowering {
    let action = "ec2.stop"
    let outputs: Set<String> = ["previousState"]

    func lower(_ step: LoweringStep, into chain: inout StateChain) throws(CompileRefusal) {
        let instance = try instance(step)
        chain.add(step.state("stop"), step.task(
            .ec2, "stopInstances", parameters: [instance.asArray.member("InstanceIds")],
            resultSelector: [ASLNode.Member("change.$", .string("States.ArrayGetItem($.StoppingInstances, 0)"))],
            resultPath: "$.scratch.stopped", next: step.outputState))
        step.finish([ASLNode.Member("previousState.$", .string("$.scratch.stopped.change.PreviousState.Name"))], into: &chain)
    }
}
