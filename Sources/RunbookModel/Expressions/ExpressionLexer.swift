/// One token of an expression.
struct ExpressionToken: Hashable, Sendable {
    enum Kind: Hashable, Sendable {
        case identifier(String)
        case number(Value)
        case string(String)
        case symbol(String)
        case end
    }

    var kind: Kind
    /// Start, in Unicode scalars from the start of the text.
    var offset: Int
}

/// Splits expression text into tokens.
struct ExpressionLexer {
    private let scalars: [Unicode.Scalar]
    private var index = 0

    init(_ text: String) { scalars = Array(text.unicodeScalars) }

    /// All tokens, ending with `.end`.
    mutating func tokenize() throws(ExpressionSyntaxError) -> [ExpressionToken] {
        var tokens: [ExpressionToken] = []
        while true {
            let token = try next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private mutating func next() throws(ExpressionSyntaxError) -> ExpressionToken {
        while index < scalars.count, scalars[index].properties.isWhitespace { index += 1 }
        let start = index
        guard index < scalars.count else { return ExpressionToken(kind: .end, offset: start) }
        let scalar = scalars[index]

        if Self.isIdentifierStart(scalar) {
            var name = ""
            while index < scalars.count, Self.isIdentifierPart(scalars[index]) {
                // A hyphen belongs to a name (`report-gone`) only when a name character follows it.
                if scalars[index] == "-", !(index + 1 < scalars.count && Self.isIdentifierStart(scalars[index + 1]) || index + 1 < scalars.count && Self.isDigit(scalars[index + 1])) { break }
                name.unicodeScalars.append(scalars[index])
                index += 1
            }
            return ExpressionToken(kind: .identifier(name), offset: start)
        }
        if Self.isDigit(scalar) || (scalar == "-" && index + 1 < scalars.count && Self.isDigit(scalars[index + 1])) {
            return try number(from: start)
        }
        if scalar == "'" || scalar == "\"" { return try string(quote: scalar, from: start) }

        for symbol in ["==", "!=", "<=", ">=", "&&", "||"] where matches(symbol) {
            index += 2
            return ExpressionToken(kind: .symbol(symbol), offset: start)
        }
        if "!<>()[],.".unicodeScalars.contains(scalar) {
            index += 1
            return ExpressionToken(kind: .symbol(String(scalar)), offset: start)
        }
        var fix: String?
        switch scalar {
        case "=": fix = "use `==` to compare"
        case "&": fix = "use `&&` for 'and'"
        case "|": fix = "use `||` for 'or'"
        case "+", "*", "/", "%": fix = "expressions have no arithmetic; compare values instead"
        case "$", "{", "}": fix = "write the expression without `${{ }}` here, or close the `${{` with `}}`"
        default: break
        }
        throw ExpressionSyntaxError("unexpected character '\(scalar)'", at: start, fix: fix)
    }

    private func matches(_ symbol: String) -> Bool {
        let symbolScalars = Array(symbol.unicodeScalars)
        guard index + symbolScalars.count <= scalars.count else { return false }
        return Array(scalars[index..<index + symbolScalars.count]) == symbolScalars
    }

    private mutating func number(from start: Int) throws(ExpressionSyntaxError) -> ExpressionToken {
        var text = ""
        if scalars[index] == "-" { text = "-"; index += 1 }
        while index < scalars.count, Self.isDigit(scalars[index]) || scalars[index] == "." || scalars[index] == "_" {
            if scalars[index] != "_" { text.unicodeScalars.append(scalars[index]) }
            index += 1
        }
        if index < scalars.count, Self.isIdentifierStart(scalars[index]) {
            throw ExpressionSyntaxError("a number cannot be followed by '\(scalars[index])'", at: index,
                                        fix: "quote durations and ids as strings, e.g. '30s'")
        }
        if let int = Int(text) { return ExpressionToken(kind: .number(.int(int)), offset: start) }
        if text.filter({ $0 == "." }).count == 1, let double = Double(text), double.isFinite {
            return ExpressionToken(kind: .number(.double(double)), offset: start)
        }
        throw ExpressionSyntaxError("'\(text)' is not a valid number", at: start)
    }

    private mutating func string(quote: Unicode.Scalar, from start: Int) throws(ExpressionSyntaxError) -> ExpressionToken {
        index += 1
        var text = ""
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == quote {
                index += 1
                return ExpressionToken(kind: .string(text), offset: start)
            }
            if scalar == "\\", index + 1 < scalars.count {
                let escaped = scalars[index + 1]
                switch escaped {
                case "n": text += "\n"
                case "t": text += "\t"
                case "\\", "'", "\"": text.unicodeScalars.append(escaped)
                default:
                    throw ExpressionSyntaxError("unknown escape '\\\(escaped)'", at: index, fix: "use \\n, \\t, \\\\, \\' or \\\"")
                }
                index += 2
                continue
            }
            text.unicodeScalars.append(scalar)
            index += 1
        }
        throw ExpressionSyntaxError("unterminated string", at: start, fix: "close the string with \(quote)")
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_"
    }

    static func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
        isIdentifierStart(scalar) || isDigit(scalar) || scalar == "-"
    }
}
