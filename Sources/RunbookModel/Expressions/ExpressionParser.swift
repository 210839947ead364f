/// Parses expression text into an ``Expression``.
///
/// Grammar, lowest precedence first:
/// ```
/// or         := and ("||" and)*
/// and        := comparison ("&&" comparison)*
/// comparison := unary (("==" | "!=" | "<" | "<=" | ">" | ">=" | "in") unary)?
/// unary      := "!" unary | postfix
/// postfix    := primary ("." name | "[" or "]")*
/// primary    := literal | name | function "(" arguments ")" | "(" or ")" | "[" items "]"
/// ```
public struct ExpressionParser {
    /// Nesting deeper than this is refused rather than risking the stack.
    public static let maximumDepth = 64

    private var tokens: [ExpressionToken]
    private var position = 0
    private var depth = 0

    /// Parses one expression.
    ///
    /// - Parameter text: The expression text, without `${{ }}`.
    /// - Returns: The parsed expression.
    /// - Throws: ``ExpressionSyntaxError`` positioned within `text`.
    public static func parse(_ text: String) throws(ExpressionSyntaxError) -> Expression {
        var lexer = ExpressionLexer(text)
        var parser = ExpressionParser(tokens: try lexer.tokenize())
        guard parser.current.kind != .end else {
            throw ExpressionSyntaxError("empty expression", at: 0, fix: "write a condition such as `params.force == true`")
        }
        let expression = try parser.parseOr()
        guard parser.current.kind == .end else {
            throw ExpressionSyntaxError("unexpected \(parser.current.kind.display) after the end of the expression",
                                        at: parser.current.offset, fix: "join conditions with `&&` or `||`")
        }
        return expression
    }

    private init(tokens: [ExpressionToken]) { self.tokens = tokens }

    private var current: ExpressionToken { tokens[position] }

    private mutating func advance() -> ExpressionToken {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private mutating func take(_ symbol: String) -> Bool {
        guard current.kind == .symbol(symbol) else { return false }
        position += 1
        return true
    }

    private mutating func expect(_ symbol: String, _ context: String) throws(ExpressionSyntaxError) {
        guard take(symbol) else {
            throw ExpressionSyntaxError("expected '\(symbol)' \(context), found \(current.kind.display)", at: current.offset)
        }
    }

    private mutating func nested<T>(_ body: (inout ExpressionParser) throws(ExpressionSyntaxError) -> T) throws(ExpressionSyntaxError) -> T {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else {
            throw ExpressionSyntaxError("expression nested more than \(Self.maximumDepth) levels deep", at: current.offset,
                                        fix: "split the condition into simpler parts")
        }
        return try body(&self)
    }

    private mutating func parseOr() throws(ExpressionSyntaxError) -> Expression {
        try nested { (parser: inout ExpressionParser) throws(ExpressionSyntaxError) -> Expression in
            var lhs = try parser.parseAnd()
            while parser.current.kind == .symbol("||") {
                let offset = parser.advance().offset
                let rhs = try parser.parseAnd()
                lhs = Expression(.binary(.or, lhs, rhs), at: offset)
            }
            return lhs
        }
    }

    private mutating func parseAnd() throws(ExpressionSyntaxError) -> Expression {
        var lhs = try parseComparison()
        while current.kind == .symbol("&&") {
            let offset = advance().offset
            let rhs = try parseComparison()
            lhs = Expression(.binary(.and, lhs, rhs), at: offset)
        }
        return lhs
    }

    private mutating func parseComparison() throws(ExpressionSyntaxError) -> Expression {
        let lhs = try parseUnary()
        guard let op = comparisonOperator(current) else { return lhs }
        let offset = advance().offset
        let rhs = try parseUnary()
        if comparisonOperator(current) != nil {
            throw ExpressionSyntaxError("comparisons cannot be chained", at: current.offset,
                                        fix: "join two comparisons with `&&`, e.g. `a < b && b < c`")
        }
        return Expression(.binary(op, lhs, rhs), at: offset)
    }

    private func comparisonOperator(_ token: ExpressionToken) -> BinaryOperator? {
        switch token.kind {
        case .symbol(let symbol): BinaryOperator(rawValue: symbol).flatMap { $0.isComparison ? $0 : nil }
        case .identifier("in"): .in
        default: nil
        }
    }

    private mutating func parseUnary() throws(ExpressionSyntaxError) -> Expression {
        if current.kind == .symbol("!") {
            let offset = advance().offset
            let operand = try nested { (parser: inout ExpressionParser) throws(ExpressionSyntaxError) in try parser.parseUnary() }
            return Expression(.not(operand), at: offset)
        }
        return try parsePostfix()
    }

    private mutating func parsePostfix() throws(ExpressionSyntaxError) -> Expression {
        var base = try parsePrimary()
        while true {
            if take(".") {
                guard case .identifier(let name) = current.kind else {
                    throw ExpressionSyntaxError("expected a name after '.', found \(current.kind.display)", at: current.offset)
                }
                _ = advance()
                base = Expression(.member(base, name), at: base.offset)
            } else if current.kind == .symbol("[") {
                _ = advance()
                let index = try parseOr()
                try expect("]", "to close the index")
                base = Expression(.index(base, index), at: base.offset)
            } else {
                return base
            }
        }
    }

    private mutating func parsePrimary() throws(ExpressionSyntaxError) -> Expression {
        let token = advance()
        switch token.kind {
        case .number(let value):
            return Expression(.literal(value), at: token.offset)
        case .string(let text):
            return Expression(.literal(.string(text)), at: token.offset)
        case .identifier("true"):
            return Expression(.literal(.bool(true)), at: token.offset)
        case .identifier("false"):
            return Expression(.literal(.bool(false)), at: token.offset)
        case .identifier("null"):
            return Expression(.literal(.null), at: token.offset)
        case .identifier(let name) where current.kind == .symbol("("):
            return try parseCall(name, at: token.offset)
        case .identifier(let name):
            return Expression(.root(name), at: token.offset)
        case .symbol("("):
            let inner = try parseOr()
            try expect(")", "to close the parenthesis opened at column \(token.offset + 1)")
            return inner
        case .symbol("["):
            var items: [Expression] = []
            if !take("]") {
                repeat { items.append(try parseOr()) } while take(",")
                try expect("]", "to close the list")
            }
            return Expression(.list(items), at: token.offset)
        default:
            throw ExpressionSyntaxError("expected a value, found \(token.kind.display)", at: token.offset,
                                        fix: "write a literal, a reference such as `params.instance`, or a function call")
        }
    }

    private mutating func parseCall(_ name: String, at offset: Int) throws(ExpressionSyntaxError) -> Expression {
        guard let function = ExpressionFunction(rawValue: name) else {
            let names = ExpressionFunction.allCases.map(\.rawValue)
            throw ExpressionSyntaxError("unknown function '\(name)'\(Suggestion.phrase(for: name, in: names))", at: offset,
                                        fix: "the functions are \(names.joined(separator: ", "))")
        }
        _ = advance()
        var arguments: [Expression] = []
        if !take(")") {
            repeat { arguments.append(try parseOr()) } while take(",")
            try expect(")", "to close the call of \(name)")
        }
        guard arguments.count == function.arity else {
            throw ExpressionSyntaxError("\(name)() takes \(function.arity) argument\(function.arity == 1 ? "" : "s"), not \(arguments.count)",
                                        at: offset)
        }
        return Expression(.call(function, arguments), at: offset)
    }
}

extension ExpressionToken.Kind {
    /// How the token reads in an error message.
    var display: String {
        switch self {
        case .identifier(let name): "'\(name)'"
        case .number(let value): "'\(value)'"
        case .string(let text): "string '\(text)'"
        case .symbol(let symbol): "'\(symbol)'"
        case .end: "the end of the expression"
        }
    }
}
