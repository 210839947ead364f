import AuditStore
import Foundation
import Reports
import RunbookModel
import Testing

@Suite("Reports on a tampered audit trail")
struct ChainReportTests {
    @Test("a changed row shows 'chain broken at event N' at the top of every format", arguments: ReportFormat.allCases)
    func tamperedRow(format: ReportFormat) async throws {
        // Given the fixture database whose run-finished event (27) was edited behind irun's back
        let database = try await FixtureDatabase.make()
        defer { database.cleanup() }
        try database.tamper(#"UPDATE events SET payload = '{"status":"failed"}' WHERE seq = 27"#)
        // When the run is reported
        let report = try await database.report()
        let text = ReportExporter.render(report, as: format)
        // Then the break is named, and the events from it on are unverified
        #expect(report.chain.breakSentence == "chain broken at event 27: hash mismatch (row changed)")
        #expect(report.timeline.filter { !$0.verified }.map(\.recorded.seq) == [27])
        switch format {
        case .md:
            #expect(text.contains("> [!CAUTION]\n> **AUDIT CHAIN BROKEN**: chain broken at event 27: hash mismatch (row changed)."))
            let alert = try #require(text.range(of: "AUDIT CHAIN BROKEN")), summary = try #require(text.range(of: "## Summary"))
            #expect(alert.lowerBound < summary.lowerBound, "the alert comes before everything else")
        case .html:
            #expect(text.contains("<div class=\"alert failure\" role=\"alert\"><strong>AUDIT CHAIN BROKEN</strong> chain broken at event 27: hash mismatch (row changed)."))
        case .json:
            #expect(text.contains(#""message": "chain broken at event 27: hash mismatch (row changed)""#))
            #expect(text.contains(#""intact": false"#))
        case .csv:
            #expect(text.hasSuffix(",false\r\n"), "the last event's verified column")
        }
    }

    @Test("a break in another run's events is shown too: nothing after it is trusted")
    func breakElsewhere() async throws {
        // Given an edit to the paging run's events (after every quarantine event)
        let database = try await FixtureDatabase.make()
        defer { database.cleanup() }
        try database.tamper("DELETE FROM events WHERE seq = 30")
        // When the quarantine run is reported with the full chain and with its own events only
        let full = try await database.report(verification: .full)
        let own = try await database.report(verification: .run)
        // Then the full check names the gap, while this run's own events verify
        #expect(full.chain.breakSentence == "chain broken at event 31: sequence gap after 29")
        #expect(full.timeline.allSatisfy { $0.verified })
        #expect(own.chain.verification.isIntact && own.chain.verification.eventsChecked == 27)
        #expect(ReportExporter.render(own, as: .md).contains("this run's events in place"))
    }

    @Test("run-scope verification catches an edit, a deletion and a reordering of the run's own events", arguments: [
        (#"UPDATE events SET payload = '{}' WHERE seq = 12"#, "chain broken at event 12: hash mismatch (row changed)"),
        ("DELETE FROM events WHERE seq = 12", "chain broken at event 13: sequence gap after 11"),
        ("UPDATE events SET seq = -1 WHERE seq = 12; UPDATE events SET seq = 12 WHERE seq = 13; UPDATE events SET seq = 13 WHERE seq = -1",
         "chain broken at event 12: prev_hash does not link (row deleted or reordered)"),
    ])
    func runScope(sql: String, expected: String) async throws {
        let database = try await FixtureDatabase.make()
        defer { database.cleanup() }
        try database.tamper(sql)
        let report = try await database.report(verification: .run)
        #expect(report.chain.breakSentence == expected)
    }

    @Test("changed evidence content is flagged in the chain of custody")
    func changedEvidence() async throws {
        // Given evidence content replaced behind irun's back
        let database = try await FixtureDatabase.make()
        defer { database.cleanup() }
        try database.tamper("DROP TRIGGER evidence_refuse_update; UPDATE evidence SET content = X'7B7D'")
        // When the run is reported
        let report = try await database.report()
        // Then the content no longer matches its hash, which the chain still vouches for
        let stored = try #require(report.evidence.first)
        #expect(report.custody(of: stored) == (false, true))
        #expect(ReportExporter.render(report, as: .md).contains("**CONTENT CHANGED**"))
    }

    @Test("an unknown run is refused")
    func unknownRun() async throws {
        let database = try await FixtureDatabase.make()
        defer { database.cleanup() }
        await #expect { _ = try await database.report("nope") } throws: { ($0 as? ReportError)?.code == .runNotFound }
    }
}
