/// A value a compiled state passes on: a constant, or something read at run time (a path such
/// as `$.params.instance`, `$$.Execution.Name`, or an intrinsic such as `States.Format(…)`).
enum Operand: Hashable, Sendable {
    case literal(ASLNode)
    case dynamic(String)

    /// The member `key` of a `Parameters`-like object: `key` for constants, `key.$` otherwise.
    func member(_ key: String) -> ASLNode.Member {
        switch self {
        case .literal(let node): ASLNode.Member(key, node)
        case .dynamic(let path): ASLNode.Member(key + ".$", .string(path))
        }
    }

    /// The operand as an argument of an intrinsic function: a path, or a quoted string literal.
    var intrinsicArgument: String {
        switch self {
        case .dynamic(let path): return path
        case .literal(.string(let text)): return IntrinsicText.quoted(text)
        case .literal(.int(let number)): return String(number)
        case .literal(.bool(let flag)): return flag ? "true" : "false"
        case .literal(let node): return IntrinsicText.quoted(node.rendered(pretty: false))
        }
    }

    /// A one-element array of the operand, e.g. `InstanceIds`.
    var asArray: Operand {
        switch self {
        case .literal(let node): .literal(.array([node]))
        case .dynamic: .dynamic("States.Array(\(intrinsicArgument))")
        }
    }

    /// A path the operand can be read from in a Choice rule, when it is one.
    var path: String? {
        if case .dynamic(let path) = self, path.hasPrefix("$") { return path }
        return nil
    }
}

/// Intrinsic-function text: string literals are single-quoted, and `'`, `{`, `}` and `\`
/// inside them are escaped with a backslash.
enum IntrinsicText {
    static func quoted(_ text: String) -> String { "'" + escaped(text) + "'" }

    static func escaped(_ text: String) -> String {
        var output = ""
        for character in text {
            if "'{}\\".contains(character) { output.append("\\") }
            output.append(character)
        }
        return output
    }

    /// `States.Format(template, args…)`, or the single argument when the template is just `{}`.
    static func format(_ pieces: [String], _ arguments: [String]) -> String {
        if pieces.count == 2, pieces[0].isEmpty, pieces[1].isEmpty, arguments.count == 1 { return arguments[0] }
        let template = pieces.map(escaped).joined(separator: "{}")
        return "States.Format('\(template)'\(arguments.map { ", \($0)" }.joined()))"
    }
}
