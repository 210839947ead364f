/// A YAML value that may contain `${{ … }}` interpolations anywhere inside it, as an action
/// input or a parameter default is written.
public indirect enum ValueTemplate: Hashable, Sendable {
    /// A non-string value with no interpolation.
    case value(Value)
    /// A string, possibly interpolated.
    case template(Template, anchor: TemplateAnchor)
    /// A list of values.
    case list([ValueTemplate])
    /// A mapping of values.
    case object([String: ValueTemplate])

    /// Evaluates every interpolation.
    ///
    /// - Parameter scope: The roots expressions may read.
    /// - Returns: The plain value.
    public func evaluate(in scope: ExpressionScope) -> Value {
        switch self {
        case .value(let value): value
        case .template(let template, _): template.evaluate(in: scope)
        case .list(let items): .list(items.map { $0.evaluate(in: scope) })
        case .object(let members): .object(members.mapValues { $0.evaluate(in: scope) })
        }
    }

    /// Every interpolated expression inside, each located in the runbook.
    public var expressions: [LocatedExpression] {
        switch self {
        case .value: []
        case .template(let template, let anchor):
            template.expressions.map { anchor.locate($0.expression, atOffset: $0.offset) }
        case .list(let items): items.flatMap(\.expressions)
        case .object(let members): members.keys.sorted().flatMap { members[$0]!.expressions }
        }
    }

    /// The plain value, when there is no interpolation anywhere inside.
    public var literalValue: Value? {
        switch self {
        case .value(let value): return value
        case .template(let template, _):
            guard template.isLiteral else { return nil }
            return .string(template.parts.map { if case .text(let text) = $0 { text } else { "" } }.joined())
        case .list(let items):
            var values: [Value] = []
            for item in items {
                guard let value = item.literalValue else { return nil }
                values.append(value)
            }
            return .list(values)
        case .object(let members):
            var values: [String: Value] = [:]
            for (key, member) in members {
                guard let value = member.literalValue else { return nil }
                values[key] = value
            }
            return .object(values)
        }
    }
}

/// Where a template string was written, so that offsets inside it can be mapped to columns.
public struct TemplateAnchor: Hashable, Sendable {
    /// Where the string's first character is.
    public var location: SourceLocation
    /// Whether offsets within the string are columns on that line.
    public var offsetsAreColumns: Bool

    /// Creates an anchor.
    ///
    /// - Parameters:
    ///   - location: Where the string's text starts.
    ///   - offsetsAreColumns: Whether offsets map to columns.
    public init(location: SourceLocation, offsetsAreColumns: Bool) {
        self.location = location
        self.offsetsAreColumns = offsetsAreColumns
    }

    /// The location of an offset within the string.
    ///
    /// - Parameter offset: Scalars from the start of the string.
    /// - Returns: The location.
    public func location(ofOffset offset: Int) -> SourceLocation {
        offsetsAreColumns ? location.advanced(by: offset) : location
    }

    /// An interpolated expression, located.
    func locate(_ expression: Expression, atOffset offset: Int) -> LocatedExpression {
        LocatedExpression(expression: expression, text: "", location: location(ofOffset: offset), offsetsAreColumns: offsetsAreColumns)
    }
}
