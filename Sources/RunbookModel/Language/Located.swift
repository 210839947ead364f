/// A value read from a runbook together with where it was written.
public struct Located<Wrapped: Hashable & Sendable>: Hashable, Sendable {
    /// The value.
    public var value: Wrapped
    /// Where it was written.
    public var location: SourceLocation

    /// Pairs a value with its location.
    ///
    /// - Parameters:
    ///   - value: The value.
    ///   - location: Where it was written.
    public init(_ value: Wrapped, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

/// An expression as written in a runbook: parsed, with its source text and position.
public struct LocatedExpression: Hashable, Sendable {
    /// The parsed expression.
    public var expression: Expression
    /// The text it was parsed from.
    public var text: String
    /// Where the expression text starts.
    public var location: SourceLocation
    /// Whether expression offsets map to columns on `location`'s line (single-line scalars).
    public var offsetsAreColumns: Bool

    /// Creates a located expression.
    ///
    /// - Parameters:
    ///   - expression: The parsed expression.
    ///   - text: Its source text.
    ///   - location: Where the text starts.
    ///   - offsetsAreColumns: Whether offsets within the text are columns on that line.
    public init(expression: Expression, text: String, location: SourceLocation, offsetsAreColumns: Bool) {
        self.expression = expression
        self.text = text
        self.location = location
        self.offsetsAreColumns = offsetsAreColumns
    }

    /// The location of a position within the expression text.
    ///
    /// - Parameter offset: Scalars from the start of the text.
    /// - Returns: The exact column on single-line scalars, else the start of the text.
    public func location(ofOffset offset: Int) -> SourceLocation {
        offsetsAreColumns ? location.advanced(by: offset) : location
    }
}
