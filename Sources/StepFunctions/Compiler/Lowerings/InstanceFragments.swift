/// States several EC2 lowerings share: finding the instance, and finding what holds it.
enum InstanceFragments {
    /// The largest page both load balancer APIs give (their documented default too; moto's
    /// classic API otherwise answers 50): the scans read one page.
    static let largestPage = ASLNode.Member("PageSize", .int(400))

    /// Where ``describeInstance(_:instance:next:into:)`` leaves the instance description.
    static let instancePath = "$.scratch.found.instance"

    /// DescribeInstances, then its one instance into `$.scratch.found.instance`.
    ///
    /// `States.ArrayGetItem` picks the reservation and the instance rather than a path such as
    /// `$.Reservations[0].Instances[0]`, which moto's interpreter answers with a list.
    static func describeInstance(_ step: LoweringStep, instance: Operand, next: String, into chain: inout StateChain) {
        chain.add(step.state("describe-instance"), step.task(
            .ec2, "describeInstances", parameters: [instance.asArray.member("InstanceIds")],
            resultSelector: [ASLNode.Member("reservation.$", .string("States.ArrayGetItem($.Reservations, 0)"))],
            resultPath: "$.scratch.described", next: step.state("instance")))
        chain.add(step.state("instance"), LoweringStep.pass(
            parameters: [ASLNode.Member("instance.$", .string("States.ArrayGetItem($.scratch.described.reservation.Instances, 0)"))],
            resultPath: "$.scratch.found", next: next))
    }

    /// The Auto Scaling groups (`$.scratch.autoScaling.groups`), classic load balancers
    /// (`$.scratch.classic.names`) and target groups (`$.scratch.targets.groups`, each
    /// `{arn, port}`) that hold the instance.
    ///
    /// Neither load balancer API can ask "what holds this instance", so every classic load
    /// balancer's instance list is searched, and every target group is asked for the instance's
    /// health: `unused` means not registered, `draining` means already leaving.
    static func memberships(_ step: LoweringStep, instance: Operand, next: String, into chain: inout StateChain) {
        chain.add(step.state("auto-scaling-groups"), step.task(
            .autoscaling, "describeAutoScalingInstances", parameters: [instance.asArray.member("InstanceIds")],
            resultSelector: [ASLNode.Member("groups.$", .string("$.AutoScalingInstances[*].AutoScalingGroupName"))],
            resultPath: "$.scratch.autoScaling", next: step.state("load-balancers")))
        chain.add(step.state("load-balancers"), step.task(
            .elasticloadbalancing, "describeLoadBalancers", parameters: [Self.largestPage],
            // Only names and members: whole descriptions of 400 load balancers would not fit in
            // a state's 256 KiB.
            resultSelector: [ASLNode.Member("names.$", .string("$.LoadBalancerDescriptions[*].LoadBalancerName")),
                             ASLNode.Member("members.$", .string("$.LoadBalancerDescriptions[*].Instances"))],
            resultPath: "$.scratch.classic", next: step.state("load-balancers-holding")))

        var classic = StateChain()
        classic.add("holds", LoweringStep.pass(
            parameters: [ASLNode.Member("name.$", .string("$.name")),
                         ASLNode.Member("holds.$", .string("States.ArrayContains($.instances, $.instance)"))],
            resultPath: "$", next: "held"))
        classic.add("held", .fields(["Type": .string("Pass"), "End": .bool(true)]))
        chain.add(step.state("load-balancers-holding"), step.map(
            itemsPath: "$.scratch.classic.members",
            itemSelector: [ASLNode.Member("name.$", .string("States.ArrayGetItem($.scratch.classic.names, $$.Map.Item.Index)")),
                           ASLNode.Member("instances.$", .string("$$.Map.Item.Value[*].InstanceId")),
                           instance.member("instance")],
            processor: classic.scope(startAt: "holds", prefix: step.state("lb.")), maxConcurrency: 10,
            resultSelector: [ASLNode.Member("names.$", .string("$[?(@.holds == true)].name"))],
            resultPath: "$.scratch.classic", next: step.state("target-groups")))

        chain.add(step.state("target-groups"), step.task(
            .elasticloadbalancingv2, "describeTargetGroups", parameters: [Self.largestPage],
            resultSelector: [ASLNode.Member("arns.$", .string("$.TargetGroups[*].TargetGroupArn"))],
            resultPath: "$.scratch.targets", next: step.state("target-groups-holding")))
        let inner = step.inside(next: "health-entry")
        var targets = StateChain()
        targets.add("health", inner.task(
            .elasticloadbalancingv2, "describeTargetHealth",
            parameters: [ASLNode.Member("TargetGroupArn.$", .string("$.arn")),
                         ASLNode.Member("Targets", .array([.object([ASLNode.Member("Id.$", .string("$.instance"))])]))],
            resultSelector: [ASLNode.Member("entry.$", .string("States.ArrayGetItem($.TargetHealthDescriptions, 0)"))],
            resultPath: "$.health", next: "health-entry"))
        targets.add("health-entry", LoweringStep.pass(
            parameters: [ASLNode.Member("arn.$", .string("$.arn")), ASLNode.Member("port.$", .string("$.health.entry.Target.Port")),
                         ASLNode.Member("state.$", .string("$.health.entry.TargetHealth.State"))],
            resultPath: "$", next: "registered"))
        targets.add("registered", LoweringStep.choice([
            (.fields(["Variable": .string("$.state"), "StringEquals": .string("unused")]), "not-held"),
            (.fields(["Variable": .string("$.state"), "StringEquals": .string("draining")]), "not-held"),
        ], otherwise: "held"))
        targets.add("not-held", .fields(["Type": .string("Pass"), "Result": .fields(["holds": .bool(false)]), "End": .bool(true)]))
        targets.add("held", .fields(["Type": .string("Pass"),
                                     "Parameters": .fields(["arn.$": .string("$.arn"), "port.$": .string("$.port"), "holds": .bool(true)]),
                                     "End": .bool(true)]))
        chain.add(step.state("target-groups-holding"), step.map(
            itemsPath: "$.scratch.targets.arns",
            itemSelector: [ASLNode.Member("arn.$", .string("$$.Map.Item.Value")), instance.member("instance")],
            processor: targets.scope(startAt: "health", prefix: step.state("tg.")), maxConcurrency: 10,
            resultSelector: [ASLNode.Member("groups.$", .string("$[?(@.holds == true)]"))],
            resultPath: "$.scratch.targets", next: next))
    }
}
