import Actions
import ArgumentParser
import Foundation
import RunbookModel
import StepFunctions

/// `irun iam-policy NAME|FILE`: the minimal IAM policy a runbook needs, from its actions' declared permissions.
struct IAMPolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iam-policy",
        abstract: "Print the minimal IAM policy (JSON) a runbook needs to run with --provider aws.",
        discussion: """
            The policy allows exactly the IAM actions that the runbook's actions declare — for
            running, dry runs, undo and resume — sorted, on Resource "*". Decisions and the
            notify.* and core.* actions need none. A test proves against moto that each EC2
            action calls exactly what it declares. --format text lists which steps need each one.
            Check a principal's permissions with `irun doctor --provider aws`.
            --for step-functions prints the policy of the role the compiled state machine
            (`irun export NAME --to step-functions`) runs as: one action per SDK integration its
            tasks call, read from the definition itself.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, text }
    enum Principal: String, ExpressibleByArgument, CaseIterable { case irun, stepFunctions = "step-functions" }

    @Argument(help: ArgumentHelp("A runbook name (e.g. ec2-quarantine) or file.", valueName: "runbook"))
    var runbook: String

    @Option(help: "json (the policy document, default) or text (each permission with the steps that need it).")
    var format: Format = .json

    @Option(name: .customLong("for"), help: "Who runs the runbook: irun (default) or step-functions (the role of its compiled state machine, fleet form included).")
    var principal: Principal = .irun

    @OptionGroup var runbooks: RunbookDirectoryOptions

    func run() throws {
        if principal == .stepFunctions {
            let machine = try StateMachineCompilation.compile(runbook, directory: runbooks, fleet: true)
            switch format {
            case .json: print(StateMachinePolicy.document(for: machine), terminator: "")
            case .text: for permission in machine.permissions { print(permission) }
            }
            return
        }
        let parsed = try RunbookPlans.plan(runbook, directory: runbooks, outcome: "no policy printed").plan.runbook
        let permissions = RunbookPermissions(parsed)
        if permissions.permissions.isEmpty { printError("note: runbook '\(parsed.name)' calls no AWS action, so it needs no IAM permission") }
        switch format {
        case .json:
            print(permissions.policyJSON(), terminator: "")
        case .text:
            let width = permissions.permissions.map(\.count).max() ?? 0
            for permission in permissions.permissions {
                let kind = RunbookPermissions.isReadOnly(permission) ? "read " : "write"
                print("\(permission.padding(toLength: width, withPad: " ", startingAt: 0))  \(kind)  \(permissions.stepsByPermission[permission, default: []].joined(separator: ", "))")
            }
        }
    }
}
