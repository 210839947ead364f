public import ArgumentParser
import Foundation

/// The `irun` command: incident response runbooks for AWS.
public struct IRun: AsyncParsableCommand {
    /// The version `irun --version` prints, with the git commit the build was made from.
    public static let version = "0.1.0 (commit \(BuildInfo.commit))"

    public static let configuration = CommandConfiguration(
        commandName: "irun",
        abstract: "Security incident response runbooks for AWS, with a tamper-evident audit trail.",
        discussion: """
            Start with:
              irun list                                   the runbooks: yours, then the built-in ones
              irun show ec2-quarantine                    what a runbook does, step by step
              irun runbooks export DIR                    the built-in runbooks, worlds and game days, to customise
              irun validate my-runbook.yaml               check runbooks you write
              irun execute ec2-quarantine --instance i-123
              irun world show                             the simulated AWS account
              irun runs                                   recent runs in the audit database
              irun status RUN                             one run, step by step
              irun report RUN --format html               a report (md, html, json, csv)
              irun audit verify                           check the audit trail
              irun doctor --provider aws                  credentials, region, endpoint, permissions
              irun iam-policy ec2-quarantine              the minimal IAM policy a runbook needs
              irun export ec2-quarantine --to step-functions   the runbook as a Step Functions state machine
              irun sfn deploy|start|approve|deny|import   run it on AWS Step Functions

            Exit codes: 0 ok, 1 failed (invalid runbook, failed run), 2 usage error,
            3 run waiting for approval, 4 run interrupted.
            """,
        version: version,
        subcommands: [ExecuteCommand.self, ValidateCommand.self, ListCommand.self, ShowCommand.self, ActionsCommand.self, WorldCommand.self,
                      RunsCommand.self, StatusCommand.self, ResumeCommand.self, ApproveCommand.self, DenyCommand.self, GameDayCommand.self, ReportCommand.self, AuditCommand.self,
                      DoctorCommand.self, IAMPolicyCommand.self, ExportCommand.self, SfnCommand.self, RunbooksCommand.self, ServeCommand.self, TokenCommand.self]
    )

    public init() {}

    /// Parses the command line, runs the command, and exits with irun's documented codes
    /// (usage errors exit 2, not ArgumentParser's 64).
    public static func main() async {
        await main(CommandLine.arguments.dropFirst().map { $0 })
    }

    /// Runs `irun` with `arguments` and exits.
    ///
    /// - Parameter arguments: The arguments after the program name.
    public static func main(_ arguments: [String]) async -> Never {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            Foundation.exit(0)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if !message.isEmpty {
                if code == .success { print(message) } else { printError(message) }
            }
            Foundation.exit(code == .validationFailure ? ExitCode.usage.rawValue : code.rawValue)
        }
    }
}
