import ArgumentParser
import Actions
import RunbookModel

/// `irun execute NAME|FILE`: runs a runbook. Until the executor lands it validates the
/// runbook and the parameters, prints the plan, and says plainly that it did not run it.
struct ExecuteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "execute",
        abstract: "Run a runbook (the executor is not implemented yet: this checks the runbook and parameters and prints the plan).",
        discussion: """
            Parameters are given as --param name=value; --instance ID is short for --param instance=ID.
            Today this command validates the runbook and binds the parameters (types, required
            values, allowed values), prints the plan it would run, and exits 1 with
            "not yet implemented: execute". Nothing is changed anywhere.
            """
    )

    @Argument(help: ArgumentHelp("A runbook name (e.g. ec2-quarantine) or file.", valueName: "runbook"))
    var runbook: String

    @Option(help: ArgumentHelp("The instance to act on (same as --param instance=ID).", valueName: "id"))
    var instance: String?

    @Option(name: .customLong("param"), help: ArgumentHelp("A runbook parameter, as name=value. Repeatable.", valueName: "name=value"))
    var parameters: [String] = []

    @OptionGroup var runbooks: RunbookDirectoryOptions

    func validate() throws {
        for parameter in parameters where !parameter.contains("=") || parameter.hasPrefix("=") {
            throw ValidationError("--param '\(parameter)' must be name=value, e.g. --param case=IR-42.")
        }
        if let instance, !ResourceIdentifier.isInstanceID(instance) {
            throw ValidationError("--instance '\(instance)' is not an instance id; expected 'i-' followed by hexadecimal digits, e.g. i-0abc1234.")
        }
    }

    /// `--instance` and `--param` as (name, text) pairs, in the order given.
    var givenParameters: [(name: String, text: String)] {
        var given = instance.map { [(name: "instance", text: $0)] } ?? []
        for parameter in parameters {
            let separator = parameter.firstIndex(of: "=")!
            given.append((String(parameter[..<separator]), String(parameter[parameter.index(after: separator)...])))
        }
        return given
    }

    func run() throws {
        let path = try runbooks.locator.path(for: runbook)
        let compilation = RunbookCompiler.compile(contentsOf: path, catalog: BuiltinActions.catalog)
        guard let plan = compilation.plan else {
            var printer = DiagnosticPrinter()
            for diagnostic in compilation.diagnostics { printError(printer.render(diagnostic)) }
            printError("\(path): invalid runbook; nothing was run.")
            throw ExitCode.failed
        }
        let values: [String: Value]
        do {
            values = try ParameterBinding.bind(givenParameters, to: plan.runbook,
                                               scope: ExpressionScope(roots: ["run": ["id": "(assigned at run time)"]]),
                                               flag: { $0 == "instance" ? "--instance" : "--param \($0)" })
        } catch {
            printError(error.problems.map { "error: \($0)" }.joined(separator: "\n"))
            throw ExitCode.usage
        }
        print("runbook \(plan.runbook.name) (\(path)), \(plan.nodes.count) steps in \(plan.layers.count) layers")
        for parameter in plan.runbook.parameters {
            let value = parameter.secret ? "(secret)" : values[parameter.name]?.interpolated ?? "null"
            print("  param \(parameter.name) = \(value)")
        }
        print(PlanRenderer.text(plan), terminator: "")
        printError("not yet implemented: execute — the executor and audit store land with issue #4; nothing was changed.")
        throw ExitCode.failed
    }
}
