/// `ec2.isolate`: every network interface moves into a rule-less quarantine group, first through
/// an allow-all group so that tracked connections become untracked and are then cut.
///
/// The groups are `irun-quarantine-VPC` and `irun-untrack-VPC`, found or made as a local run
/// makes them. Two executions making the same group at once is how a fleet starts: the loser's
/// `InvalidGroup.Duplicate` (in the Cause of an `Ec2.Ec2Exception`) sends it back to find the
/// winner's group.
struct IsolateLowering: ActionLowering {
    let action = "ec2.isolate"
    let outputs: Set<String> = ["quarantineGroup"]

    func lower(_ step: LoweringStep, into chain: inout StateChain) throws(CompileRefusal) {
        let instance = try instance(step)
        let force: Bool
        switch step.input("force") {
        case nil, .literal(.bool(false))?, .literal(.null)?: force = false
        case .literal(.bool(true))?: force = true
        default: throw CompileRefusal(step.name, "force must be written as true or false for Step Functions")
        }
        let groupsStart = step.input("quarantineGroup") == nil ? step.state("find-quarantine") : step.state("given-quarantine")
        InstanceFragments.describeInstance(step, instance: instance, next: force ? groupsStart : step.state("auto-scaling-groups"), into: &chain)
        if !force {
            InstanceFragments.memberships(step, instance: instance, next: step.state("in-service"), into: &chain)
            let held = ["$.scratch.autoScaling.groups[0]", "$.scratch.classic.names[0]", "$.scratch.targets.groups[0]"].map {
                ASLNode.fields(["Variable": .string($0), "IsPresent": .bool(true)])
            }
            chain.add(step.state("in-service"), LoweringStep.choice([(.fields(["Or": .array(held)]), step.state("still-in-service"))], otherwise: groupsStart))
            chain.add(step.state("still-in-service"), LoweringStep.fail("StillInService", cause: "the instance is still in an Auto Scaling group or load balancer: an isolated instance fails its health checks and its group would terminate it, destroying the evidence. Detach and deregister it first (or set force: true)."))
        }
        let vpc = "\(InstanceFragments.instancePath).VpcId"
        if let given = step.input("quarantineGroup") {
            chain.add(step.state("given-quarantine"), LoweringStep.pass(parameters: [given.member("id")], resultPath: "$.scratch.quarantineGroup", next: step.state("find-untrack")))
        } else {
            provision(step, kind: "quarantine", vpc: vpc, next: step.state("find-untrack"), into: &chain)
        }
        provision(step, kind: "untrack", vpc: vpc, next: step.state("move-interfaces"), into: &chain)

        var each = StateChain()
        let inner = step.inside(next: "")
        each.add("check", LoweringStep.pass(
            parameters: [ASLNode.Member("there.$", .string("States.ArrayContains($.groups, $.quarantine)")),
                         ASLNode.Member("count.$", .string("States.ArrayLength($.groups)"))],
            resultPath: "$.already", next: "already-isolated"))
        each.add("already-isolated", LoweringStep.choice([(.fields(["And": .array([
            .fields(["Variable": .string("$.already.there"), "BooleanEquals": .bool(true)]),
            .fields(["Variable": .string("$.already.count"), "NumericEquals": .int(1)]),
        ])]), "moved")], otherwise: "through-untrack"))
        each.add("through-untrack", inner.task(
            .ec2, "modifyNetworkInterfaceAttribute",
            parameters: [ASLNode.Member("NetworkInterfaceId.$", .string("$.eni")), ASLNode.Member("Groups.$", .string("States.Array($.untrack)"))],
            resultPath: nil, next: "into-quarantine"))
        each.add("into-quarantine", inner.task(
            .ec2, "modifyNetworkInterfaceAttribute",
            parameters: [ASLNode.Member("NetworkInterfaceId.$", .string("$.eni")), ASLNode.Member("Groups.$", .string("States.Array($.quarantine)"))],
            resultPath: nil, next: "moved"))
        each.add("moved", .fields(["Type": .string("Pass"),
                                   "Parameters": .fields(["eni.$": .string("$.eni"), "originalGroups.$": .string("$.groups")]),
                                   "End": .bool(true)]))
        chain.add(step.state("move-interfaces"), step.map(
            itemsPath: "\(InstanceFragments.instancePath).NetworkInterfaces",
            itemSelector: [ASLNode.Member("eni.$", .string("$$.Map.Item.Value.NetworkInterfaceId")),
                           ASLNode.Member("groups.$", .string("$$.Map.Item.Value.Groups[*].GroupId")),
                           ASLNode.Member("untrack.$", .string("$.scratch.untrackGroup.id")),
                           ASLNode.Member("quarantine.$", .string("$.scratch.quarantineGroup.id"))],
            processor: each.scope(startAt: "check", prefix: step.state("each.")), maxConcurrency: 4,
            resultPath: "$.scratch.moved", next: step.outputState))
        step.finish([ASLNode.Member("quarantineGroup.$", .string("$.scratch.quarantineGroup.id")),
                     ASLNode.Member("interfaces.$", .string("$.scratch.moved"))], into: &chain)
    }

    /// Finds the VPC's `irun-KIND-VPC` group, or makes it; leaves its id in `$.scratch.KINDGroup.id`.
    private func provision(_ step: LoweringStep, kind: String, vpc: String, next: String, into chain: inout StateChain) {
        let name = "States.Format('irun-\(kind)-{}', \(vpc))"
        let found = "$.scratch.\(kind)Found", made = "$.scratch.\(kind)Made", result = "$.scratch.\(kind)Group"
        chain.add(step.state("find-\(kind)"), step.task(
            .ec2, "describeSecurityGroups",
            parameters: [ASLNode.Member("Filters", .array([
                .fields(["Name": .string("group-name"), "Values.$": .string("States.Array(\(name))")]),
                .fields(["Name": .string("vpc-id"), "Values.$": .string("States.Array(\(vpc))")]),
            ]))],
            resultSelector: [ASLNode.Member("groups.$", .string("$.SecurityGroups"))],
            resultPath: found, next: step.state("\(kind)-exists")))
        chain.add(step.state("\(kind)-exists"), LoweringStep.choice(
            [(.fields(["Variable": .string("\(found).groups[0]"), "IsPresent": .bool(true)]), step.state("\(kind)-found"))],
            otherwise: step.state("create-\(kind)")))
        chain.add(step.state("\(kind)-found"), LoweringStep.pass(
            parameters: [ASLNode.Member("group.$", .string("States.ArrayGetItem(\(found).groups, 0)"))],
            resultPath: made, next: kind == "quarantine" ? step.state("quarantine-rules") : step.state("\(kind)-known")))
        if kind == "quarantine" {
            chain.add(step.state("quarantine-rules"), LoweringStep.choice([
                (.fields(["Variable": .string("\(made).group.IpPermissions[0]"), "IsPresent": .bool(true)]), step.state("quarantine-has-rules")),
                (.fields(["Variable": .string("\(made).group.IpPermissionsEgress[0]"), "IsPresent": .bool(true)]), step.state("empty-found-quarantine")),
            ], otherwise: step.state("quarantine-known")))
            chain.add(step.state("quarantine-has-rules"), LoweringStep.fail("QuarantineGroupHasRules", cause: "the VPC's irun-quarantine group admits inbound traffic, so it is no quarantine; remove its rules or name another group with the quarantineGroup input"))
            // Another execution making the group may have emptied it since we looked: a rule
            // already gone is the state wanted.
            chain.addDispatching(step.state("empty-found-quarantine"), "revokeSecurityGroupEgress",
                                 parameters: [ASLNode.Member("GroupId.$", .string("\(made).group.GroupId")),
                                              ASLNode.Member("IpPermissions.$", .string("\(made).group.IpPermissionsEgress"))],
                                 resultPath: nil, answers: [("InvalidPermission.NotFound", step.state("quarantine-known"))],
                                 next: step.state("quarantine-known"), step: step)
        }
        chain.add(step.state("\(kind)-known"), LoweringStep.pass(
            parameters: [ASLNode.Member("id.$", .string("\(made).group.GroupId"))], resultPath: result, next: next))

        let description = kind == "quarantine" ? "irun quarantine: no inbound or outbound traffic"
            : "irun isolation step: allows all traffic so that existing connections become untracked"
        // Two executions making the same group at once is how a fleet starts: the one that loses
        // (InvalidGroup.Duplicate) goes back to find the winner's.
        chain.addDispatching(step.state("create-\(kind)"), "createSecurityGroup",
                             parameters: [ASLNode.Member("GroupName.$", .string(name)), ASLNode.Member("Description", .string(description)),
                                          ASLNode.Member("VpcId.$", .string(vpc)),
                                          ASLNode.Member("TagSpecifications", .array([.fields([
                                              "ResourceType": .string("security-group"),
                                              "Tags": .array([.fields(["Key": .string("irun-purpose"), "Value": .string(kind)])]),
                                          ])]))],
                             resultSelector: [ASLNode.Member("group", .fields(["GroupId.$": .string("$.GroupId")]))],
                             resultPath: made, answers: [("InvalidGroup.Duplicate", step.state("find-\(kind)"))],
                             next: kind == "quarantine" ? step.state("empty-new-quarantine") : step.state("open-untrack-in"), step: step)
        let allV4 = ASLNode.fields(["CidrIp": .string("0.0.0.0/0")]), allV6 = ASLNode.fields(["CidrIpv6": .string("::/0")])
        if kind == "quarantine" {
            // A new VPC group has AWS's default egress rule (all IPv4 traffic): the quarantine has none.
            chain.addDispatching(step.state("empty-new-quarantine"), "revokeSecurityGroupEgress",
                                 parameters: [ASLNode.Member("GroupId.$", .string("\(made).group.GroupId")),
                                              ASLNode.Member("IpPermissions", .array([.fields(["IpProtocol": .string("-1"), "IpRanges": .array([allV4])])]))],
                                 resultPath: nil, answers: [("InvalidPermission.NotFound", step.state("quarantine-known"))],
                                 next: step.state("quarantine-known"), step: step)
        } else {
            chain.add(step.state("open-untrack-in"), step.task(
                .ec2, "authorizeSecurityGroupIngress",
                parameters: [ASLNode.Member("GroupId.$", .string("\(made).group.GroupId")),
                             ASLNode.Member("IpPermissions", .array([.fields(["IpProtocol": .string("-1"), "IpRanges": .array([allV4]), "Ipv6Ranges": .array([allV6])])]))],
                resultPath: nil, next: step.state("open-untrack-out")))
            chain.add(step.state("open-untrack-out"), step.task(
                .ec2, "authorizeSecurityGroupEgress",
                parameters: [ASLNode.Member("GroupId.$", .string("\(made).group.GroupId")),
                             ASLNode.Member("IpPermissions", .array([.fields(["IpProtocol": .string("-1"), "Ipv6Ranges": .array([allV6])])]))],
                resultPath: nil, next: step.state("untrack-known")))
        }
    }
}
