@testable import AuditStore
import Foundation
import Testing

@Suite("Stored times")
struct AuditTimeTests {
    @Test("times are ISO-8601 UTC with milliseconds and read back exactly", arguments: [
        "2026-01-01T00:00:00.000Z", "2024-02-29T23:59:59.999Z", "1969-12-31T23:59:59.999Z", "2000-03-01T12:34:56.789Z",
        "1970-01-01T00:00:00.000Z", "2099-12-31T00:00:00.001Z",
    ])
    func roundTrip(text: String) throws {
        // Given a stored time
        // When it is parsed and formatted again
        let date = try #require(AuditTime.date(text))
        // Then it is the same text, and the same instant as Foundation reads it
        #expect(AuditTime.string(date) == text)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let foundation = try #require(formatter.date(from: text))
        #expect(abs(foundation.timeIntervalSince(date)) < 0.0005)
    }

    @Test("sub-millisecond parts are truncated, and whole milliseconds survive floating point")
    func truncation() {
        // Given times with microseconds, and one built from whole milliseconds
        let micro = Date(timeIntervalSince1970: 1_767_225_600.1239)
        let whole = Date(timeIntervalSince1970: 1_767_225_600.123)
        // Then both store as .123
        #expect(AuditTime.string(micro) == "2026-01-01T00:00:00.123Z")
        #expect(AuditTime.string(whole) == "2026-01-01T00:00:00.123Z")
    }

    @Test("text not in the stored form does not parse", arguments: ["", "2026-01-01", "2026-01-01T00:00:00Z", "2026-13-01T00:00:00.000Z", "2026-01-01T00:00:00.000+01:00"])
    func rejects(text: String) {
        #expect(AuditTime.date(text) == nil)
    }
}
