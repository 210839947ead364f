import ArgumentParser
import RunbookModel
import StepFunctions

/// Compiles a runbook for Step Functions the way every `irun sfn`/`export` command needs it:
/// invalid runbooks print their diagnostics and refusals name each step that cannot compile,
/// then exit 1.
enum StateMachineCompilation {
    static func compile(_ runbook: String, directory: RunbookDirectoryOptions, fleet: Bool, maxConcurrency: Int = 10) throws -> CompiledStateMachine {
        let (plan, path) = try RunbookPlans.plan(runbook, directory: directory, outcome: "nothing compiled")
        return try compile(plan, path: path, fleet: fleet, maxConcurrency: maxConcurrency)
    }

    static func compile(_ plan: Plan, path: String, fleet: Bool, maxConcurrency: Int = 10) throws -> CompiledStateMachine {
        do {
            return try StepFunctionsCompiler.compile(plan, options: .init(fleet: fleet, maxConcurrency: maxConcurrency))
        } catch {
            for refusal in error.refusals { printError("error: \(refusal)") }
            printError("\(path): cannot compile to Step Functions (\(error.refusals.count) step\(error.refusals.count == 1 ? "" : "s") above); nothing written.")
            throw ExitCode.failed
        }
    }
}
