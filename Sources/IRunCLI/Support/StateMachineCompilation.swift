import Actions
import ArgumentParser
import RunbookModel
import StepFunctions

/// Compiles a runbook for Step Functions the way every `irun sfn`/`export` command needs it:
/// invalid runbooks print their diagnostics and refusals name each step that cannot compile,
/// then exit 1.
enum StateMachineCompilation {
    static func compile(_ runbook: String, directory: RunbookDirectoryOptions, fleet: Bool, maxConcurrency: Int = 10) throws -> CompiledStateMachine {
        let path = try directory.locator.path(for: runbook)
        let compilation = RunbookCompiler.compile(contentsOf: path, catalog: BuiltinActions.catalog)
        guard let plan = compilation.plan, compilation.isValid else {
            var printer = DiagnosticPrinter()
            for diagnostic in compilation.diagnostics { printError(printer.render(diagnostic)) }
            printError("\(path): invalid runbook; nothing compiled.")
            throw ExitCode.failed
        }
        do {
            return try StepFunctionsCompiler.compile(plan, options: .init(fleet: fleet, maxConcurrency: maxConcurrency))
        } catch {
            for refusal in error.refusals { printError("error: \(refusal)") }
            printError("\(path): cannot compile to Step Functions (\(error.refusals.count) step\(error.refusals.count == 1 ? "" : "s") above); nothing written.")
            throw ExitCode.failed
        }
    }
}
