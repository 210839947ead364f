import ArgumentParser
import Foundation

/// `irun runbooks export DIR`: the built-in runbooks, worlds and game days, written out to start customising.
struct RunbooksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runbooks",
        abstract: "Work with the runbooks, worlds and game days irun ships.",
        subcommands: [Export.self]
    )

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write the built-in runbooks, worlds and game-day scenarios to a folder, to start customising them.",
            discussion: """
                The files keep their layout: runbooks at the top, worlds/, gamedays/ (and the runbooks
                only scenarios use, in gamedays/runbooks/), with the language references. Put the
                folder at ~/.config/irun/runbooks (or $XDG_CONFIG_HOME/irun/runbooks), or pass it as
                --runbooks or $IRUN_RUNBOOKS: a file there shadows the built-in one of the same name.
                Nothing is replaced unless --force; if any file exists, nothing is written.
                """
        )

        @Argument(help: ArgumentHelp("The folder to write into (created if missing).", valueName: "dir"))
        var directory: String

        @Flag(help: "Replace files that exist already.")
        var force = false

        func run() throws {
            do {
                let written = try BuiltinLibrary.export(to: URL(fileURLWithPath: directory), overwrite: force)
                print("wrote \(written.count) files to \(directory)")
            } catch let error as CLIError {
                printError("error: \(error.description)")
                throw ExitCode(error.exitCode)
            }
        }
    }
}
