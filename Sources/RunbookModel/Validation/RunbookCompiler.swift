/// Load, validate and plan in one call: what `irun validate`, `irun show` and the executor use.
public enum RunbookCompiler {
    /// Reads, validates and plans the runbook at `path`.
    ///
    /// - Parameters:
    ///   - path: The file.
    ///   - catalog: The actions runbooks may use.
    /// - Returns: The runbook, its plan when valid, and every diagnostic in file order.
    public static func compile(contentsOf path: String, catalog: ActionCatalog) -> Compilation {
        compile(RunbookLoader.load(contentsOf: path), catalog: catalog)
    }

    /// Validates and plans the runbook in `text`.
    ///
    /// - Parameters:
    ///   - text: The YAML.
    ///   - path: The path to name in diagnostics.
    ///   - catalog: The actions runbooks may use.
    /// - Returns: The compilation.
    public static func compile(text: String, path: String, catalog: ActionCatalog) -> Compilation {
        compile(RunbookLoader.load(text: text, path: path), catalog: catalog)
    }

    /// Validates and plans a loaded runbook.
    ///
    /// - Parameters:
    ///   - loaded: The result of loading.
    ///   - catalog: The actions runbooks may use.
    /// - Returns: The compilation.
    public static func compile(_ loaded: LoadResult, catalog: ActionCatalog) -> Compilation {
        var diagnostics = loaded.diagnostics
        var plan: Plan?
        if let runbook = loaded.runbook {
            let validated = RunbookValidator.validate(runbook, catalog: catalog)
            diagnostics += validated.diagnostics
            plan = loaded.hasErrors ? nil : validated.plan
        }
        // An aliased node is reported where its anchor is; report each problem once.
        var seen = Set<Diagnostic>()
        diagnostics = diagnostics.filter { seen.insert($0).inserted }
        let sorted = diagnostics.enumerated().sorted { a, b in
            let left = a.element.location, right = b.element.location
            if left?.line != right?.line { return (left?.line ?? 0) < (right?.line ?? 0) }
            if left?.column != right?.column { return (left?.column ?? 0) < (right?.column ?? 0) }
            return a.offset < b.offset
        }.map(\.element)
        return Compilation(runbook: loaded.runbook, plan: plan, diagnostics: sorted)
    }
}

/// A runbook after loading, validation and planning.
public struct Compilation: Sendable {
    /// The parsed runbook, when the file could be parsed.
    public var runbook: Runbook?
    /// The plan, only when there are no errors.
    public var plan: Plan?
    /// Every diagnostic, in file order.
    public var diagnostics: [Diagnostic]

    /// The error diagnostics.
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    /// Whether the runbook is valid (warnings allowed).
    public var isValid: Bool { plan != nil && errors.isEmpty }
}
