import Foundation
import Providers
import RunbookModel
import Yams

/// Reading the world file's typed values: names, numbers in range, durations, addresses, id lists and tags.
extension WorldFileParser {
    /// The world's name: lowercase letters, digits, `-`, `.` and `_`.
    mutating func worldName(_ node: Node, _ what: String) -> String? {
        guard let text = string(node, what) else { return nil }
        guard NameRules.isRunbookName(text) else {
            error(.invalidName, "world name '\(text)' must be lowercase letters, digits, '-', '.' or '_'", at: node, fix: "use a name such as `web-tier`")
            return nil
        }
        return text
    }

    /// A 12-digit AWS account id.
    mutating func account(_ node: Node, _ what: String) -> String? {
        guard let text = string(node, what) else { return nil }
        guard text.utf8.count == 12, text.utf8.allSatisfy({ (48...57).contains($0) }) else {
            error(.invalidValue, "\(what): '\(text)' is not a 12-digit account id", at: node, fix: "write 12 digits in quotes, e.g. \"123456789012\"")
            return nil
        }
        return text
    }

    /// A region name such as `us-east-1`.
    mutating func region(_ node: Node, _ what: String) -> String? {
        guard let text = string(node, what) else { return nil }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let lettersAndDigits = text.utf8.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == UInt8(ascii: "-") }
        guard lettersAndDigits, parts.count >= 3, parts.allSatisfy({ !$0.isEmpty }), let last = parts.last, last.allSatisfy(\.isNumber) else {
            error(.invalidValue, "\(what): '\(text)' is not a region name", at: node, fix: "write a region such as us-east-1 or eu-west-2")
            return nil
        }
        return text
    }

    /// An ISO 8601 date and time (`2026-01-01T00:00:00Z`), or a date alone (midnight UTC).
    mutating func date(_ node: Node, _ what: String) -> Date? {
        guard let text = string(node, what) else { return nil }
        let full = text.count == 10 ? text + "T00:00:00Z" : text
        if let date = try? Date(full, strategy: .iso8601) { return date }
        if let date = try? Date(full, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        error(.invalidValue, "\(what): '\(text)' is not an ISO 8601 time", at: node, fix: "write e.g. 2026-01-01T00:00:00Z")
        return nil
    }

    /// A whole number, optionally within `range`.
    mutating func whole(_ node: Node, _ what: String, in range: ClosedRange<Int>? = nil) -> Int? {
        guard let value = int(node, what) else { return nil }
        if let range, !range.contains(value) {
            let bounds = range.upperBound == .max ? "\(range.lowerBound) or more" : "\(range.lowerBound) to \(range.upperBound)"
            error(.invalidValue, "\(what) must be \(bounds), not \(value)", at: node, fix: "write a whole number from \(bounds)")
            return nil
        }
        return value
    }

    /// A number (whole or not) that is zero or more.
    mutating func nonNegative(_ node: Node, _ what: String) -> Double? {
        guard let value = number(node, what) else { return nil }
        guard value >= 0, value.isFinite else {
            error(.invalidValue, "\(what) must be zero or more, not \(value)", at: node, fix: "write a number such as 5 or 0.5")
            return nil
        }
        return value
    }

    /// A duration as a Swift `Duration`.
    mutating func time(_ node: Node, _ what: String) -> Duration? {
        duration(node, what)?.duration
    }

    /// A duration in whole seconds, for AWS settings counted in seconds.
    mutating func seconds(_ node: Node, _ what: String) -> Int? {
        guard let value = duration(node, what) else { return nil }
        guard value.milliseconds % 1000 == 0, value.milliseconds / 1000 <= Int64(Int32.max) else {
            error(.invalidValue, "\(what) must be whole seconds, not \(value)", at: node, fix: "AWS counts this in seconds; write e.g. 30s or 5m")
            return nil
        }
        return Int(value.milliseconds / 1000)
    }

    /// One of `options`, with a suggestion when it is a typo.
    mutating func choice(_ node: Node, _ what: String, _ options: [String]) -> String? {
        guard let text = string(node, what) else { return nil }
        guard options.contains(text) else {
            error(.invalidValue, "\(what) cannot be '\(text)'\(Suggestion.phrase(for: text, in: options))", at: node,
                  fix: "use one of: \(options.joined(separator: ", "))")
            return nil
        }
        return text
    }

    /// An IPv4 address.
    mutating func address(_ node: Node, _ what: String) -> String? {
        guard let text = string(node, what) else { return nil }
        guard Self.isIPv4(text) else {
            error(.invalidValue, "\(what): '\(text)' is not an IPv4 address", at: node, fix: "write four numbers 0–255, e.g. 10.0.1.10")
            return nil
        }
        return text
    }

    /// An IPv4 CIDR block.
    mutating func cidr(_ node: Node, _ what: String) -> String? {
        guard let text = string(node, what) else { return nil }
        guard Self.isIPv4CIDR(text) else {
            error(.invalidValue, "\(what): '\(text)' is not an IPv4 CIDR block", at: node, fix: "write an address and a prefix length, e.g. 10.0.1.0/24")
            return nil
        }
        return text
    }

    /// A list of ids (or a single id), each recorded under `path.N`. Items that cannot be read
    /// become empty placeholders, so that later items keep their index.
    mutating func idList(_ object: Object, _ name: String) -> [String]? {
        guard let node = object.fields[name] else { return nil }
        let path = "\(object.path).\(name)"
        let what = "`\(name)` of \(object.context)"
        if case .scalar = node, !isNull(node) {
            return [read(node, at: "\(path).0", what, { $0.string($1, $2) }) ?? ""]
        }
        guard let items = items(node, at: path, what, fix: "write a list, e.g. `\(name): [a, b]`") else { return nil }
        return items.enumerated().map { index, item in
            read(item, at: "\(path).\(index)", "item \(index + 1) of \(what)", { $0.string($1, $2) }) ?? ""
        }
    }

    /// `tags: { Key: value }` in the order written.
    mutating func tags(_ object: Object) -> [Providers.Tag] {
        guard let node = object.fields["tags"] else { return [] }
        let path = "\(object.path).tags"
        record(path, node)
        if isNull(node) { return [] }
        guard let fields = mapping(node, "`tags` of \(object.context)", fix: "write `tags: { Name: web-1, Team: web }`") else {
            unreadable.insert(path)
            return []
        }
        var tags: [Providers.Tag] = []
        for (keyNode, valueNode) in fields {
            guard let key = key(keyNode) else { continue }
            record("\(path).\(key)", keyNode)
            if key.isEmpty || key.count > 128 || key.hasPrefix("aws:") {
                error(.invalidValue, "tag key '\(key)' of \(object.context) is not allowed", at: keyNode,
                      fix: "tag keys are 1 to 128 characters and do not start with `aws:`")
                continue
            }
            let value = isNull(valueNode) ? "" : string(valueNode, "tag '\(key)' of \(object.context)")
            guard let value else { continue }
            if value.count > 256 {
                error(.invalidValue, "tag '\(key)' of \(object.context) is longer than 256 characters", at: valueNode, fix: "shorten it")
                continue
            }
            tags.append(Providers.Tag(key: key, value: value))
        }
        return tags
    }

    // MARK: - Address shapes

    /// Whether `text` is a dotted-quad IPv4 address.
    static func isIPv4(_ text: some StringProtocol) -> Bool {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.allSatisfy { octet in
            !octet.isEmpty && octet.count <= 3 && octet.allSatisfy { $0.isASCII && $0.isNumber } && Int(octet).map { $0 <= 255 } == true
        }
    }

    /// Whether `text` is `a.b.c.d/n` with `n` from 0 to 32.
    static func isIPv4CIDR(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, isIPv4(parts[0]), let length = Int(parts[1]), parts[1].allSatisfy(\.isNumber) else { return false }
        return (0...32).contains(length)
    }

    /// Whether `text` looks like an IPv6 CIDR block (`::/0`, `2001:db8::/32`).
    static func isIPv6CIDR(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let length = Int(parts[1]), (0...128).contains(length), parts[0].contains(":") else { return false }
        return parts[0].allSatisfy { $0 == ":" || $0.isHexDigit }
    }
}
