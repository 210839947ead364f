import ArgumentParser
import Foundation

/// A point in time on the command line: `2026-01-01` (midnight UTC), `2026-01-01T10:00:00Z`,
/// with fractional seconds, or with an offset such as `+02:00`.
struct TimestampArgument: ExpressibleByArgument, Sendable {
    /// The moment.
    var date: Date
    /// As given.
    var text: String

    init?(argument: String) {
        guard let date = Self.parse(argument) else { return nil }
        self.date = date
        text = argument
    }

    /// The moment `text` names, or `nil`.
    static func parse(_ text: String) -> Date? {
        let full = ISO8601DateFormatter()
        full.formatOptions = [.withInternetDateTime]
        if let date = full.date(from: text) { return date }
        full.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = full.date(from: text) { return date }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        day.timeZone = TimeZone(identifier: "UTC")
        return text.count == 10 ? day.date(from: text) : nil
    }

    static var defaultCompletionKind: CompletionKind { .default }
}
