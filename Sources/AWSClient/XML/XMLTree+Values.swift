import Foundation
import Providers

/// A response that did not have the shape its decoder expected.
struct ResponseShapeError: Error {
    var message: String
}

extension XMLTree {
    /// The text of the child `name`, or `nil` when absent.
    func string(_ name: String) -> String? { self[name]?.text }

    /// The text of the child `name`, or `""`.
    func text(_ name: String) -> String { self[name]?.text ?? "" }

    /// The child `name` as an integer.
    func int(_ name: String) -> Int? { string(name).flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } }

    /// The child `name` as a boolean (`true` / `false`, any case).
    func bool(_ name: String) -> Bool? {
        guard let text = string(name)?.trimmingCharacters(in: .whitespaces).lowercased() else { return nil }
        return text == "true" ? true : (text == "false" ? false : nil)
    }

    /// The child `name` as an ISO 8601 time.
    func date(_ name: String) -> Date? { string(name).flatMap(AWSTimestamp.parse) }

    /// The texts of a list of plain values (`<item>`/`<member>` or, as in ELB's subnets, `<member>` strings).
    func strings(_ name: String) -> [String] { list(name).map(\.text) }

    /// Tags from `tagSet` (EC2, `key`/`value`) or `Tags` (Auto Scaling, `Key`/`Value`).
    func tags(_ name: String = "tagSet") -> [Tag] {
        list(name).map { Tag(key: $0.string("key") ?? $0.text("Key"), value: $0.string("value") ?? $0.text("Value")) }
    }

    /// A required child's text.
    func required(_ name: String) throws -> String {
        guard let value = string(name) else { throw ResponseShapeError(message: "<\(self.name)> has no <\(name)>") }
        return value
    }
}

/// Parses the times AWS returns: `2026-11-27T03:12:00.000Z`, with or without fractional seconds or an offset.
enum AWSTimestamp {
    static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let scalars = Array(trimmed.utf8)
        guard scalars.count >= 19 else { return nil }
        func number(_ range: Range<Int>) -> Int? { Int(String(decoding: scalars[range], as: UTF8.self)) }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19)
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < scalars.count, scalars[index] == UInt8(ascii: ".") {
            var end = index + 1
            while end < scalars.count, scalars[end] >= UInt8(ascii: "0"), scalars[end] <= UInt8(ascii: "9") { end += 1 }
            fraction = Double("0" + String(decoding: scalars[index..<end], as: UTF8.self)) ?? 0
            index = end
        }
        var offset = 0
        if index < scalars.count, scalars[index] == UInt8(ascii: "+") || scalars[index] == UInt8(ascii: "-"), scalars.count >= index + 6 {
            let sign = scalars[index] == UInt8(ascii: "-") ? -1 : 1
            if let hours = number(index + 1..<index + 3), let minutes = number(index + 4..<index + 6) { offset = sign * (hours * 3600 + minutes * 60) }
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)) else { return nil }
        return date.addingTimeInterval(fraction - Double(offset))
    }
}
