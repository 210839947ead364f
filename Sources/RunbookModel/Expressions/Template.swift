/// A string that may hold `${{ expression }}` interpolations, parsed at load time.
///
/// A template that is exactly one interpolation (`"${{ steps.capture.output.volumes }}"`)
/// evaluates to the expression's value with its type; any other template evaluates to a string.
public struct Template: Hashable, Sendable {
    /// A piece of a template.
    public enum Part: Hashable, Sendable {
        /// Text copied as it is.
        case text(String)
        /// An interpolated expression, with the scalar offset of its text within the template.
        case expression(Expression, offset: Int)
    }

    /// The pieces, in order.
    public var parts: [Part]

    /// Creates a template from parts.
    ///
    /// - Parameter parts: The pieces.
    public init(parts: [Part]) { self.parts = parts }

    /// A template with no interpolation.
    ///
    /// - Parameter text: The text.
    public init(literal text: String) { parts = [.text(text)] }

    /// Parses `${{ … }}` interpolations out of `text`.
    ///
    /// - Parameter text: The raw string.
    /// - Returns: The template.
    /// - Throws: ``ExpressionSyntaxError`` with the offset within `text`.
    public static func parse(_ text: String) throws(ExpressionSyntaxError) -> Template {
        let scalars = Array(text.unicodeScalars)
        var parts: [Part] = []
        var literal = ""
        var index = 0
        while index < scalars.count {
            if scalars[index] == "$", index + 2 < scalars.count, scalars[index + 1] == "{", scalars[index + 2] == "{" {
                let bodyStart = index + 3
                guard let close = Self.closingBraces(in: scalars, from: bodyStart) else {
                    throw ExpressionSyntaxError("'${{' is never closed", at: index, fix: "end the expression with `}}`")
                }
                var body = ""
                body.unicodeScalars.append(contentsOf: scalars[bodyStart..<close])
                let expression: Expression
                do {
                    expression = try ExpressionParser.parse(body)
                } catch {
                    throw ExpressionSyntaxError(error.message, at: bodyStart + error.offset, fix: error.fix)
                }
                if !literal.isEmpty { parts.append(.text(literal)); literal = "" }
                parts.append(.expression(expression, offset: bodyStart))
                index = close + 2
            } else {
                literal.unicodeScalars.append(scalars[index])
                index += 1
            }
        }
        if !literal.isEmpty || parts.isEmpty { parts.append(.text(literal)) }
        return Template(parts: parts)
    }

    /// The index of the `}}` that closes an interpolation, skipping quoted strings.
    private static func closingBraces(in scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var index = start
        var quote: Unicode.Scalar?
        while index < scalars.count {
            let scalar = scalars[index]
            if let open = quote {
                if scalar == "\\" { index += 2; continue }
                if scalar == open { quote = nil }
            } else if scalar == "'" || scalar == "\"" {
                quote = scalar
            } else if scalar == "}", index + 1 < scalars.count, scalars[index + 1] == "}" {
                return index
            }
            index += 1
        }
        return nil
    }

    /// The only expression, when the template is exactly one interpolation.
    public var soleExpression: Expression? {
        guard parts.count == 1, case .expression(let expression, _) = parts[0] else { return nil }
        return expression
    }

    /// Whether the template has any interpolation.
    public var isLiteral: Bool { parts.allSatisfy { if case .text = $0 { true } else { false } } }

    /// Every interpolated expression with its offset in the template text.
    public var expressions: [(expression: Expression, offset: Int)] {
        parts.compactMap { if case .expression(let expression, let offset) = $0 { (expression, offset) } else { nil } }
    }

    /// Evaluates the template.
    ///
    /// - Parameter scope: The roots expressions may read.
    /// - Returns: The sole expression's value, or the interpolated string.
    public func evaluate(in scope: ExpressionScope) -> Value {
        if let sole = soleExpression { return sole.evaluate(in: scope) }
        var text = ""
        for part in parts {
            switch part {
            case .text(let literal): text += literal
            case .expression(let expression, _): text += expression.evaluate(in: scope).interpolated
            }
        }
        return .string(text)
    }
}
