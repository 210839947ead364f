import AWSClient
import Actions
import Foundation
import RunbookModel
import StepFunctions

/// Follows an execution for `irun sfn start --wait`: reads its history every `interval`,
/// prints each new event as `irun execute` prints its own, and ends with execute's exit code.
struct ExecutionFollower {
    let client: AWSClient
    let plan: Plan
    let executionARN: String
    let fleet: Bool
    let actor: String
    let interval: Duration

    /// Follows until the execution ends or waits for a person.
    ///
    /// - Returns: 0 succeeded, 1 failed (or timed out, or aborted), 3 waiting for approval.
    func follow() async throws -> Int32 {
        let printer = ProgressPrinter(style: ProgressPrinter.style(json: false))
        let name = executionARN.split(separator: ":").last.map(String.init) ?? executionARN
        let header = RunHeader(id: name, runbookName: plan.runbook.name, runbookPath: plan.runbook.source.path, runbookSHA256: "",
                               runbookText: "", parameters: [:], mode: .stepFunctions, provider: "step-functions", actor: actor, startedAt: Date())
        let replay = ExecutionImport(plan: plan, header: header, fleet: fleet, mutatingActions: BuiltinActions.mutating)
        var printed = 0
        let clock = ContinuousClock()
        while true {
            let began = clock.now
            let description = try await client.describeExecution(arn: executionARN)
            let events = try await client.executionHistory(arn: executionARN).map(\.executionEvent)
            let progress = replay.progress(for: events)
            for event in progress.dropFirst(printed) { printer.observe(event) }
            printed = max(printed, progress.count)
            switch description.status {
            case "SUCCEEDED": return 0
            case "RUNNING":
                let waiting = progress.stepsWaitingForApproval
                if !waiting.isEmpty {
                    for step in waiting { print("waiting for approval of \(step): irun sfn approve \(executionARN) \(step)   (or deny)") }
                    return 3
                }
            default:
                printError("execution \(description.status): \(description.error ?? "") \(description.cause ?? "")")
                return 1
            }
            // A long history takes a while to read and replay: waiting at least twice that keeps
            // following it from costing more than a third of a core, or of the service's time.
            try await Task.sleep(for: max(interval, (clock.now - began) * 2))
        }
    }
}
