import ArgumentParser
import Foundation
import StepFunctions

/// `irun export NAME --to step-functions`: the runbook as an Amazon States Language definition.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Compile a runbook for another engine: --to step-functions prints its state machine (ASL JSON).",
        discussion: """
            The definition calls EC2, Auto Scaling, Elastic Load Balancing and SQS through Step
            Functions' AWS SDK integrations (no Lambda), in the runbook's order and with its
            guards, retries, failure policies and approvals. Its input is
            {"params": {...}, "irun": {"approvalQueueUrl": ...}}; --fleet compiles the form that
            takes {"params": {...}, "instances": [...], "irun": {"maxErrors": N}}.
            The role it runs as needs `irun iam-policy NAME --for step-functions`.
            A step that cannot compile is named with the reason, and nothing is written.
            """
    )

    enum Target: String, ExpressibleByArgument, CaseIterable { case stepFunctions = "step-functions" }

    @Argument(help: ArgumentHelp("A runbook name (e.g. ec2-quarantine) or file.", valueName: "runbook"))
    var runbook: String

    @Option(help: "The engine to compile for: step-functions.")
    var to: Target

    @Flag(help: "Compile the fleet form: a Map over the input's \"instances\".")
    var fleet = false

    @Option(name: .customLong("max-concurrency"), help: "Fleet form: at most N instances at once (default 10).")
    var maxConcurrency = 10

    @Option(help: "Write the definition to FILE (atomically) instead of standard output.")
    var output: String?

    @OptionGroup var runbooks: RunbookDirectoryOptions

    func validate() throws {
        guard (1...1000).contains(maxConcurrency) else { throw ValidationError("--max-concurrency must be 1 to 1000, not \(maxConcurrency).") }
    }

    func run() async throws {
        let machine = try StateMachineCompilation.compile(runbook, directory: runbooks, fleet: fleet, maxConcurrency: maxConcurrency)
        try await OutputDestination(path: output).write(machine.json)
        if output != nil { printError("wrote \(output!): \(machine.runbook)\(fleet ? " (fleet)" : ""), \(machine.json.utf8.count) bytes (limit \(StateMachineLimits.definitionBytes))") }
    }
}
