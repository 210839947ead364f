/// One problem found in a runbook: what is wrong, where, and how to fix it.
///
/// Runbook problems are diagnostics, not exceptions: the loader and validator collect every
/// one of them so that a user sees all the errors of a file at once.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Hashable, Sendable, Codable {
        /// The runbook cannot be planned or run.
        case error
        /// The runbook runs, but probably not as its author meant.
        case warning
    }

    /// A stable identifier of the kind of problem, for machines and tests (e.g. `unknown-key`).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The identifier.
        public let name: String
        /// Creates a code.
        ///
        /// - Parameter name: The stable identifier.
        public init(_ name: String) { self.name = name }
        public var description: String { name }
    }

    /// How serious the problem is.
    public var severity: Severity
    /// The kind of problem.
    public var code: Code
    /// What is wrong, safe to print.
    public var message: String
    /// Where it is; `nil` when the problem concerns the whole file and no line applies.
    public var location: SourceLocation?
    /// What would fix it, when there is a useful suggestion.
    public var fix: String?

    /// Creates a diagnostic.
    ///
    /// - Parameters:
    ///   - severity: How serious it is.
    ///   - code: The stable kind.
    ///   - message: What is wrong.
    ///   - location: Where.
    ///   - fix: How to fix it.
    public init(severity: Severity, code: Code, message: String, location: SourceLocation?, fix: String? = nil) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
        self.fix = fix
    }

    /// An error diagnostic.
    ///
    /// - Parameters:
    ///   - code: The stable kind.
    ///   - message: What is wrong.
    ///   - location: Where.
    ///   - fix: How to fix it.
    /// - Returns: The diagnostic.
    public static func error(_ code: Code, _ message: String, at location: SourceLocation?, fix: String? = nil) -> Diagnostic {
        Diagnostic(severity: .error, code: code, message: message, location: location, fix: fix)
    }

    /// A warning diagnostic.
    ///
    /// - Parameters:
    ///   - code: The stable kind.
    ///   - message: What is wrong.
    ///   - location: Where.
    ///   - fix: How to fix it.
    /// - Returns: The diagnostic.
    public static func warning(_ code: Code, _ message: String, at location: SourceLocation?, fix: String? = nil) -> Diagnostic {
        Diagnostic(severity: .warning, code: code, message: message, location: location, fix: fix)
    }

    /// `file:line:column: error: message`, with the fix on a second line.
    public var description: String {
        var text = location.map { "\($0): " } ?? ""
        text += "\(severity.rawValue): \(message)"
        if let fix { text += "\n  fix: \(fix)" }
        return text
    }
}

extension Diagnostic.Code {
    public static let yamlSyntax = Self("yaml-syntax")
    public static let encoding = Self("encoding")
    public static let fileTooLarge = Self("file-too-large")
    public static let emptyFile = Self("empty-file")
    public static let unreadable = Self("unreadable")
    public static let unknownKey = Self("unknown-key")
    public static let missingKey = Self("missing-key")
    public static let wrongShape = Self("wrong-shape")
    public static let invalidValue = Self("invalid-value")
    public static let invalidName = Self("invalid-name")
    public static let duplicateName = Self("duplicate-name")
    public static let unknownAction = Self("unknown-action")
    public static let unknownInput = Self("unknown-input")
    public static let missingInput = Self("missing-input")
    public static let unknownStep = Self("unknown-step")
    public static let unknownParameter = Self("unknown-parameter")
    public static let unknownOutput = Self("unknown-output")
    public static let outputNotUpstream = Self("output-not-upstream")
    public static let cycle = Self("cycle")
    public static let unreachable = Self("unreachable")
    public static let conflictingGoto = Self("conflicting-goto")
    public static let expressionSyntax = Self("expression-syntax")
    public static let typeMismatch = Self("type-mismatch")
    public static let unknownName = Self("unknown-name")
    public static let constantCondition = Self("constant-condition")
    /// A name that should refer to something defined elsewhere in the file (a subnet, a group, an operation) does not.
    public static let unknownReference = Self("unknown-reference")
}
