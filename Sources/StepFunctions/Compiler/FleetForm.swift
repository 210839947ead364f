import RunbookModel

/// The fleet form: a Map over `$.instances`, at most `maxConcurrency` at once, each iteration
/// the single-instance machine (inside a Parallel that catches its failure, so one instance
/// failing never stops the others), then the error budget: more failures than
/// `$.irun.maxErrors` (a count; `irun sfn start` turns `N%` into one) fails the execution with
/// `irun.ErrorBudgetExceeded`, and any failure at all with `irun.TargetsFailed`.
///
/// Each iteration's output is only `{instance, failed}`: the evidence stays in the history,
/// where `irun sfn import` reads it, so 50 instances' descriptions never meet the 256 KiB
/// payload limit.
enum FleetForm {
    static func wrap(_ single: ASLNode, plan: Plan, maxConcurrency: Int) -> ASLNode {
        var chain = StateChain()
        let parameters = plan.runbook.parameters.filter { $0.name != "instance" }
        chain.add("fleet.input", LoweringStep.choice([
            (.fields(["Not": .fields(["Variable": .string("$.instances[0]"), "IsPresent": .bool(true)])]), "fleet.no-instances"),
            (.fields(["Not": .fields(["Variable": .string("$.params"), "IsPresent": .bool(true)])]), "fleet.no-params"),
            (.fields(["Not": .fields(["Variable": .string("$.irun"), "IsPresent": .bool(true)])]), "fleet.no-settings"),
        ], otherwise: "fleet.params"))
        chain.add("fleet.no-instances", LoweringStep.fail("MissingParameter", cause: "the fleet form's input lists its instances in \"instances\""))
        chain.add("fleet.no-params", LoweringStep.pass(result: .object([]), resultPath: "$.params", next: "fleet.input"))
        chain.add("fleet.no-settings", LoweringStep.pass(result: .object([]), resultPath: DataLayout.irunSettings, next: "fleet.input"))
        // Every parameter the item selector reads must exist: absent ones become null here and
        // get their defaults inside each iteration.
        let nulls = parameters.map { ASLNode.Member(DataLayout.key($0.name), .null) }
        chain.add("fleet.params", LoweringStep.pass(
            parameters: [ASLNode.Member("params.$", .string("States.JsonMerge(States.StringToJson(\(IntrinsicText.quoted(ASLNode.object(nulls).rendered(pretty: false)))), $.params, false)"))],
            resultPath: "$.fleet", next: "fleet"))

        var iteration = StateChain()
        iteration.add("fleet.target", .fields([
            "Type": .string("Parallel"),
            "Branches": .array([single]),
            "ResultPath": .null,
            "Catch": .array([LoweringStep.catcher(["States.ALL"], next: "fleet.target.failed")]),
            "Next": .string("fleet.target.succeeded"),
        ]))
        iteration.add("fleet.target.succeeded", .fields(["Type": .string("Pass"),
                                                   "Parameters": .fields(["instance.$": .string("$.params.instance"), "failed": .bool(false)]),
                                                   "End": .bool(true)]))
        iteration.add("fleet.target.failed", .fields(["Type": .string("Pass"),
                                                "Parameters": .fields(["instance.$": .string("$.params.instance"), "failed": .bool(true),
                                                                       "error.$": .string("$.caught.Error"), "cause.$": .string("$.caught.Cause")]),
                                                "End": .bool(true)]))
        let selector = [ASLNode.Member("params", .object(parameters.map {
            ASLNode.Member(DataLayout.key($0.name) + ".$", .string("$.fleet.params.\(DataLayout.key($0.name))"))
        } + [ASLNode.Member("instance.$", .string("$$.Map.Item.Value"))])), ASLNode.Member("irun.$", .string(DataLayout.irunSettings))]
        chain.add("fleet", .fields([
            "Type": .string("Map"),
            "ItemsPath": .string("$.instances"),
            "ItemSelector": .object(selector),
            "MaxConcurrency": .int(maxConcurrency),
            "ItemProcessor": .fields(["ProcessorConfig": .fields(["Mode": .string("INLINE")]),
                                      "StartAt": .string("fleet.target"), "States": .object(iteration.states)]),
            "ResultPath": .string("$.results"),
            "Next": .string("fleet.failures"),
        ]))
        chain.add("fleet.failures", LoweringStep.pass(
            parameters: [ASLNode.Member("failed.$", .string("$.results[?(@.failed == true)].instance"))], resultPath: "$.outcome", next: "fleet.count"))
        chain.add("fleet.count", LoweringStep.pass(
            parameters: [ASLNode.Member("failed.$", .string("$.outcome.failed")), ASLNode.Member("count.$", .string("States.ArrayLength($.outcome.failed)"))],
            resultPath: "$.outcome", next: "fleet.budget"))
        chain.add("fleet.budget", LoweringStep.choice([(.fields(["And": .array([
            .fields(["Variable": .string("$.irun.maxErrors"), "IsPresent": .bool(true)]),
            .fields(["Variable": .string("$.irun.maxErrors"), "IsNumeric": .bool(true)]),
            .fields(["Variable": .string("$.outcome.count"), "NumericGreaterThanPath": .string("$.irun.maxErrors")]),
        ])]), "fleet.over-budget")], otherwise: "fleet.outcome"))
        chain.add("fleet.over-budget", LoweringStep.fail("ErrorBudgetExceeded", cause: "more instances failed than the fleet's error budget (irun.maxErrors) allows"))
        // As a local fleet's parent: it succeeds only when every instance did.
        chain.add("fleet.outcome", LoweringStep.choice(
            [(.fields(["Variable": .string("$.outcome.count"), "NumericGreaterThan": .int(0)]), "fleet.some-failed")], otherwise: "fleet.done"))
        chain.add("fleet.some-failed", LoweringStep.fail("TargetsFailed", cause: "at least one instance failed; irun sfn import records each instance's run with its failure"))
        chain.add("fleet.done", .fields(["Type": .string("Succeed")]))
        return chain.scope(startAt: "fleet.input")
    }
}
