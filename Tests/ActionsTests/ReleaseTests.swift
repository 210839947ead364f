import Actions
import AuditStore
import Engine
import Foundation
import MockAWS
import Providers
import RunbookModel
import Testing

@Suite("ec2.release")
struct ReleaseTests {
    static let quarantine = """
        name: quarantine
        parameters:
          instance: { type: instance-id, required: true }
          case: { type: string, default: "${{ run.id }}" }
          tag-prefix: { type: string, default: quarantine }
        steps:
          capture: { action: ec2.capture, with: { instance: "${{ params.instance }}" } }
          protect: { needs: [capture], action: ec2.protect, with: { instance: "${{ params.instance }}" } }
          detach: { needs: [capture], action: ec2.detach, with: { instance: "${{ params.instance }}" } }
          deregister: { needs: [capture], action: ec2.deregister, with: { instance: "${{ params.instance }}" } }
          isolate: { needs: [protect, detach, deregister], action: ec2.isolate, with: { instance: "${{ params.instance }}" } }
          snapshot: { needs: [protect], action: ec2.snapshot, with: { instance: "${{ params.instance }}", case: "${{ params.case }}" } }
          tag:
            needs: [isolate, snapshot]
            action: ec2.tag
            with: { instance: "${{ params.instance }}", case: "${{ params.case }}", prefix: "${{ params.tag-prefix }}" }
        """

    static let release = """
        name: release
        parameters:
          run: { type: string, required: true }
          instance: { type: instance-id }
        steps:
          release: { action: ec2.release, with: { run: "${{ params.run }}", instance: "${{ params.instance }}" } }
        """

    @Test func releaseRestoresWhatTheQuarantineRunCaptured() async throws {
        // Given i-123 quarantined by a recorded run with tag prefix "ir"
        let bench = try RunBench()
        let aws = bench.harness.aws
        let tg = try await bench.harness.webTargetGroup()
        let quarantined = try await bench.run(Self.quarantine, id: "q-1", parameters: [("instance", "i-123"), ("tag-prefix", "ir")])
        #expect(quarantined.outcome.status == .succeeded, "\(quarantined.outcome.failure ?? "")")
        bench.harness.clock.advance(by: .seconds(3600))
        #expect(try await bench.harness.instance("i-123").tags.value(of: "ir-run") == "q-1")
        // When a release run reads that run from the audit store and undoes it
        let released = try await bench.run(Self.release, id: "r-1", parameters: [("run", "q-1")])
        // Then it succeeded, and every interface has its own original groups back
        #expect(released.outcome.status == .succeeded, "\(released.outcome.failure ?? "")")
        let world = await aws.settle()
        #expect(world.groupsByInterface(of: "i-123") == ["eni-0123a": ["sg-0e1b"], "eni-0123b": ["sg-0ad0"]])
        // And it is registered again with the classic load balancer and the target group (port 80, not draining)
        #expect(world.loadBalancers(of: "i-123").map(\.name) == ["web-clb"])
        #expect(world.targetGroups[tg]?.targets.filter { $0.id == "i-123" }.map { "\($0.port) \($0.drainingUntil == nil)" } == ["80 true"])
        // And back in web-asg, with its original protection, and without the quarantine tags
        #expect(world.autoScalingGroup(of: "i-123")?.name == "web-asg")
        #expect(world.instances["i-123"]?.disableApiTermination == false && world.instances["i-123"]?.shutdownBehavior == "stop")
        let tags = try #require(world.instances["i-123"]?.tags)
        #expect(tags.map(\.key) == ["Name", "Role", "Environment"])
        #expect(try await aws.describeNetworkInterfaces(DescribeNetworkInterfacesInput(networkInterfaceIds: ["eni-0123a", "eni-0123b"])).networkInterfaces.allSatisfy { $0.tags.isEmpty })
        // And its outputs say what was restored, with the evidence captured first
        let outputs = try #require(released.run.outputs(of: "release"))
        #expect(outputs[member: "instance"] == "i-123")
        #expect(outputs[member: "restored"] == [
            "groups": ["eni-0123a": ["sg-0e1b"], "eni-0123b": ["sg-0ad0"]],
            "loadBalancers": ["web-clb"], "targetGroups": [["arn": .string(tg), "port": 80]], "autoScalingGroups": ["web-asg"],
            "protection": ["terminationProtection": false], "tagsRemoved": ["ir", "ir-case", "ir-run", "ir-time"],
        ])
        #expect(outputs[member: "evidence"][member: "artifact"] == "release-before")
        #expect(released.run.events.contains { $0.kind == .evidenceRecorded && $0.payload[member: "artifact"] == "release-before" })
        // And the instance stays healthy in service an hour later
        bench.harness.clock.advance(by: .seconds(3600))
        #expect(await !aws.settle().terminatedByAutoScaling.contains("i-123"))
    }

    @Test func aSecondReleaseChangesNothing() async throws {
        let bench = try RunBench()
        _ = try await bench.run(Self.quarantine, id: "q-1", parameters: [("instance", "i-123")])
        _ = try await bench.run(Self.release, id: "r-1", parameters: [("run", "q-1"), ("instance", "i-123")])
        let mutations = await bench.harness.mutations().count
        let again = try await bench.run(Self.release, id: "r-2", parameters: [("run", "q-1")])
        #expect(again.outcome.status == .succeeded)
        #expect(await bench.harness.mutations().count == mutations)
        #expect(again.run.outputs(of: "release")?[member: "restored"][member: "groups"] == [:])
        #expect(await bench.harness.aws.calls.repeatedMutations().isEmpty)
    }

    @Test func targetGroupPortsOutsideTheAutoScalingGroupComeBack() async throws {
        // Given the database registered in web-tg on port 5432, then quarantined
        let bench = try RunBench()
        let tg = try await bench.harness.webTargetGroup()
        try await bench.harness.aws.registerTargets(RegisterTargetsInput(targetGroupArn: tg, targets: [TargetDescription(id: "i-0db0001", port: 5432)]))
        let quarantined = try await bench.run(Self.quarantine, id: "q-db", parameters: [("instance", "i-0db0001")])
        #expect(quarantined.outcome.status == .succeeded, "\(quarantined.outcome.failure ?? "")")
        // When it is released
        _ = try await bench.run(Self.release, id: "r-db", parameters: [("run", "q-db")])
        // Then it is registered on the same port again, and keeps its termination protection
        let world = await bench.harness.aws.settle()
        #expect(world.targetGroups[tg]?.targets.filter { $0.id == "i-0db0001" && $0.drainingUntil == nil }.map(\.port) == [5432])
        #expect(world.groupsByInterface(of: "i-0db0001") == ["eni-0db0a": ["sg-0db"]])
        #expect(world.instances["i-0db0001"]?.disableApiTermination == true)
    }

    @Test func unknownRunsAndRunsWithoutACaptureAreRefused() async throws {
        let bench = try RunBench()
        let unknown = try await bench.run(Self.release, id: "r-1", parameters: [("run", "q-404")])
        #expect(unknown.outcome.failure?.contains("UnknownRun") == true)
        _ = try await bench.run("name: other\nsteps:\n  hello: { action: notify.log, with: { message: hi } }\n", id: "o-1", parameters: [])
        let other = try await bench.run(Self.release, id: "r-2", parameters: [("run", "o-1")])
        #expect(other.outcome.failure?.contains("NotAQuarantineRun") == true)
        _ = try await bench.run(Self.quarantine, id: "q-dry", parameters: [("instance", "i-123")], mode: .dryRun)
        let dry = try await bench.run(Self.release, id: "r-3", parameters: [("run", "q-dry")])
        #expect(dry.outcome.failure?.contains("NotAQuarantineRun") == true)
        _ = try await bench.run(Self.quarantine, id: "q-1", parameters: [("instance", "i-123")])
        let wrong = try await bench.run(Self.release, id: "r-4", parameters: [("run", "q-1"), ("instance", "i-456")])
        #expect(wrong.outcome.failure?.contains("InstanceNotInRun") == true)
        let malformed = bench.harness.context(["run": "q-1", "instance": "i-nope"])
        #expect(await errorCode { _ = try await EC2ReleaseAction().run(malformed) } == "InvalidInput")
    }

    @Test func aDryRunOfReleaseDescribesTheRestorationAndChangesNothing() async throws {
        let bench = try RunBench()
        _ = try await bench.run(Self.quarantine, id: "q-1", parameters: [("instance", "i-123")])
        let mutations = await bench.harness.mutations().count
        let planned = try await bench.run(Self.release, id: "r-1", parameters: [("run", "q-1")], mode: .dryRun)
        let wouldDo = planned.run.events.first { $0.kind == .stepPlanned }?.payload[member: "wouldDo"].stringValue ?? ""
        #expect(wouldDo.hasPrefix("capture i-123 as evidence (release-before), then move eni-0123a ["))
        #expect(wouldDo.contains("register i-123 with classic load balancer web-clb") && wouldDo.contains("attach i-123 to Auto Scaling group web-asg"))
        #expect(await bench.harness.mutations().count == mutations)
    }

    @Test func reconcileIsCompletedOnceNothingIsLeftToRestore() async throws {
        let bench = try RunBench()
        _ = try await bench.run(Self.quarantine, id: "q-1", parameters: [("instance", "i-123")])
        let store = bench.store
        let context = bench.harness.context(["run": "q-1"], history: { try await store.run($0) })
        #expect(try await EC2ReleaseAction().reconcile(context) == .notDone)
        _ = try await EC2ReleaseAction().run(context)
        guard case .completed(let outputs) = try await EC2ReleaseAction().reconcile(context) else {
            Issue.record("expected completed")
            return
        }
        #expect(outputs["instance"] == "i-123" && outputs["evidence"] == .null)
    }

    @Test func theShippedRunbooksQuarantineAndRelease() async throws {
        // Given the runbooks in Runbooks/
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let quarantine = try String(contentsOf: root.appending(path: "Runbooks/ec2-quarantine.yaml"), encoding: .utf8)
        let release = try String(contentsOf: root.appending(path: "Runbooks/ec2-release.yaml"), encoding: .utf8)
        let bench = try RunBench()
        // When i-123 is quarantined, then released
        let quarantined = try await bench.run(quarantine, id: "q-1", parameters: [("instance", "i-123")])
        #expect(quarantined.outcome.status == .succeeded, "\(quarantined.outcome.failure ?? "")")
        #expect(await bench.harness.aws.settle().openConnections(of: "i-123") == 0)
        let released = try await bench.run(release, id: "r-1", parameters: [("run", "q-1")])
        // Then both succeed and i-123 is back as it was
        #expect(released.outcome.status == .succeeded, "\(released.outcome.failure ?? "")")
        let world = await bench.harness.aws.settle()
        #expect(world.groupsByInterface(of: "i-123") == ["eni-0123a": ["sg-0e1b"], "eni-0123b": ["sg-0ad0"]])
        #expect(world.autoScalingGroup(of: "i-123")?.name == "web-asg")
        #expect(world.loadBalancers(of: "i-123").map(\.name) == ["web-clb"])
    }
}
