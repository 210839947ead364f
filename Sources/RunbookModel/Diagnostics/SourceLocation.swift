/// A position in a runbook file: the file's path, a 1-based line and a 1-based column.
///
/// Columns count Unicode scalars, as libyaml does, so a caret printed under the line lines up.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// The path the file was read from, as the user named it.
    public var file: String
    /// The line, starting at 1.
    public var line: Int
    /// The column, starting at 1.
    public var column: Int

    /// Creates a location.
    ///
    /// - Parameters:
    ///   - file: The path of the file.
    ///   - line: The 1-based line.
    ///   - column: The 1-based column.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, the form compilers and editors understand.
    public var description: String { "\(file):\(line):\(column)" }

    /// The location `offset` columns further along the same line.
    ///
    /// - Parameter offset: How many columns to move right.
    /// - Returns: The shifted location.
    public func advanced(by offset: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column + offset)
    }
}
