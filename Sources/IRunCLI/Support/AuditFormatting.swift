import Foundation
import RunbookModel

/// How the audit commands print times, durations and sizes.
enum AuditFormatting {
    /// `2026-01-01T00:00:00.000Z`, or `-` for none.
    static func time(_ date: Date?) -> String {
        guard let date else { return "-" }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// `850ms`, `12.3s`, `4m05s`, `2h03m`, or `-` when either end is missing.
    static func duration(from start: Date?, to end: Date?) -> String {
        guard let start, let end else { return "-" }
        let seconds = max(0, end.timeIntervalSince(start))
        if seconds < 1 { return "\(Int((seconds * 1000).rounded()))ms" }
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let whole = Int(seconds)
        if whole < 3600 { return String(format: "%dm%02ds", whole / 60, whole % 60) }
        return String(format: "%dh%02dm", whole / 3600, whole / 60 % 60)
    }

    /// `512 B`, `3.2 KiB`, `1.5 MiB`.
    static func size(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1024 * 1024 { return String(format: "%.1f KiB", Double(bytes) / 1024) }
        return String(format: "%.1f MiB", Double(bytes) / 1024 / 1024)
    }

    /// A time as JSON: its ISO-8601 text, or `null`.
    static func json(_ date: Date?) -> Value {
        date.map { .string(time($0)) } ?? .null
    }

    /// Text as JSON, or `null`.
    static func json(_ text: String?) -> Value {
        text.map(Value.string) ?? .null
    }
}
