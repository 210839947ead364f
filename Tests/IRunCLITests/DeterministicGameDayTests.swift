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
        #expect(runs.count == 3 && runs[0].count == 7, "\(runs.map(\.count))")
        #expect(runs[0].keys.contains("throttling-storm"))
        for scenario in runs[0].keys.sorted() {
            #expect(Set(runs.map { $0[scenario] }).count == 1, "\(scenario): \(runs.map { $0[scenario] ?? "-" })")
        }
        // And another seed is another rehearsal
        let other = try Self.digests(seed: 8, db: directory.appendingPathComponent("other.sqlite").path)
        #expect(other["web-tier-asg"] != runs[0]["web-tier-asg"])
    }
}
