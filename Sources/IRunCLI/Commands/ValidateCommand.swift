import ArgumentParser
import Actions
import RunbookModel
import Service

/// `irun validate FILE…`: checks runbooks and reports every problem with its location.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check runbooks for errors without running them.",
        discussion: """
            Reports every problem in each file as file:line:column with what is wrong and how to fix it:
            YAML syntax, unknown keys, unknown actions and inputs, references to unknown steps or
            parameters, type errors, cycles, and steps that can never run.
            Exits 0 when every file is valid (warnings allowed), 1 otherwise.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: ArgumentHelp("Runbook files, or names of runbooks in the runbook directory.", valueName: "file"))
    var files: [String]

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @OptionGroup var runbooks: RunbookDirectoryOptions

    func run() throws {
        var report = ValidationReport(valid: true, files: [])
        var printer = DiagnosticPrinter()
        var text = ""
        let locator = runbooks.locator
        for reference in files {
            let path = (try? locator.path(for: reference)) ?? reference
            if RulesLoader.looksLikeRules(path) {
                // An `irun serve` rules file: its rules, breakers and the runbooks they name.
                let (rules, diagnostics) = RulesLoader.load(path: path) { (try? locator.path(for: $0)) != nil }
                let errors = diagnostics.filter { $0.severity == .error }.count
                report.valid = report.valid && rules != nil
                report.files.append(.init(path: path, valid: rules != nil, errors: errors, warnings: diagnostics.count - errors, diagnostics: diagnostics.map(ValidationReport.Entry.init)))
                for diagnostic in diagnostics { text += printer.render(diagnostic) }
                text += rules.map { "\(path): valid rules file (\($0.rules.count) rule\($0.rules.count == 1 ? "" : "s"), \($0.breakers.count) breaker\($0.breakers.count == 1 ? "" : "s"))\n" } ?? "\(path): \(errors) error\(errors == 1 ? "" : "s")\n"
                continue
            }
            let compilation = RunbookCompiler.compile(contentsOf: path, catalog: BuiltinActions.catalog)
            let errors = compilation.errors.count
            let warnings = compilation.diagnostics.count - errors
            report.valid = report.valid && compilation.isValid
            report.files.append(.init(path: path, valid: compilation.isValid, errors: errors, warnings: warnings,
                                      diagnostics: compilation.diagnostics.map(ValidationReport.Entry.init)))
            for diagnostic in compilation.diagnostics { text += printer.render(diagnostic) }
            if compilation.isValid, let plan = compilation.plan {
                text += "\(path): valid (\(plan.nodes.count) step\(plan.nodes.count == 1 ? "" : "s"), \(plan.runbook.parameters.count) parameter\(plan.runbook.parameters.count == 1 ? "" : "s")\(warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")" : ""))\n"
            } else {
                text += "\(path): \(errors) error\(errors == 1 ? "" : "s")\(warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")" : "")\n"
            }
        }
        print(format == .json ? try JSONOutput.string(report) : text, terminator: "")
        if !report.valid { throw ExitCode.failed }
    }
}
