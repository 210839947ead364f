import ArgumentParser

/// `--runbooks DIR`, shared by the commands that look runbooks up by name.
struct RunbookDirectoryOptions: ParsableArguments {
    @Option(name: .customLong("runbooks"), help: ArgumentHelp(
        "Directory of runbooks looked up by name (default: $IRUN_RUNBOOKS, else ./Runbooks).", valueName: "dir"))
    var directory: String?

    var locator: RunbookLocator { RunbookLocator(option: directory) }
}
