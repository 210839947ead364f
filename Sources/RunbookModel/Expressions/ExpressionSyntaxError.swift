/// A problem found while parsing an expression, positioned within the expression text.
public struct ExpressionSyntaxError: Error, Hashable, Sendable {
    /// What is wrong.
    public var message: String
    /// Where, in Unicode scalars from the start of the expression text.
    public var offset: Int
    /// How to fix it, when known.
    public var fix: String?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - message: What is wrong.
    ///   - offset: Where.
    ///   - fix: How to fix it.
    public init(_ message: String, at offset: Int, fix: String? = nil) {
        self.message = message
        self.offset = offset
        self.fix = fix
    }
}
