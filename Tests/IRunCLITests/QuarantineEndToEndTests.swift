import AuditStore
import Foundation
import MockAWS
import Providers
import RunbookModel
import Testing

/// The saved simulated account next to a scratch audit database.
extension Scratch {
    func simulatedWorld() throws -> World {
        let file = directory.appendingPathComponent("simulated/default.json")
        return try JSONDecoder().decode(SavedSimulation.self, from: Data(contentsOf: file)).world
    }

    /// The saved world after `hours` more of simulated time (health checks, Auto Scaling, snapshots).
    func simulatedWorld(after hours: Double) async throws -> World {
        let file = directory.appendingPathComponent("simulated/default.json")
        let saved = try JSONDecoder().decode(SavedSimulation.self, from: Data(contentsOf: file))
        let aws = MockAWS(restoring: saved, clock: VirtualClock(start: saved.world.now.addingTimeInterval(hours * 3600)))
        return await aws.settle()
    }
}

@Suite("ec2-quarantine and ec2-release end to end on the default world", .serialized)
struct QuarantineEndToEndTests {
    @Test func quarantineContainsI123WithoutLosingItThenReleaseRestoresIt() async throws {
        let scratch = try Scratch(runbook: "name: unused\nsteps:\n  a: { action: core.noop }\n")
        let before = try World(spec: WorldSpec.defaultWorld())
        // When i-123 is quarantined
        let quarantine = try scratch.irun(["execute", "ec2-quarantine", "--instance", "i-123"])
        #expect(quarantine.status == 0, "\(quarantine.stderr)")
        let id = try await scratch.lastRunID()
        // Then it is protected, detached, deregistered, isolated on every ENI, snapshotted and tagged
        var world = try scratch.simulatedWorld()
        let instance = try #require(world.instances["i-123"])
        #expect(instance.disableApiTermination && instance.shutdownBehavior == "stop")
        #expect(world.autoScalingGroup(of: "i-123") == nil && world.loadBalancers(of: "i-123").isEmpty)
        let groups = world.groupsByInterface(of: "i-123")
        let quarantineGroup = try #require(world.securityGroups.values.first { $0.groupName.hasPrefix("irun-quarantine-") })
        #expect(groups.count == 2 && groups.values.allSatisfy { $0 == [quarantineGroup.groupId] })
        #expect(quarantineGroup.ipPermissions.isEmpty && quarantineGroup.ipPermissionsEgress.isEmpty)
        #expect(world.openConnections(of: "i-123") == 0)
        let snapshots = world.snapshots.values.filter { $0.snapshot.tags.value(of: "quarantine-run") == id }
        #expect(Set(snapshots.map(\.snapshot.volumeId)) == Set(instance.volumeIds) && snapshots.allSatisfy { $0.snapshot.state == .completed })
        #expect(instance.tags.value(of: "quarantine") == "true" && instance.tags.value(of: "quarantine-run") == id)
        // And two simulated hours later the Auto Scaling group has not terminated it
        world = try await scratch.simulatedWorld(after: 2)
        #expect(world.instances["i-123"]?.state == .running && world.terminatedByAutoScaling.isEmpty)
        // When it is released
        let release = try scratch.irun(["execute", "ec2-release", "--param", "run=\(id)"])
        #expect(release.status == 0, "\(release.stderr)")
        world = try scratch.simulatedWorld()
        // Then every ENI has its original groups, and it is back in its group and load balancers
        #expect(world.groupsByInterface(of: "i-123") == before.groupsByInterface(of: "i-123"))
        #expect(world.autoScalingGroup(of: "i-123")?.name == "web-asg")
        #expect(world.loadBalancers(of: "i-123").map(\.name) == ["web-clb"])
        #expect(world.targetGroups(of: "i-123").contains { $0.name == "web-tg" && $0.targets.contains { $0.id == "i-123" && $0.drainingUntil == nil } })
        let released = try #require(world.instances["i-123"])
        #expect(released.disableApiTermination == before.instances["i-123"]!.disableApiTermination)
        #expect(released.tags.value(of: "quarantine") == nil && released.tags.value(of: "quarantine-run") == nil)
        #expect(try scratch.irun(["audit", "verify"]).status == 0)
    }

    @Test func anAlreadyTerminatedInstanceIsReportedAndLeftAlone() async throws {
        let scratch = try Scratch(runbook: "name: unused\nsteps:\n  a: { action: core.noop }\n")
        let result = try scratch.irun(["execute", "ec2-quarantine", "--instance", "i-dead"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("report-gone") && result.stdout.contains("nothing to contain"))
        #expect(result.stdout.contains("isolate        skipped"))
    }

    @Test func anInstanceInNoGroupOrLoadBalancerSkipsDetachAndDeregister() async throws {
        let scratch = try Scratch(runbook: "name: unused\nsteps:\n  a: { action: core.noop }\n")
        let result = try scratch.irun(["execute", "ec2-quarantine", "--instance", "i-0b0b"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("detach         skipped: its when condition is false"))
        #expect(result.stdout.contains("deregister     skipped: its when condition is false"))
        let world = try scratch.simulatedWorld()
        #expect(world.groupsByInterface(of: "i-0b0b").values.allSatisfy { $0.count == 1 && world.securityGroups[$0[0]]?.groupName.hasPrefix("irun-quarantine-") == true })
    }

    @Test func aStoppedInstanceIsStillContainedWithAWarning() async throws {
        let scratch = try Scratch(runbook: "name: unused\nsteps:\n  a: { action: core.noop }\n")
        let result = try scratch.irun(["execute", "ec2-quarantine", "--instance", "i-5709"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("memory evidence is lost"))
        let world = try scratch.simulatedWorld()
        #expect(world.instances["i-5709"]?.state == .stopped && world.instances["i-5709"]?.tags.value(of: "quarantine") == "true")
    }

    @Test func anUnknownInstanceFailsTheRunWithTheReasonRecorded() async throws {
        let scratch = try Scratch(runbook: "name: unused\nsteps:\n  a: { action: core.noop }\n")
        let result = try scratch.irun(["execute", "ec2-quarantine", "--instance", "i-0feedbeef"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("InvalidInstanceID.NotFound"))
        let id = try await scratch.lastRunID()
        #expect(try await scratch.store().run(id)?.status == .failed)
        // Nothing was changed anywhere: no quarantine group, no snapshot, no tag.
        let world = try scratch.simulatedWorld()
        #expect(!world.securityGroups.values.contains { $0.groupName.hasPrefix("irun-") } && world.snapshots.count == 0)
    }

    @Test func anInstanceInAnotherVPCThanExpectedIsRefusedBeforeAnyChange() async throws {
        let scratch = try Scratch(runbook: "name: unused\nsteps:\n  a: { action: core.noop }\n")
        let result = try scratch.irun(["execute", "ec2-quarantine", "--instance", "i-456", "--param", "vpc=vpc-0beef"])
        #expect(result.status == 1 && result.stderr.contains("UnexpectedVPC") && result.stderr.contains("vpc-0a1"))
        let world = try scratch.simulatedWorld()
        #expect(world.autoScalingGroup(of: "i-456")?.name == "web-asg" && world.instances["i-456"]?.disableApiTermination == false)
    }

    @Test func killingAQuarantineMidRunAndResumingNeverDoublesAChange() async throws {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<4 {
            let scratch = try Scratch(runbook: "name: unused\nsteps:\n  a: { action: core.noop }\n")
            let process = Process()
            process.executableURL = try irunBinary()
            process.arguments = ["execute", "ec2-quarantine", "--instance", "i-123", "--db", scratch.db]
            process.currentDirectoryURL = repositoryRoot
            // Wait for the first progress line (the run is recorded by then), reading irun's own
            // output rather than opening the database while irun is still creating it.
            let started = try startAndWaitForRun(process)
            #expect(started, "irun printed no run line")
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...(20 * (round + 1)), using: &generator)))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let id = try await scratch.lastRunID()
            if try await scratch.store().run(id)?.status.isOpen == true {
                let resumed = try scratch.irun(["resume", id])
                #expect(resumed.status == 0, "round \(round): \(resumed.stderr)")
            }
            // One quarantine group, one snapshot per volume, every step recorded as succeeded once, chain intact.
            let world = try scratch.simulatedWorld()
            #expect(world.securityGroups.values.filter { $0.groupName.hasPrefix("irun-quarantine-") }.count == 1)
            let snapshots = world.snapshots.values.filter { $0.snapshot.tags.value(of: "quarantine-run") == id }
            #expect(snapshots.count == world.instances["i-123"]!.volumeIds.count)
            #expect(world.groupsByInterface(of: "i-123").values.allSatisfy { $0.count == 1 })
            let events = try #require(try await scratch.store().run(id)).events
            let successes = events.filter { $0.kind == .stepSucceeded }.compactMap(\.step)
            #expect(successes.count == Set(successes).count)
            #expect(try scratch.irun(["audit", "verify"]).status == 0)
        }
    }
}
