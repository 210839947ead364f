/// `ec2.protect`: termination protection on, shutdown behaviour `stop`, the previous protection kept.
struct ProtectLowering: ActionLowering {
    let action = "ec2.protect"
    let outputs: Set<String> = ["previousTerminationProtection"]

    func lower(_ step: LoweringStep, into chain: inout StateChain) throws(CompileRefusal) {
        let instance = try instance(step)
        chain.add(step.state("read-protection"), step.task(
            .ec2, "describeInstanceAttribute",
            parameters: [instance.member("InstanceId"), ASLNode.Member("Attribute", .string("disableApiTermination"))],
            resultSelector: [ASLNode.Member("value.$", .string("$.DisableApiTermination.Value"))],
            resultPath: "$.scratch.previous", next: step.state("protect")))
        chain.add(step.state("protect"), step.task(
            .ec2, "modifyInstanceAttribute",
            parameters: [instance.member("InstanceId"), ASLNode.Member("DisableApiTermination", .fields(["Value": .bool(true)]))],
            resultPath: nil, next: step.state("shutdown-stops")))
        chain.add(step.state("shutdown-stops"), step.task(
            .ec2, "modifyInstanceAttribute",
            parameters: [instance.member("InstanceId"), ASLNode.Member("InstanceInitiatedShutdownBehavior", .fields(["Value": .string("stop")]))],
            resultPath: nil, next: step.outputState))
        step.finish([ASLNode.Member("previousTerminationProtection.$", .string("$.scratch.previous.value"))], into: &chain)
    }
}
