public import RunbookModel

/// The outcome of reading a world file: the spec when the file is valid, and every diagnostic.
public struct WorldFileResult: Sendable {
    /// The world described, or `nil` when any diagnostic is an error.
    public var spec: WorldSpec?
    /// Every problem found, in file order; each error has a location and a fix.
    public var diagnostics: [Diagnostic]

    /// Creates a result.
    ///
    /// - Parameters:
    ///   - spec: The world, when the file is valid.
    ///   - diagnostics: The problems found.
    public init(spec: WorldSpec?, diagnostics: [Diagnostic]) {
        self.spec = spec
        self.diagnostics = diagnostics
    }

    /// The diagnostics that are errors.
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}
