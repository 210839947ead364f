import Actions
import MockAWS
import Providers
import RunbookModel
import Testing

@Suite("ec2.isolate")
struct IsolateTests {
    let isolate = EC2IsolateAction()

    /// i-123 taken out of service first, as the runbook does.
    func outOfService() async throws -> Harness {
        let harness = try Harness()
        _ = try await harness.run(EC2DetachAction(), ["instance": "i-123"])
        _ = try await harness.run(EC2DeregisterAction(), ["instance": "i-123"])
        return harness
    }

    @Test func refusesWhileTheInstanceIsStillInItsAutoScalingGroup() async throws {
        // Given i-123, still in web-asg, web-clb and web-tg
        let harness = try Harness()
        // When isolation is attempted
        let text = await errorText { _ = try await harness.run(isolate, ["instance": "i-123"]) }
        // Then it is refused, saying what to do first and why, and nothing changed
        #expect(text?.hasPrefix("StillInService: i-123 is still in Auto Scaling group web-asg, classic load balancer web-clb, target group web-tg:80") == true)
        #expect(text?.contains("ec2.detach") == true && text?.contains("terminate") == true)
        #expect(await harness.mutations().isEmpty)
        #expect(await harness.groups("i-123") == ["eni-0123a": ["sg-0e1b"], "eni-0123b": ["sg-0ad0"]])
    }

    @Test func movesEveryInterfaceThroughAnAllowAllGroupAndCutsTheAttackersSession() async throws {
        // Given i-123 detached and deregistered, with the attacker's tracked session on eth0
        let harness = try await outOfService()
        #expect(await harness.aws.settle().openConnections(of: "i-123") == 1)
        // When it is isolated
        let outputs = try await harness.run(isolate, ["instance": "i-123"])
        // Then both ENIs are in the new quarantine group alone, and the session is cut
        let quarantine = try #require(try await harness.securityGroups(named: "irun-quarantine-vpc-0a1").first)
        #expect(quarantine.ipPermissions.isEmpty && quarantine.ipPermissionsEgress.isEmpty)
        #expect(quarantine.description == "irun quarantine: no inbound or outbound traffic")
        #expect(outputs == ["quarantineGroup": .string(quarantine.groupId), "originalGroups": ["eni-0123a": ["sg-0e1b"], "eni-0123b": ["sg-0ad0"]]])
        #expect(await harness.groups("i-123") == ["eni-0123a": [quarantine.groupId], "eni-0123b": [quarantine.groupId]])
        #expect(await harness.aws.settle().openConnections(of: "i-123") == 0)
        // And each ENI went through the allow-all group, which admits everything both ways
        let untrack = try #require(try await harness.securityGroups(named: "irun-untrack-vpc-0a1").first)
        #expect(untrack.ipPermissions == [.allTraffic] && untrack.ipPermissionsEgress == [.allTraffic])
        let moves = await harness.aws.calls.calls(to: .modifyNetworkInterfaceAttribute).compactMap { $0.request as? ModifyNetworkInterfaceAttributeInput }
        #expect(moves == [
            ModifyNetworkInterfaceAttributeInput(networkInterfaceId: "eni-0123a", groups: [untrack.groupId]),
            ModifyNetworkInterfaceAttributeInput(networkInterfaceId: "eni-0123a", groups: [quarantine.groupId]),
            ModifyNetworkInterfaceAttributeInput(networkInterfaceId: "eni-0123b", groups: [untrack.groupId]),
            ModifyNetworkInterfaceAttributeInput(networkInterfaceId: "eni-0123b", groups: [quarantine.groupId]),
        ])
        #expect(await harness.aws.calls.calls(to: .modifyInstanceAttribute).isEmpty)
        // And each ENI carries its original groups on a tag
        let interfaces = try await harness.aws.describeNetworkInterfaces(DescribeNetworkInterfacesInput(networkInterfaceIds: ["eni-0123a", "eni-0123b"])).networkInterfaces
        #expect(interfaces.map { $0.tags.value(of: "irun-original-groups") } == ["sg-0e1b", "sg-0ad0"])
    }

    @Test func runningAgainChangesNothingAndReportsTheSameOriginals() async throws {
        let harness = try await outOfService()
        let first = try await harness.run(isolate, ["instance": "i-123"])
        let second = try await harness.run(isolate, ["instance": "i-123"])
        #expect(second == first)
        #expect(await harness.aws.calls.repeatedMutations().isEmpty)
        #expect(await harness.aws.calls.calls(to: .createSecurityGroup).count == 2)
        #expect(try await isolate.reconcile(harness.context(["instance": "i-123"])) == .completed(first))
    }

    @Test func laterRunsReuseTheGroups() async throws {
        // Given two standalone instances in the same VPC, isolated one after the other
        let harness = try Harness()
        let first = try await harness.run(isolate, ["instance": "i-0db0001"])
        let second = try await harness.run(isolate, ["instance": "i-0b0b"])
        // Then both use the same quarantine group, created once
        #expect(first["quarantineGroup"] == second["quarantineGroup"])
        #expect(await harness.aws.calls.calls(to: .createSecurityGroup).count == 2)
        #expect(try await harness.securityGroups(named: "irun-quarantine-vpc-0a1").count == 1)
        #expect(await harness.aws.calls.repeatedMutations().isEmpty)
    }

    @Test func parallelIsolationsInOneVPCShareTheGroups() async throws {
        // Given three standalone instances of vpc-0a1 isolated at once (as fleet mode does)
        let harness = try Harness()
        let isolate = isolate
        let quarantineGroups = try await withThrowingTaskGroup(of: Value?.self) { group in
            for id in ["i-0db0001", "i-0b0b", "i-5709"] {
                group.addTask { try await harness.run(isolate, ["instance": .string(id)])["quarantineGroup"] }
            }
            return try await group.reduce(into: Set<Value?>()) { $0.insert($1) }
        }
        // Then all succeed with one quarantine group and one allow-all group, whoever created them
        #expect(quarantineGroups.count == 1)
        #expect(try await harness.securityGroups(named: "irun-quarantine-vpc-0a1").count == 1)
        let untrack = try await harness.securityGroups(named: "irun-untrack-vpc-0a1")
        #expect(untrack.count == 1 && untrack.first?.ipPermissions == [.allTraffic] && untrack.first?.ipPermissionsEgress == [.allTraffic])
        // Any failed call is a lost creation race, which the loser takes as "already there".
        let lost = await harness.aws.calls.filter { !$0.succeeded }.map(\.outcome)
        #expect(lost.allSatisfy { $0 == .failed(code: "InvalidGroup.Duplicate") || $0 == .failed(code: "InvalidPermission.Duplicate") })
    }

    @Test func aRetryAfterAFailedSecondMoveRecoversTheOriginalGroupsFromTheTag() async throws {
        // Given the second interface move fails (the ENI is left in the allow-all group)
        let harness = try Harness(faults: [fault("ModifyNetworkInterfaceAttribute", "InternalError", window: .calls(2...2))])
        #expect(await errorCode { _ = try await harness.run(isolate, ["instance": "i-0db0001"]) } == "InternalError")
        let untrack = try #require(try await harness.securityGroups(named: "irun-untrack-vpc-0a1").first)
        #expect(await harness.groups("i-0db0001") == ["eni-0db0a": [untrack.groupId]])
        #expect(try await isolate.reconcile(harness.context(["instance": "i-0db0001"])) == .notDone)
        // When the step is retried
        let outputs = try await harness.run(isolate, ["instance": "i-0db0001"], attempt: 2)
        // Then it finishes the move and still reports the true original groups
        #expect(outputs["originalGroups"] == ["eni-0db0a": ["sg-0db"]])
        #expect(await harness.groups("i-0db0001") == ["eni-0db0a": [outputs["quarantineGroup"]!.stringValue!]])
        #expect(await harness.aws.calls.repeatedMutations().isEmpty)
    }

    @Test func undoRestoresEachInterfacesGroups() async throws {
        let harness = try await outOfService()
        let outputs = try await harness.run(isolate, ["instance": "i-123"])
        let undone = try await isolate.undo(harness.context(["instance": "i-123"]), outputs: outputs)
        #expect(undone == ["restored": ["eni-0123a": ["sg-0e1b"], "eni-0123b": ["sg-0ad0"]]])
        #expect(await harness.groups("i-123") == ["eni-0123a": ["sg-0e1b"], "eni-0123b": ["sg-0ad0"]])
        let interfaces = try await harness.aws.describeNetworkInterfaces(DescribeNetworkInterfacesInput(networkInterfaceIds: ["eni-0123a", "eni-0123b"])).networkInterfaces
        #expect(interfaces.allSatisfy { $0.tags.value(of: "irun-original-groups") == nil })
    }

    @Test func forceIsolatesAnInstanceStillInService() async throws {
        let harness = try Harness()
        let outputs = try await harness.run(isolate, ["instance": "i-123", "force": true])
        #expect(outputs["originalGroups"] == ["eni-0123a": ["sg-0e1b"], "eni-0123b": ["sg-0ad0"]])
    }

    @Test func aGivenQuarantineGroupIsUsedInstead() async throws {
        let harness = try Harness()
        let outputs = try await harness.run(isolate, ["instance": "i-0b0b", "quarantineGroup": "sg-0ba7c4"])
        #expect(outputs == ["quarantineGroup": "sg-0ba7c4", "originalGroups": ["eni-0b0ba": ["sg-0ba7c4"]]])
        #expect(await harness.aws.calls.calls(to: .modifyNetworkInterfaceAttribute).isEmpty, "already in the group: nothing to move")
        #expect(try await harness.securityGroups(named: "irun-quarantine-vpc-0a1").isEmpty)
        #expect(await errorCode { _ = try await harness.run(isolate, ["instance": "i-0b0b", "quarantineGroup": "quarantine"]) } == "InvalidInput")
    }

    @Test func planDescribesEachMoveAndCreatesNothing() async throws {
        let harness = try await outOfService()
        let before = await harness.mutations().count
        let plan = try await isolate.plan(harness.context(["instance": "i-123"], mode: .dryRun))
        #expect(plan["wouldDo"] == "move eni-0123a [sg-0e1b] → irun-untrack-vpc-0a1 (to be created) → irun-quarantine-vpc-0a1 (to be created); move eni-0123b [sg-0ad0] → irun-untrack-vpc-0a1 (to be created) → irun-quarantine-vpc-0a1 (to be created)")
        #expect(plan["originalGroups"] == ["eni-0123a": ["sg-0e1b"], "eni-0123b": ["sg-0ad0"]])
        #expect(await harness.mutations().count == before)
        // In service, the plan warns instead of refusing.
        let fresh = try Harness()
        let warned = try await isolate.plan(fresh.context(["instance": "i-123"], mode: .dryRun))
        #expect(warned["wouldDo"]?.stringValue?.hasPrefix("note: i-123 is still in Auto Scaling group web-asg") == true)
    }

    @Test func badInputAndDeniedCallsFail() async throws {
        let harness = try Harness(faults: [fault("CreateSecurityGroup")])
        #expect(await errorCode { _ = try await harness.run(isolate, ["instance": "I-123"]) } == "InvalidInput")
        #expect(await errorCode { _ = try await harness.run(isolate, ["instance": "i-0000beef"]) } == "InvalidInstanceID.NotFound")
        #expect(await errorCode { _ = try await harness.run(isolate, ["instance": "i-0db0001"]) } == "UnauthorizedOperation")
        #expect(await harness.groups("i-0db0001") == ["eni-0db0a": ["sg-0db"]])
    }
}
