public import Foundation

/// How reports write times, durations and sizes, identically in every format.
public enum ReportFormatting {
    /// `2026-01-01T00:00:05.000Z`: ISO-8601 UTC with milliseconds, as the audit store keeps times.
    ///
    /// - Parameter date: The time.
    /// - Returns: The text.
    public static func time(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
        let components = Calendar.utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: Double(seconds)))
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", components.year ?? 0, components.month ?? 0, components.day ?? 0,
                      components.hour ?? 0, components.minute ?? 0, components.second ?? 0, Int(millis - seconds * 1000))
    }

    /// Whole milliseconds from `start` to `end` (never negative).
    ///
    /// - Parameters:
    ///   - start: The start.
    ///   - end: The end.
    /// - Returns: The milliseconds.
    public static func milliseconds(from start: Date, to end: Date) -> Int {
        max(0, Int((end.timeIntervalSince(start) * 1000).rounded()))
    }

    /// `850ms`, `12.3s`, `4m05s`, `2h03m`.
    ///
    /// - Parameter milliseconds: The duration.
    /// - Returns: The text.
    public static func duration(milliseconds: Int) -> String {
        if milliseconds < 1000 { return "\(milliseconds)ms" }
        if milliseconds < 60_000 { return String(format: "%.1fs", Double(milliseconds) / 1000) }
        let seconds = milliseconds / 1000
        if seconds < 3600 { return String(format: "%dm%02ds", seconds / 60, seconds % 60) }
        return String(format: "%dh%02dm", seconds / 3600, seconds / 60 % 60)
    }

    /// `+00:01.500`: the offset of a time from the run's start, minutes:seconds.milliseconds
    /// (hours added when needed).
    ///
    /// - Parameter milliseconds: The offset.
    /// - Returns: The text.
    public static func offset(milliseconds: Int) -> String {
        let total = max(0, milliseconds)
        let hours = total / 3_600_000, minutes = total / 60_000 % 60, seconds = total / 1000 % 60, millis = total % 1000
        return hours > 0 ? String(format: "+%d:%02d:%02d.%03d", hours, minutes, seconds, millis)
            : String(format: "+%02d:%02d.%03d", minutes, seconds, millis)
    }

    /// `512 B`, `3.2 KiB`, `1.5 MiB`.
    ///
    /// - Parameter bytes: The size.
    /// - Returns: The text.
    public static func size(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1024 * 1024 { return String(format: "%.1f KiB", Double(bytes) / 1024) }
        return String(format: "%.1f MiB", Double(bytes) / 1024 / 1024)
    }

    /// `text` cut to `limit` characters, with `…` when cut, on one line.
    static func short(_ text: String, _ limit: Int = 160) -> String {
        let line = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        return line.count > limit ? String(line.prefix(limit - 1)) + "…" : line
    }
}

extension Calendar {
    /// The Gregorian calendar in UTC.
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
