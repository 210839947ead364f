/// `ec2.detach`: leaves every Auto Scaling group holding the instance, without decrementing
/// desired capacity, so the group replaces it and never terminates it.
struct DetachLowering: ActionLowering {
    let action = "ec2.detach"
    let outputs: Set<String> = ["detachedFrom"]

    func lower(_ step: LoweringStep, into chain: inout StateChain) throws(CompileRefusal) {
        let instance = try instance(step)
        chain.add(step.state("auto-scaling-groups"), step.task(
            .autoscaling, "describeAutoScalingInstances", parameters: [instance.asArray.member("InstanceIds")],
            resultSelector: [ASLNode.Member("groups.$", .string("$.AutoScalingInstances[*].AutoScalingGroupName"))],
            resultPath: "$.scratch.autoScaling", next: step.state("detach")))
        var each = StateChain()
        each.add("detach", step.inside(next: "").task(
            .autoscaling, "detachInstances",
            parameters: [ASLNode.Member("AutoScalingGroupName.$", .string("$.group")),
                         ASLNode.Member("InstanceIds.$", .string("States.Array($.instance)")),
                         ASLNode.Member("ShouldDecrementDesiredCapacity", .bool(false))],
            resultPath: nil, next: "detached"))
        each.add("detached", .fields(["Type": .string("Pass"), "End": .bool(true)]))
        chain.add(step.state("detach"), step.map(
            itemsPath: "$.scratch.autoScaling.groups",
            itemSelector: [ASLNode.Member("group.$", .string("$$.Map.Item.Value")), instance.member("instance")],
            processor: each.scope(startAt: "detach", prefix: step.state("each.")), maxConcurrency: 1, resultPath: nil, next: step.outputState))
        step.finish([ASLNode.Member("detachedFrom.$", .string("$.scratch.autoScaling.groups"))], into: &chain)
    }
}
