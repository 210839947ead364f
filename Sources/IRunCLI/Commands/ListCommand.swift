import ArgumentParser
import Actions
import RunbookModel

/// `irun list`: the runbooks in the runbook directory, with their descriptions.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the runbooks in the runbook directory."
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
    }

    func run() throws {
        let locator = runbooks.locator
        let files = locator.runbookFiles()
        guard !files.isEmpty else {
            throw ValidationError("no runbooks in \(locator.directory)/; run irun from the repository root, or pass --runbooks DIR.")
        }
        let entries = files.map { path -> Entry in
            let compilation = RunbookCompiler.compile(contentsOf: path, catalog: BuiltinActions.catalog)
            let declared = compilation.runbook?.name ?? ""
            return Entry(name: declared.isEmpty ? RunbookLocator.name(ofFile: path) : declared, path: path,
                         description: compilation.runbook?.description ?? "", steps: compilation.runbook?.steps.count ?? 0,
                         valid: compilation.isValid, errors: compilation.errors.count)
        }
        if format == .json {
            print(try JSONOutput.string(entries), terminator: "")
            return
        }
        let width = entries.map(\.name.count).max() ?? 0
        for entry in entries {
            let name = entry.name + String(repeating: " ", count: width - entry.name.count)
            let status = entry.valid ? "" : "  [invalid: \(entry.errors) error\(entry.errors == 1 ? "" : "s"); irun validate \(entry.path)]"
            print("\(name)  \(entry.description)\(status)")
        }
    }
}
