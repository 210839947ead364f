import ArgumentParser
import Foundation
import MockAWS

/// `irun world show [FILE]`: a world's instances, groups and load balancers, as a table or JSON.
struct WorldShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a world's instances, Auto Scaling groups, load balancers and target groups.",
        discussion: """
            Without FILE, shows the built-in default world (Runbooks/worlds/default.yaml). FILE is a path, or the name of a world in the runbook directory's worlds/ folder (e.g. default).

            An invalid file gets every error as file:line:column with a fix, and exit code 1. --format json prints the shape documented in Runbooks/worlds/README.md.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    @Argument(help: ArgumentHelp("A world file, or the name of one in <runbooks>/worlds/ (default: the built-in world).", valueName: "file"))
    var file: String?

    @Option(help: "Output format: table or json.")
    var format: Format = .table

    @OptionGroup var runbooks: RunbookDirectoryOptions

    func run() throws {
        let spec: WorldSpec
        if let file {
            let path = try worldPath(for: file)
            let result = WorldFileLoader.load(contentsOf: URL(fileURLWithPath: path))
            guard let parsed = result.spec else {
                var printer = DiagnosticPrinter()
                for diagnostic in result.diagnostics { printError(printer.render(diagnostic)) }
                let count = result.errors.count
                printError("\(path): invalid world file (\(count) error\(count == 1 ? "" : "s")).")
                throw ExitCode.failed
            }
            spec = parsed
        } else {
            spec = WorldSpec.defaultWorld()
        }
        let world: World
        do {
            world = try World(spec: spec)
        } catch {
            // The loader has already checked every problem World(spec:) checks.
            printError("error: \(error)")
            throw ExitCode.failed
        }
        let summary = WorldSummary(world: world, description: spec.description)
        print(format == .json ? try JSONOutput.string(summary) : WorldTable.render(summary), terminator: "")
    }

    /// A path as given, or `worlds/<name>.yaml` in the first runbook folder that has it.
    func worldPath(for reference: String) throws -> String {
        if reference.contains("/") || reference.hasSuffix(".yaml") || reference.hasSuffix(".yml") { return reference }
        let directories = runbooks.locator.worldsDirectories
        for directory in directories {
            for ext in ["yaml", "yml"] {
                let candidate = (directory as NSString).appendingPathComponent("\(reference).\(ext)")
                if FileManager.default.fileExists(atPath: candidate) { return candidate }
            }
        }
        throw ValidationError("no world named '\(reference)' in \(directories.joined(separator: ", ")); give a path to a world file.")
    }
}
