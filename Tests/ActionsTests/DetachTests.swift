import Actions
import MockAWS
import Providers
import RunbookModel
import Testing

@Suite("ec2.detach")
struct DetachTests {
    let detach = EC2DetachAction()

    @Test func detachesWithoutDecrementingSoTheGroupReplacesTheInstance() async throws {
        // Given i-123 in web-asg (desired 3)
        let harness = try Harness()
        // When it is detached twice (a retry)
        let first = try await harness.run(detach, ["instance": "i-123"])
        let second = try await harness.run(detach, ["instance": "i-123"])
        // Then it left the group once, capacity was kept, and the group launched a replacement
        #expect(first == ["detachedFrom": ["web-asg"]])
        #expect(second == ["detachedFrom": []])
        let world = await harness.aws.settle()
        #expect(world.autoScalingGroup(of: "i-123") == nil)
        let group = try #require(world.autoScalingGroups["web-asg"])
        #expect(group.desiredCapacity == 3 && group.members.count == 3)
        let calls = await harness.aws.calls.calls(to: .detachInstances)
        #expect(calls.count == 1 && (calls[0].request as? DetachInstancesInput)?.shouldDecrementDesiredCapacity == false)
        #expect(await harness.aws.calls.repeatedMutations().isEmpty)
        // And a resume finds the change in place
        #expect(try await detach.reconcile(harness.context(["instance": "i-123"])) == .completed(["detachedFrom": []]))
    }

    @Test func undoAttachesItBackOnce() async throws {
        let harness = try Harness()
        let outputs = try await harness.run(detach, ["instance": "i-123"])
        #expect(try await detach.reconcile(harness.context(["instance": "i-456"])) == .notDone)
        let undone = try await detach.undo(harness.context(["instance": "i-123"]), outputs: outputs)
        let again = try await detach.undo(harness.context(["instance": "i-123"]), outputs: outputs)
        #expect(undone == ["attachedTo": ["web-asg"]] && again == ["attachedTo": []])
        #expect(await harness.aws.settle().autoScalingGroup(of: "i-123")?.name == "web-asg")
        #expect(await harness.aws.calls.calls(to: .attachInstances).count == 1)
    }

    @Test func anInstanceInNoGroupIsLeftAlone() async throws {
        let harness = try Harness()
        #expect(try await harness.run(detach, ["instance": "i-0db0001"]) == ["detachedFrom": []])
        #expect(await harness.mutations().isEmpty)
    }

    @Test func planNamesTheGroupAndChangesNothing() async throws {
        let harness = try Harness()
        let plan = try await detach.plan(harness.context(["instance": "i-123"], mode: .dryRun))
        #expect(plan["wouldDo"] == "detach i-123 from web-asg (InService) without decrementing desired capacity: the group launches a replacement")
        #expect(plan["detachedFrom"] == ["web-asg"])
        #expect(await harness.mutations().isEmpty)
    }

    @Test func badInputAndDeniedCallsFail() async throws {
        let harness = try Harness(faults: [fault("DetachInstances", "AccessDenied")])
        #expect(await errorCode { _ = try await harness.run(detach, ["instance": "i-123;rm"]) } == "InvalidInput")
        #expect(await errorCode { _ = try await harness.run(detach, ["instance": "i-0000beef"]) } == "InvalidInstanceID.NotFound")
        #expect(await errorCode { _ = try await harness.run(detach, ["instance": "i-123"]) } == "AccessDenied")
        #expect(await harness.aws.settle().autoScalingGroup(of: "i-123")?.name == "web-asg")
    }
}
