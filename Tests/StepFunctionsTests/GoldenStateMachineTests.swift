import Foundation
import RunbookModel
import StepFunctions
import Testing

/// The shipped runbooks compile to the reviewed definitions, valid and within Step Functions' limits.
struct GoldenStateMachineTests {
    @Test(arguments: [false, true])
    func quarantineMatchesGolden(fleet: Bool) throws {
        let machine = try StepFunctionsCompiler.compile(try shippedPlan("ec2-quarantine"), options: .init(fleet: fleet))
        try expectGolden(machine.json, fleet ? "ec2-quarantine.fleet.asl.json" : "ec2-quarantine.asl.json")
        #expect(StateMachineValidator.problems(in: machine.definition).isEmpty)
        #expect(machine.json.utf8.count < StateMachineLimits.definitionBytes / 4)
        // What it emits parses back as JSON with the same states.
        let parsed = try ASLNode(parsing: Data(machine.json.utf8))
        #expect(Set(parsed["States"]?.members.map(\.key) ?? []) == Set(machine.definition["States"]?.members.map(\.key) ?? []))
    }

    @Test
    func quarantineKeepsTheRunbooksOrder() throws {
        let machine = try StepFunctionsCompiler.compile(try shippedPlan("ec2-quarantine"))
        let order = machine.definition["States"]?.members.map(\.key) ?? []
        func position(_ state: String) throws -> Int { try #require(order.firstIndex(of: state), "no state \(state)") }
        // Capture first, detach and deregister before isolation, tags last.
        #expect(try position("capture") < position("triage"))
        #expect(try position("detach.detach") < position("isolate.move-interfaces"))
        #expect(try position("deregister.leave-target-groups") < position("isolate.move-interfaces"))
        #expect(try position("snapshot.create") < position("tag.tag"))
        #expect(try position("isolate.done") < position("tag.tag"))
        // Every step's tasks call AWS through the SDK integrations, never a Lambda.
        let resources = Self.resources(in: machine.definition)
        #expect(!resources.isEmpty)
        #expect(resources.allSatisfy { $0.hasPrefix("arn:aws:states:::aws-sdk:") || $0 == "arn:aws:states:::sqs:sendMessage.waitForTaskToken" })
        #expect(!resources.contains { $0.contains("lambda") })
    }

    @Test
    func guardsAndDecisionsBecomeChoices() throws {
        let machine = try StepFunctionsCompiler.compile(try shippedPlan("ec2-quarantine"))
        let definition = machine.definition
        // triage: terminated or shutting-down → report-gone (branch 0), else the rest (branch 1).
        let triage = try #require(definition.state("triage"))
        #expect(triage["Type"] == .string("Choice"))
        #expect(triage["Default"] == .string("triage.branch-1"))
        let rendered = triage.rendered(pretty: false)
        #expect(rendered.contains(#""StringEquals":"terminated""#) && rendered.contains(#""StringEquals":"shutting-down""#))
        // detach's `when: len(autoScalingGroups) > 0` reads whether element 0 exists.
        let detachGuard = try #require(definition.state("detach.when")).rendered(pretty: false)
        #expect(detachGuard.contains(#""Variable":"$.steps.capture.autoScalingGroups[0]","IsPresent":true"#))
        // protect is skipped unless triage chose branch 1.
        let protectGuard = try #require(definition.state("protect.when")).rendered(pretty: false)
        #expect(protectGuard.contains(#""Variable":"$.steps.triage.branch","NumericEquals":1"#))
        // The stop needs an approval: a task token handed to SQS, denial skips the step.
        let approval = try #require(definition.state("stop-instance.approval"))
        #expect(approval["Resource"] == .string("arn:aws:states:::sqs:sendMessage.waitForTaskToken"))
        #expect(approval.rendered(pretty: false).contains(#""taskToken.$":"$$.Task.Token""#))
        #expect(approval["Catch"]?.elements.first?["ErrorEquals"] == .array([.string("irun.ApprovalDenied")]))
        // Retries map the runbook's policy: 8 attempts → 7 retries, 1s doubling to 30s, full jitter.
        let retry = try #require(definition.state("isolate.find-untrack")?["Retry"]?.elements.first)
        #expect(retry["MaxAttempts"] == .int(7) && retry["IntervalSeconds"] == .int(1) && retry["MaxDelaySeconds"] == .int(30))
        #expect(retry["JitterStrategy"] == .string("FULL"))
        // snapshot's on-failure: continue catches into its failure record.
        let snapshot = try #require(definition.state("snapshot.create"))
        #expect(snapshot["Catch"]?.elements.last?["Next"] == .string("snapshot.failed"))
        // isolate's race for a new group dispatches on the code in the Cause.
        let race = try #require(definition.state("isolate.create-quarantine.error")).rendered(pretty: false)
        #expect(race.contains(#""Variable":"$.caught.Cause","StringMatches":"*InvalidGroup.Duplicate*""#))
    }

    @Test
    func fleetFormRunsEachInstanceInAMapWithItsBudget() throws {
        let machine = try StepFunctionsCompiler.compile(try shippedPlan("ec2-quarantine"), options: .init(fleet: true, maxConcurrency: 7))
        let fleet = try #require(machine.definition.state("fleet"))
        #expect(fleet["Type"] == .string("Map") && fleet["MaxConcurrency"] == .int(7) && fleet["ItemsPath"] == .string("$.instances"))
        let target = try #require(fleet["ItemProcessor"]?["States"]?["fleet.target"])
        #expect(target["Type"] == .string("Parallel"))
        #expect(target["Branches"]?.elements.first?["States"]?["isolate.move-interfaces"] != nil)
        #expect(machine.definition.state("fleet.over-budget")?["Error"] == .string("irun.ErrorBudgetExceeded"))
        #expect(machine.definition.state("fleet.some-failed")?["Error"] == .string("irun.TargetsFailed"))
    }

    @Test
    func rolePolicyIsExactlyWhatTheTasksCall() throws {
        let machine = try StepFunctionsCompiler.compile(try shippedPlan("ec2-quarantine"))
        let permissions = machine.permissions
        for expected in ["ec2:DescribeInstances", "ec2:ModifyNetworkInterfaceAttribute", "ec2:CreateSnapshots", "ec2:CreateTags",
                         "autoscaling:DetachInstances", "elasticloadbalancing:DeregisterTargets",
                         "elasticloadbalancing:DeregisterInstancesFromLoadBalancer", "sqs:SendMessage"] {
            #expect(permissions.contains(expected), "missing \(expected)")
        }
        #expect(permissions == permissions.sorted())
        #expect(!permissions.contains { $0.hasPrefix("lambda:") || $0.hasPrefix("elasticloadbalancingv2:") })
        let document = StateMachinePolicy.document(for: machine)
        #expect(document.contains(#""Sid": "IrunStepFunctionsEc2Quarantine""#))
    }

    static func resources(in node: ASLNode) -> [String] {
        var found: [String] = []
        if node["Type"] == .string("Task"), let resource = node["Resource"]?.stringValue { found.append(resource) }
        for member in node.members { found += resources(in: member.value) }
        for element in node.elements { found += resources(in: element) }
        return found
    }
}
