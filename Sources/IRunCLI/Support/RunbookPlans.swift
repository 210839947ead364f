import Actions
import ArgumentParser
import RunbookModel

/// The plan of a runbook named on the command line; an invalid one prints its diagnostics and
/// exits 1, saying what was not done.
enum RunbookPlans {
    /// - Parameters:
    ///   - runbook: A runbook name or file.
    ///   - directory: Where names are looked up.
    ///   - outcome: What did not happen, for the last line: `nothing was run`.
    /// - Returns: The plan and the file it came from.
    static func plan(_ runbook: String, directory: RunbookDirectoryOptions, outcome: String) throws -> (plan: Plan, path: String) {
        let path = try directory.locator.path(for: runbook)
        let compilation = RunbookCompiler.compile(contentsOf: path, catalog: BuiltinActions.catalog)
        guard let plan = compilation.plan, compilation.isValid else {
            var printer = DiagnosticPrinter()
            for diagnostic in compilation.diagnostics { printError(printer.render(diagnostic)) }
            printError("\(path): invalid runbook; \(outcome).")
            throw ExitCode.failed
        }
        return (plan, path)
    }
}
