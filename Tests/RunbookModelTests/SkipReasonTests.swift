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
            var payload: [String: Value] = ["reason": "whatever sentence people read", "reasonCode": .string(reason.code)]
            if let cause = reason.cause { payload["cause"] = .string(plan.nodes[cause].name) }
            #expect(PlanScheduler.SkipReason(recorded: .object(payload), plan: plan) == reason)
        }
        // An event recorded before codes, or naming a step the plan lacks, is not guessed from its sentence
        #expect(PlanScheduler.SkipReason(recorded: ["reason": "its approval was denied"], plan: plan) == nil)
        #expect(PlanScheduler.SkipReason(recorded: ["reasonCode": "not-chosen", "cause": "gone"], plan: plan) == nil)
    }
}
