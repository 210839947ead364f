/// `ec2.capture`: the instance's description and what holds it, kept as the step's output.
/// `irun sfn import` stores `description` as evidence with its SHA-256, as a local capture does.
struct CaptureLowering: ActionLowering {
    let action = "ec2.capture"
    let outputs: Set<String> = ["instanceId", "state", "vpcId", "subnetId", "autoScalingGroups", "loadBalancers", "targetGroups"]

    func lower(_ step: LoweringStep, into chain: inout StateChain) throws(CompileRefusal) {
        let instance = try instance(step)
        InstanceFragments.describeInstance(step, instance: instance, next: step.state("auto-scaling-groups"), into: &chain)
        let afterMemberships = step.input("expectedVpc") == nil ? step.outputState : step.state("check-vpc")
        InstanceFragments.memberships(step, instance: instance, next: afterMemberships, into: &chain)
        if let expected = step.input("expectedVpc") {
            let vpc = "\(InstanceFragments.instancePath).VpcId"
            let mismatch: ASLNode
            switch expected {
            case .literal(.string(let id)):
                mismatch = .fields(["Not": .fields(["Variable": .string(vpc), "StringEquals": .string(id)])])
            case .dynamic(let path) where path.hasPrefix("$"):
                // An optional parameter left out is null: then there is nothing to check.
                mismatch = .fields(["And": .array([
                    .fields(["Variable": .string(path), "IsString": .bool(true)]),
                    .fields(["Not": .fields(["Variable": .string(vpc), "StringEqualsPath": .string(path)])]),
                ])])
            default:
                throw CompileRefusal(step.name, "expectedVpc must be a constant or a reference (params.NAME) in Step Functions")
            }
            chain.add(step.state("check-vpc"), LoweringStep.choice([(mismatch, step.state("unexpected-vpc"))], otherwise: step.outputState))
            chain.add(step.state("unexpected-vpc"), LoweringStep.fail("UnexpectedVPC", cause: "the instance is not in the VPC the runbook expects (expectedVpc): a wrong id, account or region"))
        }
        let found = InstanceFragments.instancePath
        step.finish([
            ASLNode.Member("instanceId.$", .string("\(found).InstanceId")),
            ASLNode.Member("state.$", .string("\(found).State.Name")),
            ASLNode.Member("vpcId.$", .string("\(found).VpcId")),
            ASLNode.Member("subnetId.$", .string("\(found).SubnetId")),
            ASLNode.Member("autoScalingGroups.$", .string("$.scratch.autoScaling.groups")),
            ASLNode.Member("loadBalancers.$", .string("$.scratch.classic.names")),
            ASLNode.Member("targetGroups.$", .string("$.scratch.targets.groups")),
            ASLNode.Member("description.$", .string(found)),
        ], into: &chain)
    }
}
