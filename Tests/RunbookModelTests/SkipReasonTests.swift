import Foundation
import RunbookModel
import Testing

@Suite("Skip reasons are recorded as codes a resume reads back")
struct SkipReasonTests {
    @Test func everyReasonRoundTripsThroughItsCodeAndCause() throws {
        let plan = try plan("""
            name: reasons
            steps:
              check: { action: notify.log, with: { message: "look" } }
              pick:
                needs: [check]
                decide:
                  - when: steps.check.output.message == "yes"
                    goto: [left]
                  - else: [right]
              left: { needs: [pick], action: core.noop }
              right: { needs: [pick], action: core.noop }
            """)
        let pick = try #require(plan.index(of: "pick")), check = try #require(plan.index(of: "check"))
        let reasons: [PlanScheduler.SkipReason] = [.conditionFalse, .notChosen(decision: pick), .allDependenciesSkipped, .dependencyFailed(check), .approvalDenied]
        for reason in reasons {
            // Through the payload the chain stores, as a resume reads it
            let recorded = RunEventDetails.stepSkipped(StepSkipped(reason: "whatever sentence people read", reasonCode: reason.code, cause: reason.cause.map { plan.nodes[$0].name }))
            guard case .stepSkipped(let skipped) = try RunEventDetails(kind: .stepSkipped, payload: recorded.payload) else { Issue.record("not a skip"); continue }
            #expect(PlanScheduler.SkipReason(recorded: skipped, plan: plan) == reason)
        }
        // An event recorded before codes, or naming a step the plan lacks, is not guessed from its sentence
        #expect(PlanScheduler.SkipReason(recorded: StepSkipped(reason: "its approval was denied", reasonCode: nil), plan: plan) == nil)
        #expect(PlanScheduler.SkipReason(recorded: StepSkipped(reason: "", reasonCode: "not-chosen", cause: "gone"), plan: plan) == nil)
    }
}
