public import ArgumentParser

extension ExitCode {
    /// The runbook is invalid, or the run failed.
    public static let failed = ExitCode(1)
    /// The command line was wrong: unknown flag, missing argument, unknown runbook name.
    public static let usage = ExitCode(2)
    /// The run paused: a step waits for `irun approve` or `irun deny`.
    public static let waitingApproval = ExitCode(3)
    /// The run was interrupted (Ctrl-C); `irun resume` continues it.
    public static let interrupted = ExitCode(4)
}
