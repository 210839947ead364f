import Actions
import AuditStore
import Foundation
import GameDay
import Reports
import Testing

@Suite("Game-day JSON follows Schemas/gameday-scorecard.v1.schema.json")
struct GameDaySchemaTests {
    @Test func aSwarmSummaryAndAReplayedSeedsScorecardAreValid() async throws {
        // Given a swarm over the naive runbook (which fails some seeds) and the replay of one seed
        let (loaded, diagnostics) = ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("Runbooks/gamedays/web-tier-naive.yaml").path,
                                                        worldsDirectories: [repositoryRoot.appendingPathComponent("Runbooks/worlds").path])
        let scenario = try #require(loaded, "\(diagnostics)")
        let runner = GameDayRunner(registry: BuiltinActions.registry, store: try AuditDatabase.inMemory(), runbooksDirectories: [repositoryRoot.appendingPathComponent("Runbooks").path])
        let cards = try await Swarm(runner: runner).run(scenario, count: 30, firstSeed: 11)
        let summary = SwarmSummary(scenario: scenario.name, cards: cards)
        #expect(!summary.failures.isEmpty)
        let replay = try await Swarm(runner: runner).run(scenario, count: 1, firstSeed: summary.failures[0].seeds[0].seed)
        // When both are exported as JSON
        let json = ReportExporter.render(ScorecardSet(scorecards: replay, swarms: [summary]), as: .json)
        // Then they follow the schema, the swarm's failures and the replay's drawn faults included
        let validator = try JSONSchemaValidator(contentsOf: repositoryRoot.appendingPathComponent("Schemas/gameday-scorecard.v1.schema.json"))
        #expect(validator.errors(in: json) == [], "\(json.prefix(2000))")
        #expect(json.contains("\"swarms\"") && json.contains("\"faultsDrawn\"") && json.contains("\"failures\""))
    }
}
