#if canImport(Glibc)
import Glibc
#endif
import AuditStore
import Foundation
import GRDB
import MockAWS
import Providers
import RunbookModel
import Testing

/// SplitMix64: the kill moments of a seeded test, repeatable from the printed seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `IRUN_TEST_SEED` when set (to rerun a failure exactly), else a fresh seed; printed either way.
    static func forTest(_ name: String) -> (SeededGenerator, UInt64) {
        let seed = ProcessInfo.processInfo.environment["IRUN_TEST_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...UInt64.max)
        print("\(name): seed \(seed) (rerun exactly with IRUN_TEST_SEED=\(seed))")
        return (SeededGenerator(seed: seed), seed)
    }
}

/// Starts `irun` with `arguments`, waits for its first progress line, waits `delay`, and kills it with SIGKILL.
func killMidRun(_ arguments: [String], environment: [String: String]? = nil, after delay: Duration) async throws {
    let process = Process()
    process.executableURL = try irunBinary()
    process.arguments = arguments
    process.currentDirectoryURL = repositoryRoot
    if let environment { process.environment = environment }
    #expect(try startAndWaitForRun(process), "irun printed no run line")
    try await Task.sleep(for: delay)
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
}

@Suite("Durable fleets and one driver per run", .serialized)
struct DurableFleetTests {
    static let targets = ["i-123", "i-456", "i-789", "i-0db0001", "i-0b0b"]

    @Test func aFleetKilledAtRandomMomentsFinishesWithOneResumeOfItsParentAndNoChangeTwice() async throws {
        var (generator, seed) = SeededGenerator.forTest("simulated fleet kill")
        var cutOff = 0
        for round in 0..<3 {
            // Given a fleet quarantine of five instances, killed with SIGKILL at a seeded moment
            let scratch = try Scratch(runbook: "name: unused\nsteps:\n  a: { action: core.noop }\n")
            let delay = Int.random(in: 0...400, using: &generator)
            try await killMidRun(["execute", "ec2-quarantine"] + Self.targets.flatMap { ["--instance", $0] } + ["--db", scratch.db], after: .milliseconds(delay))
            let store = try scratch.store()
            let parent = try #require(try await store.runs(limit: 50).first { $0.parentRunID == nil }, "seed \(seed) round \(round)")
            // When the parent is resumed once (if the fleet had not finished before the kill)
            if parent.status.isOpen {
                cutOff += 1
                let resumed = try scratch.irun(["resume", parent.id])
                #expect(resumed.stdout.contains("run \(parent.id) taken over from pid"), "the takeover is shown")
                #expect(resumed.status == 0, "seed \(seed) round \(round) (killed after \(delay) ms): \(resumed.stdout)\n\(resumed.stderr)")
            }
            // Then the parent and every target succeeded
            #expect(try await store.run(parent.id)?.status == .succeeded, "seed \(seed) round \(round)")
            let world = try scratch.simulatedWorld()
            for target in Self.targets {
                let child = try #require(try await store.run("\(parent.id).\(target)"), "seed \(seed) round \(round): \(target) never started")
                #expect(child.status == .succeeded, "seed \(seed) round \(round): \(target) \(child.status)")
                // And no step of it succeeded twice, and its volumes have one snapshot each
                let successes = child.events.filter { $0.kind == .stepSucceeded }.compactMap(\.step)
                #expect(successes.count == Set(successes).count, "seed \(seed) round \(round): \(target) repeated a step")
                let snapshots = world.snapshots.values.filter { $0.snapshot.tags.value(of: "quarantine-run") == child.header.id }
                #expect(snapshots.count == world.instances[target]!.volumeIds.count, "seed \(seed) round \(round): \(target) has \(snapshots.count) snapshots")
            }
            // And there is one quarantine group per VPC, and the chain verifies
            let quarantine = world.securityGroups.values.filter { $0.groupName.hasPrefix("irun-quarantine-") }
            #expect(quarantine.count == Set(quarantine.map(\.vpcId)).count, "seed \(seed) round \(round)")
            #expect(Set(quarantine.map(\.vpcId)) == Set(Self.targets.map { world.instances[$0]!.vpcId }))
            #expect(try scratch.irun(["audit", "verify"]).status == 0)
            // And status shows the parent's targets
            let status = try scratch.irun(["status", parent.id])
            #expect(Self.targets.allSatisfy { status.stdout.contains($0) } && status.stdout.contains("targets (5, 0 still to finish)"), "\(status.stdout)")
            #expect(try await store.lease(ofRun: parent.id) == nil, "a finished run holds no lease")
        }
        #expect(cutOff > 0, "seed \(seed): no kill landed before the fleet finished; the test proved nothing")
    }

    @Test func ctrlCOfAFleetRecordsEveryChildInterruptedAndTheParentResumable() async throws {
        // Given a fleet quarantine interrupted with Ctrl-C (SIGINT) as soon as it starts
        let scratch = try Scratch(runbook: "name: unused\nsteps:\n  a: { action: core.noop }\n")
        let process = Process()
        process.executableURL = try irunBinary()
        process.arguments = ["execute", "ec2-quarantine"] + Self.targets.flatMap { ["--instance", $0] } + ["--db", scratch.db]
        process.currentDirectoryURL = repositoryRoot
        #expect(try startAndWaitForRun(process))
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        let store = try scratch.store()
        let parent = try #require(try await store.runs(limit: 50).first { $0.parentRunID == nil })
        guard parent.status != .succeeded else { return }  // the fleet outran the signal: nothing to check
        // Then it exits 4, the parent is interrupted, and no child is left running
        #expect(process.terminationStatus == 4)
        #expect(parent.status == .interrupted)
        let children = try await store.children(ofRun: parent.id)
        #expect(children.allSatisfy { $0.status == .interrupted || $0.status == .succeeded }, "\(children.map { "\($0.id) \($0.status)" })")
        // And a child resumes alone, and then one resume of the parent finishes every other target
        if let child = children.first(where: { $0.status == .interrupted }) {
            #expect(try scratch.irun(["resume", child.id]).status == 0)
            #expect(try await store.run(child.id)?.status == .succeeded)
        }
        let resumed = try scratch.irun(["resume", parent.id])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let all = try await store.children(ofRun: parent.id)
        #expect(all.count == Self.targets.count && all.allSatisfy { $0.status == .succeeded })
    }

    static let twoGates = """
        name: two-gates
        steps:
          hello: { action: notify.log, with: { message: "hello" } }
          g1: { needs: [hello], action: notify.log, with: { message: "one" }, approval: "First?" }
          g2: { needs: [hello], action: notify.log, with: { message: "two" }, approval: "Second?" }
          join: { needs: [g1, g2], action: notify.log, with: { message: "joined" } }
        """

    @Test func twoApprovalsAtTheSameMomentEndWithBothRecordedAndEveryStepRunOnce() async throws {
        for round in 0..<4 {
            // Given a run waiting on two gates in parallel
            let scratch = try Scratch(runbook: Self.twoGates)
            let paused = try scratch.irun(["execute", scratch.file("job.yaml").path])
            #expect(paused.status == 3, "\(paused.stderr)")
            let id = try await scratch.lastRunID()
            // When two terminals approve one gate each at the same moment
            async let first = Task.detached { try scratch.irun(["approve", id, "g1", "--actor", "alice"]) }.value
            async let second = Task.detached { try scratch.irun(["approve", id, "g2", "--actor", "bob"]) }.value
            let (one, two) = try await (first, second)
            // (whichever drove first may have paused on the other gate before its decision came: exit 3)
            #expect([0, 3].contains(one.status) && [0, 3].contains(two.status), "round \(round): \(one.stderr)\n\(two.stderr)")
            // Then both approvals are recorded, the run finished, and every step ran exactly once
            let run = try #require(try await scratch.store().run(id))
            #expect(run.status == .succeeded, "round \(round): \(one.stderr)\n\(two.stderr)")
            #expect(Set(run.events.filter { $0.kind == .approvalGranted }.compactMap(\.step)) == ["g1", "g2"])
            let successes = run.events.filter { $0.kind == .stepSucceeded }.compactMap(\.step)
            #expect(successes.sorted() == ["g1", "g2", "hello", "join"], "round \(round): \(successes)")
            // And no two processes drove it at once: each resume begins after the previous driver stopped
            var driving = false
            for event in run.events {
                switch event.kind {
                case .runResumed: #expect(!driving, "round \(round): a second driver resumed the run while the first drove it"); driving = true
                case .runWaiting, .runFinished, .runInterrupted: driving = false
                default: break
                }
            }
        }
    }

    /// Gives run `id` a lease as if another process held it.
    static func lease(_ id: String, in scratch: Scratch, host: String, pid: Int32, heartbeatSecondsAgo: Double) async throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let beat = formatter.string(from: Date().addingTimeInterval(-heartbeatSecondsAgo))
        try await DatabaseQueue(path: scratch.db).write { db in
            try db.execute(
                sql: "INSERT INTO run_leases (run_id, token, host, pid, actor, acquired_at, heartbeat_at) VALUES (?, 'other', ?, ?, 'mallory', ?, ?)",
                arguments: [id, host, Int64(pid), beat, beat]
            )
        }
    }

    @Test func aRunDrivenByALiveProcessIsRefusedAndOneWhoseDriverIsGoneIsTakenOver() async throws {
        let local = ProcessInfo.processInfo.hostName
        // Given paused runs, each leased to another process: alive here, dead here, silent elsewhere
        for (host, pid, heartbeat, outcome) in [
            (local, getpid(), 1.0, "refused"), (local, Self.deadPID(), 1.0, "owner-exited"), ("elsewhere", Int32(1), 120.0, "heartbeat-expired"),
        ] {
            let scratch = try Scratch(runbook: RunCommandTests.gated.replacingOccurrences(of: "secret: true", with: "secret: false"))
            _ = try scratch.irun(["execute", scratch.file("job.yaml").path, "--param", "token=t"])
            let id = try await scratch.lastRunID()
            try await Self.lease(id, in: scratch, host: host, pid: pid, heartbeatSecondsAgo: heartbeat)
            // When someone resumes it
            let resumed = try scratch.irun(["approve", id, "gate"])
            let run = try #require(try await scratch.store().run(id))
            if outcome == "refused" {
                // Then a live driver keeps it: the approval is recorded, and the message names the driver
                #expect(resumed.status == 0 && resumed.stderr.contains("being driven by pid \(getpid()) on \(local) (mallory)"), "\(resumed.stderr)")
                #expect(run.status == .waitingApproval && run.events.contains { $0.kind == .approvalGranted })
                let again = try scratch.irun(["resume", id])
                #expect(again.status == 1 && again.stderr.contains("being driven by pid \(getpid())"), "\(again.stderr)")
            } else {
                // Then a gone driver's run is taken over, on the record, and finished
                #expect(resumed.status == 0, "\(resumed.stderr)")
                let takeover = try #require(run.events.first { $0.kind == .runTakenOver })
                #expect(takeover.payload[member: "reason"] == .string(outcome) && takeover.payload[member: "previousActor"] == "mallory")
                #expect(run.status == .succeeded)
                #expect(try scratch.irun(["audit", "verify"]).status == 0)
            }
        }
    }

    @Test func aSimulatedAccountThatCannotBeSavedStopsTheRunBeforeAnythingIsRecorded() async throws {
        // Given a store whose simulated account cannot be written (a directory where its file goes)
        let scratch = try Scratch(runbook: "name: unused\nsteps:\n  a: { action: core.noop }\n")
        try FileManager.default.createDirectory(at: scratch.directory.appendingPathComponent("simulated/default.json"), withIntermediateDirectories: true)
        // When a quarantine starts
        let result = try scratch.irun(["execute", "ec2-quarantine", "--instance", "i-123"])
        // Then it says so and records nothing
        #expect(result.status == 1 && result.stderr.contains("cannot save the simulated account"), "\(result.stderr)")
        #expect(try await AuditDatabase.open(path: scratch.db).runs(limit: 1).isEmpty)
    }

    /// The pid of a process that has exited.
    static func deadPID() -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try? process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test func whatAnActionSaysIsInTheChainTheReportTheExportAndTheJSONProgress() async throws {
        let scratch = try Scratch(runbook: """
            name: talkative
            steps:
              warn: { action: notify.log, with: { message: "original groups are unknown", level: warning } }
            """)
        let run = try scratch.irun(["execute", scratch.file("job.yaml").path, "--output", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let logged = run.stdout.split(separator: "\n").first { $0.contains("\"action-logged\"") }
        #expect(logged?.contains("original groups are unknown") == true && logged?.contains("\"warning\"") == true, "\(run.stdout)")
        let id = try await scratch.lastRunID()
        let event = try #require(try await scratch.store().run(id)?.events.first { $0.kind == .actionLogged })
        #expect(event.step == "warn" && event.payload[member: "level"] == "warning")
        let report = try scratch.irun(["report", id, "--format", "md"])
        #expect(report.stdout.contains("warning: original groups are unknown"), "\(report.stdout)")
        let export = try scratch.irun(["audit", "export", "--format", "jsonl"])
        #expect(export.stdout.split(separator: "\n").contains { $0.contains("\"action-logged\"") && $0.contains("original groups are unknown") })
    }
}

@Suite("A fleet against moto survives SIGKILL", .serialized, .enabled(if: Moto.isAvailable, Moto.skipReason))
struct DurableFleetMotoTests {
    @Test func aFleetKilledAtRandomMomentsFinishesWithOneResumeAndNoChangeTwice() async throws {
        var (generator, seed) = SeededGenerator.forTest("moto fleet kill")
        var cutOff = 0
        for round in 0..<2 {
            // Given four instances in moto, and a fleet quarantine of them killed at a seeded moment
            let world = try await MotoWorld.seed(client: try Moto.client())
            var instances: [MotoInstance] = []
            for index in 0..<4 { instances.append(try await world.instance(inAutoScalingGroup: index < 2, inTargetGroup: index % 2 == 0, inLoadBalancer: index == 0)) }
            let scratch = try AWSScratch()
            let endpoint = try #require(Moto.endpoint).absoluteString
            let arguments = ["execute", "ec2-quarantine"] + instances.flatMap { ["--instance", $0.id] }
                + ["--provider", "aws", "--endpoint-url", endpoint, "--region", "us-east-1", "--db", scratch.db]
            let delay = Int.random(in: 0...1200, using: &generator)
            try await killMidRun(arguments, environment: scratch.environment.merging(["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]) { $1 }, after: .milliseconds(delay))
            let store = try scratch.store()
            let parent = try #require(try await store.runs(limit: 50).first { $0.parentRunID == nil }, "seed \(seed) round \(round)")
            // When its parent is resumed once with the same provider
            if parent.status.isOpen {
                cutOff += 1
                let resumed = try scratch.irun(["resume", parent.id])
                #expect(resumed.status == 0, "seed \(seed) round \(round) (killed after \(delay) ms): \(resumed.stdout.suffix(3000))\n\(resumed.stderr)")
            }
            // Then every target is quarantined once: one snapshot per volume, one quarantine group, every step once
            #expect(try await store.run(parent.id)?.status == .succeeded, "seed \(seed) round \(round)")
            for instance in instances {
                let child = try #require(try await store.run("\(parent.id).\(instance.id)"), "seed \(seed) round \(round)")
                #expect(child.status == .succeeded, "seed \(seed) round \(round): \(instance.id) \(child.status)")
                let successes = child.events.filter { $0.kind == .stepSucceeded }.compactMap(\.step)
                #expect(successes.count == Set(successes).count, "seed \(seed) round \(round): \(instance.id) repeated a step")
                #expect(try await world.snapshots(taggedRun: child.header.id).count == instance.volumeIds.count, "seed \(seed) round \(round): \(instance.id)")
                #expect(try await world.tags(of: instance.id).value(of: "quarantine-run") == child.header.id)
            }
            #expect(try await world.securityGroup(named: "irun-quarantine-\(world.vpcId)") != nil)
            #expect(try scratch.irun(["audit", "verify"], provider: false).status == 0)
        }
        #expect(cutOff > 0, "seed \(seed): no kill landed before the fleet finished; the test proved nothing")
    }
}
