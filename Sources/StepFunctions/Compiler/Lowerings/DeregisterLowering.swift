/// `ec2.deregister`: leaves every classic load balancer and target group holding the instance
/// (with the port it is registered on).
struct DeregisterLowering: ActionLowering {
    let action = "ec2.deregister"
    let outputs: Set<String> = ["loadBalancers", "targetGroups"]

    func lower(_ step: LoweringStep, into chain: inout StateChain) throws(CompileRefusal) {
        let instance = try instance(step)
        InstanceFragments.memberships(step, instance: instance, next: step.state("leave-load-balancers"), into: &chain)
        var classic = StateChain()
        classic.add("deregister", step.inside(next: "").task(
            .elasticloadbalancing, "deregisterInstancesFromLoadBalancer",
            parameters: [ASLNode.Member("LoadBalancerName.$", .string("$.name")),
                         ASLNode.Member("Instances", .array([.fields(["InstanceId.$": .string("$.instance")])]))],
            resultPath: nil, next: "deregistered"))
        classic.add("deregistered", .fields(["Type": .string("Pass"), "End": .bool(true)]))
        chain.add(step.state("leave-load-balancers"), step.map(
            itemsPath: "$.scratch.classic.names",
            itemSelector: [ASLNode.Member("name.$", .string("$$.Map.Item.Value")), instance.member("instance")],
            processor: classic.scope(startAt: "deregister", prefix: step.state("leave-lb.")), maxConcurrency: 10, resultPath: nil,
            next: step.state("leave-target-groups")))
        var targets = StateChain()
        targets.add("deregister", step.inside(next: "").task(
            .elasticloadbalancingv2, "deregisterTargets",
            parameters: [ASLNode.Member("TargetGroupArn.$", .string("$.arn")),
                         ASLNode.Member("Targets", .array([.fields(["Id.$": .string("$.instance"), "Port.$": .string("$.port")])]))],
            resultPath: nil, next: "deregistered"))
        targets.add("deregistered", .fields(["Type": .string("Pass"), "End": .bool(true)]))
        chain.add(step.state("leave-target-groups"), step.map(
            itemsPath: "$.scratch.targets.groups",
            itemSelector: [ASLNode.Member("arn.$", .string("$$.Map.Item.Value.arn")), ASLNode.Member("port.$", .string("$$.Map.Item.Value.port")),
                           instance.member("instance")],
            processor: targets.scope(startAt: "deregister", prefix: step.state("leave-tg.")), maxConcurrency: 10, resultPath: nil, next: step.outputState))
        step.finish([ASLNode.Member("loadBalancers.$", .string("$.scratch.classic.names")),
                     ASLNode.Member("targetGroups.$", .string("$.scratch.targets.groups"))], into: &chain)
    }
}
