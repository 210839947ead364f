import ArgumentParser

/// `irun sfn`: runbooks on AWS Step Functions.
struct SfnCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sfn",
        abstract: "Run runbooks on AWS Step Functions: deploy, start, approve or deny, import into the audit trail.",
        discussion: """
            irun compiles the runbook into a state machine (irun export NAME --to step-functions)
            that calls EC2, Auto Scaling and Elastic Load Balancing directly, so containment runs
            with no host of ours to keep alive:
              irun sfn deploy ec2-quarantine --role-arn arn:aws:iam::123456789012:role/irun-sfn
              irun sfn start ec2-quarantine --instance i-0abc1234 --wait
              irun sfn approve EXECUTION-ARN stop-instance
              irun sfn import EXECUTION-ARN      then irun report / irun audit verify as for any run
            The role's policy: irun iam-policy ec2-quarantine --for step-functions.
            They use the credentials, region and endpoint the AWS CLI would.
            """,
        subcommands: [SfnDeployCommand.self, SfnStartCommand.self, SfnApproveCommand.self, SfnDenyCommand.self, SfnImportCommand.self]
    )
}
