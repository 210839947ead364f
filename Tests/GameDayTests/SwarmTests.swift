import Foundation
@testable import GameDay
import MockAWS
import RunbookModel
import Testing

@Suite("Swarms: faults drawn by seed")
struct FaultScheduleTests {
    static let space: FaultSpace = {
        var space = FaultSpace()
        space.throttle = ["CreateSnapshot", "DetachInstances"]
        space.fail = ["ModifyNetworkInterfaceAttribute"]
        space.failCalls = 2
        space.slow = ["DescribeInstances"]
        space.slowBy = .seconds(4)
        space.terminate = ["i-123"]
        space.lateApprovals = .seconds(600)
        space.within = .seconds(90)
        space.maxFaults = 3
        return space
    }()

    @Test func aSeedAlwaysDrawsTheSameScheduleAndEveryFaultStaysInsideTheSpace() {
        var distinct: Set<[SwarmFault]> = []
        for seed in UInt64(1)...300 {
            // When one seed draws twice
            let schedule = FaultSchedule(drawingFrom: Self.space, seed: seed, approvals: true)
            #expect(schedule == FaultSchedule(drawingFrom: Self.space, seed: seed, approvals: true), "seed \(seed)")
            distinct.insert(schedule.faults)
            // Then each fault is one the space allows
            #expect(schedule.faults.count <= 3)
            #expect(Set(schedule.faults.map(\.target)).count == schedule.faults.count, "seed \(seed): two faults on one target")
            for fault in schedule.faults {
                switch fault {
                case .throttle(let operation, let code, let percent, let from, let lasting):
                    #expect(Self.space.throttle.contains(operation) && (30...100).contains(percent) && from <= .seconds(90) && lasting <= .seconds(60))
                    #expect(code == (operation == "DetachInstances" ? "Throttling" : "RequestLimitExceeded"))
                case .fail(let operation, let code, let calls):
                    #expect(operation == "ModifyNetworkInterfaceAttribute" && Self.space.errors.contains(code) && (1...2).contains(calls))
                case .slow(let operation, let by, _, _):
                    #expect(operation == "DescribeInstances" && by >= .milliseconds(100) && by <= .seconds(4))
                case .terminate(let instance, let at):
                    #expect(instance == "i-123" && at <= .seconds(90))
                case .lateApprovals(let by):
                    #expect(by >= .seconds(1) && by <= .seconds(600))
                }
            }
        }
        // And the seeds explore: empty schedules, every kind, many different ones
        #expect(distinct.contains([]))
        #expect(Set(distinct.flatMap { $0.map(\.kind) }) == Set(SwarmFault.Kind.allCases))
        #expect(distinct.count > 200)
    }

    @Test func lateApprovalsAreDrawnOnlyForAScenarioThatAnswersApprovals() {
        for seed in UInt64(1)...200 {
            #expect(!FaultSchedule(drawingFrom: Self.space, seed: seed, approvals: false).faults.contains { $0.kind == .lateApprovals })
        }
    }

    @Test func aScheduleBecomesFaultRulesTerminationsAndLaterAnswers() throws {
        // Given a scenario whose incident starts at +2m and whose approval comes 10m after the request
        var scenario = try load("denied-approval.yaml")
        let schedule = FaultSchedule(faults: [
            .throttle(operation: "CreateSnapshot", code: "RequestLimitExceeded", percent: 50, from: .seconds(10), lasting: .seconds(20)),
            .fail(operation: "CreateTags", code: "InternalError", calls: 2),
            .terminate(instance: "i-123", at: .seconds(30)),
            .lateApprovals(by: .seconds(300)),
        ])
        scenario.faults = []
        // When it is applied
        let changed = schedule.applied(to: scenario)
        // Then the windows count from the incident's start, as the text says
        let throttle = try #require(changed.faults.first { $0.name == "swarm-1" })
        #expect(throttle.activeFrom == scenario.incident.at + .seconds(10) && throttle.activeUntil == scenario.incident.at + .seconds(30) && throttle.probability == 0.5)
        #expect(changed.faults.first { $0.name == "swarm-2" }?.window == .first(2))
        #expect(changed.terminations.last.map { $0.instance == "i-123" && $0.at == .seconds(30) } == true)
        #expect(changed.approvals[0].after == scenario.approvals[0].after + .seconds(300))
        #expect(schedule.faults[0].description == "throttle CreateSnapshot (RequestLimitExceeded) on 50% of calls from +10s for 20s")
    }
}

@Suite("Swarms: many seeds, each with its own trouble")
struct SwarmTests {
    @Test func aSwarmOverEc2QuarantineOnTheWebTierPasses() async throws {
        // When 100 runs of web-tier-asg each draw up to three throttles, failures and slow-downs
        let cards = try await Swarm(runner: runner()).run(try load("web-tier-asg.yaml"), count: 100, firstSeed: 11)
        let summary = SwarmSummary(scenario: "web-tier-asg", cards: cards)
        // Then ec2-quarantine contains, captures and keeps the instance in every one of them
        #expect(summary.runs == 100 && summary.passed == 100, "\(summary.failures.map { "\($0.expectation): \($0.seeds.prefix(2).map { "seed \($0.seed) \($0.faults) → \($0.evidence)" })" })")
        #expect(summary.timeToContain.reached == 100 && summary.timeToContain.max.map { $0 < 120 } == true)
        #expect(cards.map(\.seed) == Array(11...110))
        #expect(summary.faultsDrawn.keys.sorted() == ["fail", "slow", "throttle"])
    }

    @Test func aSwarmOverABrokenRunbookFindsTheFailureAndItsSeedReplaysIt() async throws {
        // Given the naive runbook (no retries anywhere), under transient failures of its reads
        let scenario = try load("web-tier-naive.yaml")
        let cards = try await Swarm(runner: runner()).run(scenario, count: 60, firstSeed: 11)
        let summary = SwarmSummary(scenario: scenario.name, cards: cards)
        // Then the swarm finds runs that lose the evidence, beyond the lesson the scenario teaches
        let failure = try #require(summary.failures.first { $0.expectation == "evidence-complete" }, "\(summary.failures.map(\.expectation))")
        let sizes = failure.seeds.map(\.faults.count)
        #expect(sizes == sizes.sorted(), "smallest fault schedule first")
        // And its first seed, replayed alone (and recorded), fails the same way with the same call log
        let first = try #require(failure.seeds.first)
        let replay = try await runner().run(scenario, seed: first.seed, faults: FaultSchedule(drawingFrom: scenario.swarm!, seed: first.seed, approvals: false))
        #expect(replay.callLogDigest == first.callLogSHA256)
        #expect(replay.verdicts.first { $0.name == "evidence-complete" }.map { !$0.passed && $0.evidence == first.evidence } == true)
    }

    @Test func aScenarioWithoutAFaultSpaceIsRefusedWithWhatToAdd() async throws {
        var scenario = try load("web-tier-asg.yaml")
        scenario.swarm = nil
        await #expect {
            _ = try await Swarm(runner: runner()).run(scenario, count: 2, firstSeed: 1)
        } throws: { error in
            (error as? SwarmError)?.description.contains("add a `swarm:` section") == true
        }
    }

    @Test func aMisspeltOperationInTheFaultSpaceIsReportedWhereItIs() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("swarm-\(UUID().uuidString).yaml")
        try """
            scenario: bad-swarm
            incident: { runbook: ec2-quarantine, instance: i-123 }
            swarm:
              throttle: { operations: [CreatSnapshot, DetachInstance] }
              terminate: [vol-1]
            """.write(to: file, atomically: true, encoding: .utf8)
        let (scenario, diagnostics) = ScenarioLoader.load(path: file.path, worldsDirectories: [])
        #expect(scenario == nil)
        let unknown = diagnostics.filter { $0.message.contains("unknown operation") }
        #expect(unknown.count == 2 && unknown[0].location?.line == 4 && unknown[0].location?.column == 28 && unknown[0].message.contains("CreateSnapshot"))
        #expect(diagnostics.contains { $0.message.contains("'vol-1' is not an instance id") && $0.location?.line == 5 })
    }
}
