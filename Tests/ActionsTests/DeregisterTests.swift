import Actions
import MockAWS
import Providers
import RunbookModel
import Testing

@Suite("ec2.deregister")
struct DeregisterTests {
    let deregister = EC2DeregisterAction()

    @Test func deregistersFromEveryLoadBalancerAndTargetGroupWithThePort() async throws {
        // Given i-123 behind web-clb and in web-tg (port 80), and also in web-tg on port 8080 by hand
        let harness = try Harness()
        let tg = try await harness.webTargetGroup()
        try await harness.aws.registerTargets(RegisterTargetsInput(targetGroupArn: tg, targets: [TargetDescription(id: "i-123", port: 8080)]))
        // When it is deregistered twice (a retry)
        let first = try await harness.run(deregister, ["instance": "i-123"])
        let second = try await harness.run(deregister, ["instance": "i-123"])
        // Then it left web-clb and both registrations of web-tg (now draining), once
        #expect(first == ["loadBalancers": ["web-clb"], "targetGroups": [["arn": .string(tg), "port": 80], ["arn": .string(tg), "port": 8080]]])
        #expect(second == ["loadBalancers": [], "targetGroups": []])
        let world = await harness.aws.settle()
        #expect(world.loadBalancers(of: "i-123").isEmpty)
        #expect(world.targetGroups[tg]?.targets.filter { $0.id == "i-123" }.allSatisfy { $0.health.state == "draining" } == true)
        let calls = await harness.aws.calls.calls(to: .deregisterTargets)
        #expect(calls.count == 1 && (calls[0].request as? DeregisterTargetsInput)?.targets == [TargetDescription(id: "i-123", port: 80), TargetDescription(id: "i-123", port: 8080)])
        #expect(await harness.aws.calls.repeatedMutations().isEmpty)
        #expect(try await deregister.reconcile(harness.context(["instance": "i-123"])) == .completed(["loadBalancers": [], "targetGroups": []]))
    }

    @Test func scansTargetGroupsOutsideTheAutoScalingGroup() async throws {
        let harness = try Harness()
        let tg = try await harness.webTargetGroup()
        try await harness.aws.registerTargets(RegisterTargetsInput(targetGroupArn: tg, targets: [TargetDescription(id: "i-0db0001", port: 5432)]))
        #expect(try await deregister.reconcile(harness.context(["instance": "i-0db0001"])) == .notDone)
        let outputs = try await harness.run(deregister, ["instance": "i-0db0001"])
        #expect(outputs == ["loadBalancers": [], "targetGroups": [["arn": .string(tg), "port": 5432]]])
    }

    @Test func undoRegistersAgainWithThePorts() async throws {
        let harness = try Harness()
        let tg = try await harness.webTargetGroup()
        let outputs = try await harness.run(deregister, ["instance": "i-123"])
        let undone = try await deregister.undo(harness.context(["instance": "i-123"]), outputs: outputs)
        #expect(undone == outputs)
        let world = await harness.aws.settle()
        #expect(world.loadBalancers(of: "i-123").map(\.name) == ["web-clb"])
        #expect(world.targetGroups[tg]?.targets.filter { $0.id == "i-123" }.map { "\($0.port) \($0.health.state)" } == ["80 initial"])
        // A second undo finds everything in place.
        #expect(try await deregister.undo(harness.context(["instance": "i-123"]), outputs: outputs) == ["loadBalancers": [], "targetGroups": []])
        #expect(await harness.aws.calls.repeatedMutations().isEmpty)
    }

    @Test func planListsTheRegistrationsAndChangesNothing() async throws {
        let harness = try Harness()
        let tg = try await harness.webTargetGroup()
        let plan = try await deregister.plan(harness.context(["instance": "i-123"], mode: .dryRun))
        #expect(plan["wouldDo"] == .string("deregister i-123 from classic load balancer web-clb; deregister i-123 port 80 from target group web-tg (\(tg))"))
        #expect(await harness.mutations().isEmpty)
    }

    @Test func badInputAndDeniedCallsFail() async throws {
        let harness = try Harness(faults: [fault("DeregisterInstancesFromLoadBalancer", "AccessDenied")])
        #expect(await errorCode { _ = try await harness.run(deregister, ["instance": ""]) } == "InvalidInput")
        #expect(await errorCode { _ = try await harness.run(deregister, ["instance": "i-0000beef"]) } == "InvalidInstanceID.NotFound")
        #expect(await errorCode { _ = try await harness.run(deregister, ["instance": "i-123"]) } == "AccessDenied")
    }
}
