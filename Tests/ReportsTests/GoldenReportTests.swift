import Foundation
import Reports
import RunbookModel
import Testing

@Suite("Run reports: golden files in every format, JSON against its schema")
struct GoldenReportTests {
    static let schema = repositoryRoot.appendingPathComponent("Schemas/run-report.v1.schema.json")

    @Test("the quarantine run renders as the golden file in each format", arguments: ReportFormat.allCases)
    func quarantineGolden(format: ReportFormat) async throws {
        // Given the fixture database
        let database = try await FixtureDatabase.make()
        defer { database.cleanup() }
        // When the quarantine run is exported
        let text = ReportExporter.render(try await database.report(), as: format)
        // Then it is the golden file, byte for byte
        try expectGolden(text, "quarantine.\(format.rawValue)")
    }

    @Test("the failed paging run renders as the golden Markdown and JSON")
    func pagingGolden() async throws {
        let database = try await FixtureDatabase.make()
        defer { database.cleanup() }
        let report = try await database.report(ReportFixtures.pagingRun, verification: .full)
        try expectGolden(ReportExporter.render(report, as: .md), "paging.md")
        try expectGolden(ReportExporter.render(report, as: .json), "paging.json")
    }

    @Test("every JSON export validates against Schemas/run-report.v1.schema.json", arguments: [
        (ReportFixtures.quarantineRun, ChainAudit.Scope.full), (ReportFixtures.quarantineRun, .run), (ReportFixtures.pagingRun, .full),
    ])
    func jsonFollowsSchema(run: String, scope: ChainAudit.Scope) async throws {
        // Given the fixture database, with a checkpoint and a broken row for the variety
        let database = try await FixtureDatabase.make()
        defer { database.cleanup() }
        let key = SigningKey.generate()
        _ = try await CheckpointSigner.checkpoint(database.store, key: key, now: at(100))
        let validator = try JSONSchemaValidator(contentsOf: Self.schema)
        // When each run is exported as JSON, intact and then tampered
        let intact = ReportExporter.render(try await database.report(run, verification: scope, keys: [key.verifyingKey]), as: .json)
        try database.tamper(#"UPDATE events SET payload = '{"status":"failed"}' WHERE seq = 27"#)
        let broken = ReportExporter.render(try await database.report(run, verification: scope, keys: [key.verifyingKey]), as: .json)
        // Then both follow the schema
        #expect(validator.errors(in: intact) == [])
        #expect(validator.errors(in: broken) == [])
        #expect(intact.contains(#""schema": "urn:irun:schema:run-report:v1""#))
    }

    @Test("the golden JSON files follow the schema too")
    func goldenJSONFollowsSchema() throws {
        let validator = try JSONSchemaValidator(contentsOf: Self.schema)
        for name in ["quarantine.json", "paging.json"] {
            let text = String(decoding: try Data(contentsOf: repositoryRoot.appendingPathComponent("Tests/ReportsTests/Golden/\(name)")), as: UTF8.self)
            #expect(validator.errors(in: text) == [], "\(name)")
        }
    }

    @Test("the report states what it is made of: redacted secret, time to contain, evidence custody, undo")
    func content() async throws {
        // Given the fixture database
        let database = try await FixtureDatabase.make()
        defer { database.cleanup() }
        // When the quarantine run is reported
        let report = try await database.report()
        let markdown = ReportExporter.render(report, as: .md)
        // Then the secret stays redacted and the summary has time to contain to the isolate step
        #expect(report.header.parameters["ticket-token"] == RunHeader.redacted)
        #expect(markdown.contains("| `ticket-token` | \\[redacted] |"))
        #expect(report.timeToContain == TimeToContain(basis: .isolated, milliseconds: 2600, step: "isolate", until: at(2.6),
                                                     explanation: "from the run's start to the end of step 'isolate' (ec2.isolate succeeded)"))
        // And each ENI's groups before and after, with the undo
        let eniChanges = report.changes.filter { $0.action == "ec2.isolate" }
        #expect(eniChanges.map { "\($0.resource): \($0.before) → \($0.after); \($0.undo ?? "-")" } == [
            "eni-0a: sg-web, sg-ssh → sg-quarantine; restores each ENI's recorded security groups",
            "eni-0b: sg-db → sg-quarantine; restores each ENI's recorded security groups",
        ])
        // And the evidence is intact and matches the chain
        #expect(report.evidence.map { report.custody(of: $0) == (true, true) } == [true])
        // And the graph colours each step by outcome
        #expect(report.outcomes["snapshot"]?.label == "failed (tolerated)")
        #expect(report.outcomes["report-gone"]?.label == "skipped")
        #expect(report.outcomes["capture"]?.attempts == 2)
        #expect(markdown.contains("```mermaid\nflowchart TD\n"))
    }
}
