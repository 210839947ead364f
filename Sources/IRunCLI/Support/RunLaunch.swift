import ArgumentParser
import Foundation
import RunbookModel

/// Shared pieces of starting and continuing runs from the command line.
enum RunLaunch {
    /// A new run id: the UTC start time and four random hex digits, e.g. `20261127-031200-3fa2`.
    /// Sorts by time, and is short enough to type into `irun resume`.
    static func newRunID(at date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return formatter.string(from: date) + "-" + String(format: "%04x", UInt16.random(in: 0...UInt16.max))
    }

    /// Who is running irun: `--actor`, else `$IRUN_ACTOR`, else the OS user.
    static func actor(_ flag: String?) -> String {
        if let flag, !flag.isEmpty { return flag }
        let environment = ProcessInfo.processInfo.environment
        return environment["IRUN_ACTOR"] ?? environment["USER"] ?? environment["LOGNAME"] ?? NSUserName()
    }

    /// Refuses `--param` values that are not `name=value`.
    ///
    /// - Parameters:
    ///   - flags: The `--param` values.
    ///   - hint: Text appended to the message, e.g. an example.
    /// - Throws: `ValidationError` naming the first bad value.
    static func checkPairs(_ flags: [String], hint: String = "") throws {
        for flag in flags where !flag.contains("=") || flag.hasPrefix("=") {
            throw ValidationError("--param '\(flag)' must be name=value\(hint).")
        }
    }

    /// `name=value` flags as pairs, in order.
    static func pairs(_ flags: [String]) -> [(name: String, text: String)] {
        flags.map { flag in
            let separator = flag.firstIndex(of: "=")!
            return (String(flag[..<separator]), String(flag[flag.index(after: separator)...]))
        }
    }
}
