import Foundation

/// The two spellings of the signing time SigV4 uses: `20261127T031200Z` and the date `20261127`.
struct SigV4Timestamp: Sendable, Hashable {
    /// `yyyyMMdd'T'HHmmss'Z'` in UTC.
    let dateTime: String
    /// `yyyyMMdd` in UTC, the date of the credential scope.
    var date: Substring { dateTime.prefix(8) }

    init(_ instant: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
        func two(_ value: Int?) -> String { let v = value ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        let year = String(parts.year ?? 1970)
        dateTime = "\(year)\(two(parts.month))\(two(parts.day))T\(two(parts.hour))\(two(parts.minute))\(two(parts.second))Z"
    }
}
