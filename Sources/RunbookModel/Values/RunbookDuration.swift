/// A length of time written the way responders write it: `500ms`, `30s`, `2m`, `1h30m`.
public struct RunbookDuration: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The length in milliseconds.
    public var milliseconds: Int64

    /// Creates a duration.
    ///
    /// - Parameter milliseconds: The length in milliseconds.
    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    /// Parses `500ms`, `30s`, `2m`, `1h`, `1d` and concatenations such as `1h30m`.
    ///
    /// - Parameter text: The text to parse.
    /// - Returns: The duration, or `nil` if the text is not a duration.
    public init?(parsing text: String) {
        var total: Int64 = 0
        var digits = ""
        var chars = Array(text.trimmingWhitespace())
        guard !chars.isEmpty else { return nil }
        var index = 0
        var sawUnit = false
        while index < chars.count {
            let char = chars[index]
            if char.isASCII, char.isNumber {
                digits.append(char)
                index += 1
                continue
            }
            guard let amount = Int64(digits), amount <= 1_000_000_000 else { return nil }
            let unit: Int64
            if char == "m", index + 1 < chars.count, chars[index + 1] == "s" {
                unit = 1; index += 2
            } else {
                switch char {
                case "s": unit = 1000
                case "m": unit = 60_000
                case "h": unit = 3_600_000
                case "d": unit = 86_400_000
                default: return nil
                }
                index += 1
            }
            let (product, overflow) = amount.multipliedReportingOverflow(by: unit)
            guard !overflow else { return nil }
            total += product
            digits = ""
            sawUnit = true
        }
        guard digits.isEmpty, sawUnit else { return nil }
        chars.removeAll()
        self.milliseconds = total
    }

    /// The same length as a Swift `Duration`.
    public var duration: Duration { .milliseconds(milliseconds) }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.milliseconds < rhs.milliseconds }

    /// The shortest canonical spelling, e.g. `1h30m`, `250ms`.
    public var description: String {
        var rest = milliseconds
        if rest == 0 { return "0s" }
        var text = ""
        for (unit, size) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1)] where rest >= size {
            text += "\(rest / size)\(unit)"
            rest %= size
        }
        return text
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
