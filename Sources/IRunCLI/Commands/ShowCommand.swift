import ArgumentParser
import Foundation
import Actions
import RunbookModel

/// `irun show NAME|FILE`: a runbook's parameters and steps, and its graph as text, DOT or Mermaid.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a runbook's parameters, steps and graph.",
        discussion: """
            --format text (default) prints the parameters and the steps layer by layer;
            --format dot prints Graphviz (pipe to `dot -Tsvg`); --format mermaid prints a Mermaid
            flowchart for Markdown.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, dot, mermaid }

    @Argument(help: ArgumentHelp("A runbook name (e.g. ec2-quarantine) or file.", valueName: "runbook"))
    var runbook: String

    @Option(help: "Output format: text, dot or mermaid.")
    var format: Format = .text

    @OptionGroup var runbooks: RunbookDirectoryOptions

    func run() throws {
        let path = try runbooks.locator.path(for: runbook)
        let compilation = RunbookCompiler.compile(contentsOf: path, catalog: BuiltinActions.catalog)
        guard let plan = compilation.plan else {
            var printer = DiagnosticPrinter()
            for diagnostic in compilation.diagnostics { printError(printer.render(diagnostic)) }
            printError("\(path): invalid; fix the errors above (irun validate \(path)).")
            throw ExitCode.failed
        }
        switch format {
        case .dot: print(PlanRenderer.dot(plan), terminator: "")
        case .mermaid: print(PlanRenderer.mermaid(plan), terminator: "")
        case .text: print(Self.summary(plan, path: path), terminator: "")
        }
    }

    static func summary(_ plan: Plan, path: String) -> String {
        let runbook = plan.runbook
        var out = "\(runbook.name) — \(runbook.description)\n  file: \(path)\n\nparameters:\n"
        if runbook.parameters.isEmpty { out += "  (none)\n" }
        let width = runbook.parameters.map(\.name.count).max() ?? 0
        for parameter in runbook.parameters {
            var line = "  \(parameter.name)\(String(repeating: " ", count: width - parameter.name.count))  \(parameter.type.rawValue)"
            if parameter.required { line += ", required" }
            if parameter.secret { line += ", secret" }
            if let allowed = parameter.allowedValues { line += ", one of \(allowed.map(\.interpolated).joined(separator: "|"))" }
            if let description = parameter.description { line += "  — \(description)" }
            out += line + "\n"
        }
        out += "\nsteps (\(plan.nodes.count), layer by layer; mutating actions marked *):\n"
        out += PlanRenderer.text(plan, markingMutationsFrom: BuiltinActions.catalog)
        let described = plan.nodes.filter { $0.step.description != nil }
        if !described.isEmpty {
            out += "\nwhat the steps are for:\n"
            let stepWidth = described.map(\.name.count).max() ?? 0
            for node in described {
                out += "  \(node.name)\(String(repeating: " ", count: stepWidth - node.name.count))  \(node.step.description!)\n"
            }
        }
        return out
    }
}
