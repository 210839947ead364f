import Actions
import AuditStore
import Foundation
@testable import GameDay
import RunbookModel
import Testing

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let gamedays = repositoryRoot.appendingPathComponent("Runbooks/gamedays")

func load(_ name: String) throws -> Scenario {
    let (scenario, diagnostics) = ScenarioLoader.load(path: gamedays.appendingPathComponent(name).path, worldsDirectories: [repositoryRoot.appendingPathComponent("Runbooks/worlds").path])
    return try #require(scenario, "\(diagnostics.map(\.description).joined(separator: "\n"))")
}

func runner() throws -> GameDayRunner {
    GameDayRunner(registry: BuiltinActions.registry, store: try AuditDatabase.inMemory(), runbooksDirectories: [repositoryRoot.appendingPathComponent("Runbooks").path])
}

/// A scorecard without the run id (random per run), for comparing repeats.
func fingerprint(_ card: Scorecard) throws -> String {
    var copy = card
    copy.runID = ""
    return try ScorecardRenderer.json(copy)
}

@Suite("Game days: the shipped scenarios")
struct ShippedScenarioTests {
    static let scenarios = ["web-tier-asg.yaml", "web-tier-naive.yaml", "multi-eni.yaml", "denied-approval.yaml", "missing-permission.yaml", "already-terminated.yaml", "throttling-storm.yaml", "vanishing-instance.yaml"]

    @Test(arguments: scenarios)
    func eachScenarioComesOutAsIntended(_ file: String) async throws {
        let card = try await runner().run(try load(file))
        #expect(card.passed, "\(ScorecardRenderer.text(card, colour: false))")
        #expect(!card.verdicts.isEmpty)
    }

    @Test func theNaiveOrderLosesTheInstanceAndIrunsOrderSavesIt() async throws {
        let naive = try await runner().run(try load("web-tier-naive.yaml"))
        let survives = try #require(naive.verdicts.first { $0.name == "instance-survives" })
        #expect(!survives.passed && survives.meantToFail && survives.evidence.contains("by Auto Scaling"))
        let irun = try await runner().run(try load("web-tier-asg.yaml"))
        #expect(irun.verdicts.first { $0.name == "instance-survives" }?.passed == true)
        #expect(irun.timeToContain.map { $0 < 120 } == true)
    }

    @Test func theSameSeedGivesTheSameScorecard() async throws {
        for file in ["web-tier-asg.yaml", "missing-permission.yaml"] {
            let scenario = try load(file)
            let first = try await runner().run(scenario, seed: 99), second = try await runner().run(scenario, seed: 99)
            let a = try fingerprint(first).split(separator: "\n"), b = try fingerprint(second).split(separator: "\n")
            #expect(a == b, "\(file): \(zip(a, b).filter { $0 != $1 }.prefix(5).map { "\($0) ≠ \($1)" })")
        }
    }
}

@Suite("Game days: every expectation can fail")
struct ExpectationTests {
    func run(_ file: String, _ adjust: (inout Scenario) -> Void) async throws -> Scorecard {
        var scenario = try load(file)
        adjust(&scenario)
        return try await runner().run(scenario)
    }

    func verdict(_ card: Scorecard, _ name: String) throws -> Scorecard.Verdict {
        try #require(card.verdicts.first { $0.name == name })
    }

    @Test func eachExpectationFailsWhenItsConditionDoesNotHold() async throws {
        // A run that succeeds quickly, judged against impossible limits and wrong outcomes
        let strict = try await run("web-tier-asg.yaml") {
            $0.expectations.containedWithin = .milliseconds(1)
            $0.expectations.maxAPICalls = 3
            $0.expectations.maxMutatingCalls = 0
            $0.expectations.status = .failed
            $0.expectations.instanceState = "stopped"
            $0.expectations.bystandersUntouched = ["i-123"]
        }
        for name in ["contained-within", "max-api-calls", "max-mutating-calls", "status", "instance-state", "bystanders-untouched"] {
            #expect(try !verdict(strict, name).passed, "\(name) should fail")
        }
        #expect(!strict.passed)
        // Evidence is incomplete when snapshots cannot be taken
        let noSnapshots = try await run("web-tier-asg.yaml") {
            $0.faults += [FaultRuleFixture.deny("CreateSnapshots"), FaultRuleFixture.deny("CreateSnapshot")]
        }
        #expect(try !verdict(noSnapshots, "evidence-complete").passed)
        // Isolation is incomplete, and the instance lost, with the naive runbook
        let naive = try await run("web-tier-naive.yaml") {
            $0.expectedFailures = []
            $0.expectations.isolatedEverywhere = true
        }
        #expect(try !verdict(naive, "instance-survives").passed)
        // Repeated mutations are caught: a resume-like double run of the same tag on the call log
        let missing = try await run("missing-permission.yaml") { $0.expectations.noRepeatedMutations = true }
        #expect(try verdict(missing, "no-repeated-mutations").passed)
        // And an expectation meant to fail that passes makes the scenario fail
        let inverted = try await run("web-tier-asg.yaml") { $0.expectedFailures = ["instance-survives"] }
        #expect(!inverted.passed)
    }

    @Test func aCaptureThatSucceedsOnItsRetryStillCountsAsEvidence() async throws {
        // Given the first DescribeInstances call fails, so capture records its artifact on attempt 2
        // (named `instance-description-attempt-2`: evidence is write-once per name)
        let card = try await run("web-tier-asg.yaml") {
            $0.faults.append(FaultRule(name: "blip", operations: ["DescribeInstances"], window: .first(1), effect: .fail(code: "Unavailable", message: "blip")))
        }
        // Then the evidence is complete: the judge finds the capture by its kind, not its first-attempt name
        #expect(card.retries >= 1)
        let evidence = try verdict(card, "evidence-complete")
        #expect(evidence.passed, "\(evidence.evidence)")
    }

    @Test func isolationThatDidNotHappenFailsIsolatedEverywhere() async throws {
        // Given the three-ENI appliance, with ModifyNetworkInterfaceAttribute denied
        let card = try await run("multi-eni.yaml") { $0.faults.append(FaultRuleFixture.deny("ModifyNetworkInterfaceAttribute")) }
        // Then the interfaces are still open and the sessions alive
        let isolated = try verdict(card, "isolated-everywhere")
        #expect(!isolated.passed && isolated.evidence.contains("still in"))
    }

    @Test func aRepeatedChangeFailsNoRepeatedMutations() async throws {
        // Given a call log in which the same tag was written twice (what a non-idempotent action,
        // or a blind retry after a crash, would leave)
        var scenario = try load("web-tier-asg.yaml")
        scenario.expectations = Scenario.Expectations()
        scenario.expectations.noRepeatedMutations = true
        let tag = CreateTagsInput(resources: ["i-123"], tags: [Tag(key: "quarantine", value: "true")])
        let call = CallRecord(sequence: 1, operation: .createTags, request: tag, requestID: "r1", startedAt: Date(), finishedAt: Date(), outcome: .succeeded, injectedBy: nil)
        var again = call
        again.sequence = 2
        let judge = Judge(scenario: scenario, targets: ["i-123"], runs: [], world: try World(spec: WorldSpec.defaultWorld()),
                          calls: [call, again], incidentStart: Date(), intactEvidenceKinds: [:], isolateSteps: ["isolate"])
        // Then the expectation fails and names the repeated operation
        let verdict = try #require(judge.verdicts(status: .succeeded).first { $0.name == "no-repeated-mutations" })
        #expect(!verdict.passed && verdict.evidence.contains("CreateTags repeated"))
    }

    @Test func anInvalidScenarioIsReportedWithLineAndColumn() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).yaml")
        try "scenario: bad\nincident:\n  runbook: ec2-quarantine\n  instance: i-123\nexpect:\n  instance-survive: true\n".write(to: file, atomically: true, encoding: .utf8)
        let (scenario, diagnostics) = ScenarioLoader.load(path: file.path, worldsDirectories: [repositoryRoot.appendingPathComponent("Runbooks/worlds").path])
        #expect(scenario == nil)
        let first = try #require(diagnostics.first)
        #expect(first.location?.line == 6 && first.location?.column == 3)
        #expect(first.message.contains("instance-survives"))
    }
}

@testable import MockAWS
import Providers

enum FaultRuleFixture {
    static func deny(_ operation: String) -> FaultRule {
        FaultRule(name: "deny-\(operation)", operations: [operation], effect: .fail(code: "UnauthorizedOperation", message: "You are not authorized to perform this operation."))
    }
}

import Reports

@Suite("Game days: scorecards in the report formats")
struct ScorecardExportTests {
    @Test func aScorecardExportsToEveryReportFormat() async throws {
        let card = try await runner().run(try load("web-tier-naive.yaml"))
        let set = ScorecardSet(scorecards: [card], repeats: [RepeatSummary([card])])
        let markdown = ReportExporter.render(set, as: .md), html = ReportExporter.render(set, as: .html)
        #expect(markdown.contains("instance-survives") && markdown.contains("failed, as meant"))
        #expect(html.contains("<table") && html.contains("web-tier-naive") && !html.contains("<script"))
        let json = try Value(json: ReportExporter.render(set, as: .json))
        #expect(json[member: "schema"] == .string(ScorecardSet.schema))
        guard case .list(let cards) = json[member: "scorecards"] else { Issue.record("no scorecards list"); return }
        #expect(cards.count == 1 && cards[0][member: "scenario"] == "web-tier-naive" && cards[0][member: "passed"] == true)
        let csv = ReportExporter.render(set, as: .csv).split(separator: "\r\n", omittingEmptySubsequences: true)
        #expect(csv.first == "scenario,seed,run,expectation,passed,meant_to_fail,as_intended,evidence")
        #expect(csv.count == 1 + card.verdicts.count)
    }
}

@Suite("The call-log digest on a scorecard")
struct CallLogDigestTests {
    func call(_ sequence: Int, run: String, at seconds: Double, outcome: CallRecord.Outcome = .succeeded) -> CallRecord {
        let tag = CreateTagsInput(resources: ["i-123"], tags: [Tag(key: "quarantine-run", value: run)])
        return CallRecord(sequence: sequence, operation: .createTags, request: tag, requestID: "r\(sequence)", startedAt: Date(timeIntervalSince1970: seconds),
                          finishedAt: Date(timeIntervalSince1970: seconds + 0.05), outcome: outcome, injectedBy: nil)
    }

    @Test func equalLogsOfTwoRehearsalsHaveOneDigestAndAnyDifferenceChangesIt() {
        // Two rehearsals of one seed: the same calls, each carrying its own run id
        let first = [call(1, run: "gd-a-s7-1", at: 10), call(2, run: "gd-a-s7-1", at: 11)]
        let second = [call(1, run: "gd-a-s7-2", at: 10), call(2, run: "gd-a-s7-2", at: 11)]
        let digest = CallLogDigest.sha256(of: first, runID: "gd-a-s7-1")
        #expect(digest.count == 64 && digest == CallLogDigest.sha256(of: second, runID: "gd-a-s7-2"))
        // A call a millisecond later, another outcome, or another order is another digest
        #expect(digest != CallLogDigest.sha256(of: [call(1, run: "gd-a-s7-1", at: 10), call(2, run: "gd-a-s7-1", at: 11.001)], runID: "gd-a-s7-1"))
        #expect(digest != CallLogDigest.sha256(of: [call(1, run: "gd-a-s7-1", at: 10), call(2, run: "gd-a-s7-1", at: 11, outcome: .failed(code: "Throttling"))], runID: "gd-a-s7-1"))
        #expect(digest != CallLogDigest.sha256(of: first.reversed(), runID: "gd-a-s7-1"))
    }

    @Test func aScorecardCarriesItsDigestInTextAndJSON() async throws {
        let card = try await runner().run(try load("web-tier-asg.yaml"), seed: 7)
        #expect(card.callLogDigest.count == 64 && card.callLogDigest.allSatisfy(\.isHexDigit))
        let json = ScorecardSet(scorecards: [card], repeats: []).json
        guard case .list(let cards) = json[member: "scorecards"] else { Issue.record("no scorecards in \(json)"); return }
        #expect(cards.first?[member: "callLogSHA256"] == Value.string(card.callLogDigest))
        #expect(ScorecardRenderer.text(card, colour: false).contains("call log sha256: \(card.callLogDigest)"))
    }
}
