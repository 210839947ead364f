import ArgumentParser
import Actions
import RunbookModel

/// `irun list`: the runbooks found by name, with their descriptions and where each came from.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the runbooks found by name (yours first, then the built-in ones), with where each came from."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @OptionGroup var runbooks: RunbookDirectoryOptions

    struct Entry: Encodable {
        var name: String
        var path: String
        var description: String
        var steps: Int
        var valid: Bool
        var errors: Int
        /// `built-in`, or the folder it came from.
        var source: String
    }

    func run() throws {
        let locator = runbooks.locator
        let files = locator.runbookFiles()
        guard !files.isEmpty else {
            throw ValidationError("no runbooks in \(locator.sources.map(\.label).joined(separator: ", ")); pass --runbooks DIR.")
        }
        let entries = files.map { path, source -> Entry in
            let compilation = RunbookCompiler.compile(contentsOf: path, catalog: BuiltinActions.catalog)
            let declared = compilation.runbook?.name ?? ""
            return Entry(name: declared.isEmpty ? RunbookLocator.name(ofFile: path) : declared, path: path,
                         description: compilation.runbook?.description ?? "", steps: compilation.runbook?.steps.count ?? 0,
                         valid: compilation.isValid, errors: compilation.errors.count, source: source.label)
        }
        if format == .json {
            print(try JSONOutput.string(entries), terminator: "")
            return
        }
        let width = entries.map(\.name.count).max() ?? 0
        let sourceWidth = entries.map(\.source.count).max() ?? 0
        for entry in entries {
            let name = entry.name + String(repeating: " ", count: width - entry.name.count)
            let source = entry.source + String(repeating: " ", count: sourceWidth - entry.source.count)
            let status = entry.valid ? "" : "  [invalid: \(entry.errors) error\(entry.errors == 1 ? "" : "s"); irun validate \(entry.path)]"
            print("\(name)  \(source)  \(entry.description)\(status)")
        }
    }
}
