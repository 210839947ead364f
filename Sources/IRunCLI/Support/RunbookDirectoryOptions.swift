import ArgumentParser

/// `--runbooks DIR`, shared by the commands that look runbooks up by name.
struct RunbookDirectoryOptions: ParsableArguments {
    @Option(name: .customLong("runbooks"), help: ArgumentHelp(
        "A folder searched first for runbooks, worlds/ and gamedays/ by name; then $IRUN_RUNBOOKS, ./Runbooks, ~/.config/irun/runbooks, and the built-in ones.", valueName: "dir"))
    var directory: String?

    var locator: RunbookLocator { RunbookLocator(option: directory) }
}
