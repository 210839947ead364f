public import ArgumentParser

extension ExitCode {
    /// The runbook is invalid, or the run failed.
    public static let failed = ExitCode(1)
    /// The command line was wrong: unknown flag, missing argument, unknown runbook name.
    public static let usage = ExitCode(2)
}
