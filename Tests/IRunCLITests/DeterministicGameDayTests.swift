import Foundation
import Testing

@Suite("Game days replay exactly", .serialized)
struct DeterministicGameDayTests {
    /// Runs `irun gameday` of every shipped scenario with one seed and returns each scenario's call-log digest.
    static func digests(seed: Int, db: String) throws -> [String: String] {
        let result = try runIRun(["gameday", "Runbooks/gamedays", "--seed", String(seed), "--format", "json", "--db", db])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
        let cards = try #require(object["scorecards"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: cards.compactMap { card in
            (card["scenario"] as? String).flatMap { name in (card["callLogSHA256"] as? String).map { (name, $0) } }
        })
    }

    @Test func oneSeedGivesOneCallLogInThreeProcessesRunningAtOnce() async throws {
        // When three processes run every shipped scenario with seed 7 at the same moment (on two
        // cores, with the rest of the test suite: they load the machine, and each other)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("irun-det-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let runs = try await withThrowingTaskGroup(of: [String: String].self) { group in
            for index in 0..<3 {
                group.addTask { try Self.digests(seed: 7, db: directory.appendingPathComponent("\(index).sqlite").path) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        // Then every scenario, the 200-instance throttling storm included, made the same calls at the same simulated times
        #expect(runs.count == 3 && runs[0].count == 8, "\(runs.map(\.count))")
        #expect(runs[0].keys.contains("throttling-storm"))
        for scenario in runs[0].keys.sorted() {
            #expect(Set(runs.map { $0[scenario] }).count == 1, "\(scenario): \(runs.map { $0[scenario] ?? "-" })")
        }
        // And another seed is another rehearsal
        let other = try Self.digests(seed: 8, db: directory.appendingPathComponent("other.sqlite").path)
        #expect(other["web-tier-asg"] != runs[0]["web-tier-asg"])
    }

    /// `irun execute ec2-quarantine --instance i-123 --seed N` on a fresh simulated account:
    /// its progress events (run id replaced) and the call-log line it prints.
    static func seededQuarantine(seed: Int, in directory: URL) throws -> (events: String, digest: String) {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let result = try runIRun(["execute", "ec2-quarantine", "--instance", "i-123", "--seed", String(seed), "--output", "json", "--db", directory.appendingPathComponent("audit.sqlite").path])
        #expect(result.status == 0, "\(result.stderr)")
        let runID = try #require(result.stderr.firstMatch(of: /run (\S+) succeeded/)?.output.1, "\(result.stderr)")
        let digest = try #require(result.stderr.firstMatch(of: /call log sha256 ([0-9a-f]{64})/)?.output.1, "\(result.stderr)")
        return (result.stdout.replacingOccurrences(of: String(runID), with: "RUN"), String(digest))
    }

    @Test func aSeededExecuteOnTheSimulatedAccountReplaysExactlyInThreeProcessesAtOnce() async throws {
        // When three processes quarantine i-123 on fresh simulated accounts with --seed 7 at the same moment
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("irun-seeded-\(UUID().uuidString)")
        let runs = try await withThrowingTaskGroup(of: (events: String, digest: String).self) { group in
            for index in 0..<3 { group.addTask { try Self.seededQuarantine(seed: 7, in: base.appendingPathComponent("\(index)")) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        // Then they made the same calls and recorded the same events at the same simulated times
        #expect(Set(runs.map(\.digest)).count == 1, "\(runs.map(\.digest))")
        #expect(Set(runs.map(\.events)).count == 1)
        #expect(runs[0].events.contains("\"kind\":\"run-finished\"") && runs[0].events.contains("\"time\":\"2026-01-01T"))
        // And another seed draws other latencies
        #expect(try Self.seededQuarantine(seed: 8, in: base.appendingPathComponent("other")).digest != runs[0].digest)
    }

    @Test func seedIsRefusedForRealAWS() throws {
        let result = try runIRun(["execute", "ec2-quarantine", "--instance", "i-123", "--seed", "7", "--provider", "aws"])
        #expect(result.status == 2, "\(result.status)")
        #expect(result.stderr.contains("--seed replays the simulated account"))
    }

    @Test func aSwarmFindsWhatTheNaiveRunbookGetsWrongAndTheSeedItPrintsReplaysIt() throws {
        let db = FileManager.default.temporaryDirectory.appendingPathComponent("irun-swarm-\(UUID().uuidString).sqlite").path
        // When a swarm of 40 runs the naive runbook under transient trouble
        let swarm = try runIRun(["gameday", "web-tier-naive", "--swarm", "40", "--format", "json", "--db", db])
        #expect(swarm.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(swarm.stdout.utf8)) as? [String: Any], "\(swarm.stderr)")
        let summary = try #require((report["swarms"] as? [[String: Any]])?.first)
        #expect(summary["runs"] as? Int == 40)
        let failures = try #require(summary["failures"] as? [[String: Any]])
        let evidence = try #require(failures.first { $0["expectation"] as? String == "evidence-complete" })
        let first = try #require((evidence["seeds"] as? [[String: Any]])?.first)
        let seed = try #require(first["seed"] as? Int)
        // Then the seed it lists, replayed alone, fails the same expectation with the same call log, and is recorded
        let replay = try runIRun(["gameday", "web-tier-naive", "--swarm", "1", "--seed", String(seed), "--format", "json", "--db", db])
        let card = try #require(((try JSONSerialization.jsonObject(with: Data(replay.stdout.utf8)) as? [String: Any])?["scorecards"] as? [[String: Any]])?.first)
        #expect(card["callLogSHA256"] as? String == first["callLogSHA256"] as? String)
        #expect((card["faultsDrawn"] as? [String]) == (first["faults"] as? [String]))
        #expect((card["verdicts"] as? [[String: Any]])?.contains { $0["name"] as? String == "evidence-complete" && $0["passed"] as? Bool == false } == true)
        let runs = try runIRun(["runs", "--db", db])
        #expect(runs.stdout.contains("gd-web-tier-naive-s\(seed)-") && runs.stdout.components(separatedBy: "gd-web-tier-naive").count == 2, "only the replay is recorded")
        // And the text report names the replay command
        let text = try runIRun(["gameday", "web-tier-naive", "--swarm", "40", "--db", db])
        #expect(text.stdout.contains("irun gameday web-tier-naive --swarm 1 --seed \(seed)"))
    }
}
