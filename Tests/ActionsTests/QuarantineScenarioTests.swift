import Actions
import Foundation
import MockAWS
import Providers
import RunbookModel
import Testing

@Suite("The quarantine of i-123, action by action")
struct QuarantineScenarioTests {
    @Test func theFullOrderKeepsTheEvidenceAndLeavesBystandersAlone() async throws {
        // Given the default world: i-123 in web-asg (ELB health checks), with an attacker's session on eth0
        let harness = try Harness()
        let owners = await Dictionary(harness.aws.world.instances.values.flatMap { record in
            ([record.id] + record.interfaceIds + record.volumeIds).map { ($0, record.id) }
        }, uniquingKeysWith: { first, _ in first })
        let instance: [String: Value] = ["instance": "i-123"]
        // When the seven actions run in AWS's order
        let captured = try await harness.run(EC2CaptureAction(), instance, runID: "q-1", step: "capture")
        _ = try await harness.run(EC2ProtectAction(), instance, runID: "q-1")
        _ = try await harness.run(EC2DetachAction(), instance, runID: "q-1")
        _ = try await harness.run(EC2DeregisterAction(), instance, runID: "q-1")
        let isolated = try await harness.run(EC2IsolateAction(), instance, runID: "q-1")
        let snapshots = try await harness.run(EC2SnapshotAction(), ["instance": "i-123", "case": "IR-1"], runID: "q-1")
        _ = try await harness.run(EC2TagAction(), ["instance": "i-123", "case": "IR-1"], runID: "q-1")
        // And two hours pass, long enough for any health check to fail and any group to act
        harness.clock.advance(by: .seconds(7200))
        let world = await harness.aws.settle()
        // Then i-123 is still running: detached before isolation, Auto Scaling never terminated it
        #expect(world.instances["i-123"]?.state == .running)
        #expect(!world.terminatedByAutoScaling.contains("i-123"))
        #expect(world.autoScalingGroup(of: "i-123") == nil)
        // And both ENIs are in the quarantine group, the attacker's session is cut
        let quarantine = try #require(isolated["quarantineGroup"]?.stringValue)
        #expect(world.groupsByInterface(of: "i-123") == ["eni-0123a": [quarantine], "eni-0123b": [quarantine]])
        #expect(world.openConnections(of: "i-123") == 0)
        // And the evidence is there: the description, two completed snapshots, the tags
        #expect(captured["evidence"]?[member: "artifact"] == "instance-description")
        let taken = try await harness.aws.describeSnapshots(DescribeSnapshotsInput(filters: [Filter(name: "tag:quarantine-run", values: ["q-1"])])).snapshots
        #expect(taken.count == 2 && taken.allSatisfy { $0.state == .completed })
        #expect(snapshots["snapshots"]?.listItems?.count == 2)
        let tags = try await harness.instance("i-123").tags
        #expect(tags.value(of: "quarantine") == "true" && tags.value(of: "quarantine-case") == "IR-1" && tags.value(of: "quarantine-run") == "q-1")
        // And the web tier kept serving: the group is back at three members
        #expect(world.autoScalingGroups["web-asg"]?.members.count == 3)
        // And no mutating call named a bystander (the group's own replacement launch is not a call)
        let mutations = await harness.mutations()
        #expect(touched(mutations, owners: owners) == ["i-123"])
        for bystander in ["i-456", "i-789", "i-0db0001"] {
            #expect(world.instances[bystander]?.state == .running)
            #expect(world.instances[bystander]?.tags == WorldSpec.defaultWorld().instances.first { $0.id == bystander }?.tags)
        }
        #expect(world.groupsByInterface(of: "i-456") == ["eni-0456a": ["sg-0e1b"], "eni-0456b": ["sg-0ad0"]])
        #expect(world.groupsByInterface(of: "i-0db0001") == ["eni-0db0a": ["sg-0db"]])
        // And nothing was done twice
        #expect(await harness.aws.calls.repeatedMutations().isEmpty)
    }

    @Test func isolatingBeforeDetachingIsRefusedAndForcingItLosesTheInstance() async throws {
        // Given i-123 still in web-asg: the refusal protects the evidence
        let harness = try Harness()
        #expect(await errorCode { _ = try await harness.run(EC2IsolateAction(), ["instance": "i-123"]) } == "StillInService")
        // When isolation is forced anyway, even with termination protection on
        _ = try await harness.run(EC2ProtectAction(), ["instance": "i-123"])
        _ = try await harness.run(EC2IsolateAction(), ["instance": "i-123", "force": true])
        harness.clock.advance(by: .seconds(7200))
        // Then the group terminates it once its health checks fail: why isolate refuses
        #expect(await harness.aws.settle().terminatedByAutoScaling.contains("i-123"))
    }

    @Test func rerunningTheWholeSequenceDoublesNothing() async throws {
        let harness = try Harness()
        let actions: [(any ActionImplementation, [String: Value])] = [
            (EC2CaptureAction(), ["instance": "i-123"]), (EC2ProtectAction(), ["instance": "i-123"]), (EC2DetachAction(), ["instance": "i-123"]),
            (EC2DeregisterAction(), ["instance": "i-123"]), (EC2IsolateAction(), ["instance": "i-123"]), (EC2SnapshotAction(), ["instance": "i-123"]),
            (EC2TagAction(), ["instance": "i-123"]), (EC2StopAction(), ["instance": "i-123"]),
        ]
        for _ in 1...2 {
            for (index, (action, inputs)) in actions.enumerated() {
                _ = try await harness.run(action, inputs, runID: "q-1", step: "step-\(index)", attempt: 1)
            }
        }
        #expect(await harness.aws.calls.repeatedMutations().isEmpty)
    }
}
