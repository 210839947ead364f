import RunbookModel

/// A target registration: a target group and the port the instance is registered on.
struct TargetRef: Hashable, Sendable, CustomStringConvertible {
    var arn: String
    var port: Int

    /// `{arn, port}`, the shape capture and deregister output.
    var value: Value { .object(["arn": .string(arn), "port": .int(port)]) }

    /// The target group's name, from its ARN (`…:targetgroup/web-tg/abc` → `web-tg`).
    var name: String {
        let parts = arn.split(separator: "/")
        return parts.count >= 2 ? String(parts[parts.count - 2]) : arn
    }

    var description: String { "\(name):\(port)" }

    /// Reads `{arn, port}`; `nil` for any other shape.
    init?(_ value: Value) {
        guard case .string(let arn) = value[member: "arn"] else { return nil }
        switch value[member: "port"] {
        case .int(let port): self.init(arn: arn, port: port)
        case .double(let port) where port == port.rounded(): self.init(arn: arn, port: Int(port))
        default: return nil
        }
    }

    init(arn: String, port: Int) {
        self.arn = arn
        self.port = port
    }
}

extension Value {
    /// A list of strings.
    static func strings(_ items: [String]) -> Value { .list(items.map { .string($0) }) }

    /// The strings of a list, or `nil` unless this is a list of strings.
    var strings: [String]? {
        guard case .list(let items) = self else { return nil }
        let strings = items.compactMap(\.stringValue)
        return strings.count == items.count ? strings : nil
    }

    /// The items of a list, or `nil` for anything else.
    var items: [Value]? {
        if case .list(let items) = self { return items }
        return nil
    }

    /// The boolean inside, if this is a boolean.
    var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// `{key: [strings]}` read back, or `nil` for any other shape.
    var stringLists: [String: [String]]? {
        guard case .object(let members) = self else { return nil }
        var result: [String: [String]] = [:]
        for (key, value) in members {
            guard let strings = value.strings else { return nil }
            result[key] = strings
        }
        return result
    }

    /// An object of string lists.
    static func stringLists(_ lists: [String: [String]]) -> Value { .object(lists.mapValues { .strings($0) }) }
}

/// Joins the parts of a dry-run description.
func sentence(_ parts: [String]) -> String { parts.joined(separator: "; ") }

/// `[sg-1, sg-2]` for messages.
func bracketed(_ ids: [String]) -> String { "[" + ids.joined(separator: ", ") + "]" }
