import RunbookModel
import StepFunctions
import Testing

/// What cannot compile is refused by step name, with where and why; nothing is dropped.
struct RefusalTests {
    @Test
    func releaseIsRefusedByName() throws {
        let refusals = try refusals(of: try shippedPlan("ec2-release"))
        let release = try #require(refusals.first { $0.reason.contains("ec2.release") })
        #expect(release.reason.contains("audit store"))
        #expect(release.location?.file.hasSuffix("ec2-release.yaml") == true)
        #expect(release.description.contains(release.subject + ":"))
    }

    @Test
    func everyRefusalIsReportedAtOnce() throws {
        let yaml = """
            name: refusals
            parameters:
              instance: { type: instance-id, required: true }
            steps:
              capture:
                action: ec2.capture
                with: { instance: "${{ params.instance }}" }
              undo:
                needs: [capture]
                action: ec2.release
                with: { run: "r-1" }
              risky:
                needs: [capture]
                action: ec2.protect
                on-failure: compensate
                with: { instance: "${{ params.instance }}" }
              eni:
                needs: [capture]
                when: len(steps.capture.output.networkInterfaces) > 1
                action: notify.log
                with: { message: "many interfaces" }
            """
        let refusals = try refusals(of: try plan(yaml, path: "refusals.yaml"))
        #expect(Set(refusals.map(\.subject)) == ["undo", "risky", "eni"])
        let eni = try #require(refusals.first { $0.subject == "eni" })
        #expect(eni.reason.contains("networkInterfaces") && eni.reason.contains("ec2.capture"))
        #expect(eni.location?.line == 19)
        #expect(refusals.first { $0.subject == "risky" }?.reason.contains("compensate") == true)
    }

    @Test
    func computedComparisonsAreRefused() throws {
        let yaml = """
            name: computed
            parameters:
              instance: { type: instance-id, required: true }
              other: { type: string }
            steps:
              capture:
                action: ec2.capture
                with: { instance: "${{ params.instance }}" }
              odd:
                needs: [capture]
                when: steps.capture.output.vpcId == params.other
                action: notify.log
                with: { message: "same" }
            """
        let refusal = try #require(try refusals(of: try plan(yaml)).first)
        #expect(refusal.subject == "odd")
        #expect(refusal.reason.contains("constant"))
    }

    @Test
    func supportedConditionsCompile() throws {
        let yaml = """
            name: conditions
            parameters:
              instance: { type: instance-id, required: true }
              stop: { type: bool, default: false }
              limit: { type: int, default: 3 }
            steps:
              capture:
                action: ec2.capture
                with: { instance: "${{ params.instance }}" }
              note:
                needs: [capture]
                when: "!params.stop && (params.limit >= 2 || startsWith(steps.capture.output.vpcId, 'vpc-')) && steps.capture.output.state != 'stopped'"
                action: notify.log
                with: { message: "instance ${{ params.instance }} in ${{ steps.capture.output.vpcId }}" }
            """
        let machine = try StepFunctionsCompiler.compile(try plan(yaml))
        let guardRule = try #require(machine.definition.state("note.when")).rendered(pretty: false)
        #expect(guardRule.contains(#""NumericGreaterThanEquals":2"#))
        #expect(guardRule.contains(#""StringMatches":"vpc-*""#))
        #expect(guardRule.contains(#""BooleanEquals":true"#))
        let message = try #require(machine.definition.state("note.output")?["Parameters"]?["message.$"])
        #expect(message == .string("States.Format('instance {} in {}', $.params.instance, $.steps.capture.vpcId)"))
    }

    private func refusals(of plan: Plan) throws -> [CompileRefusal] {
        do {
            _ = try StepFunctionsCompiler.compile(plan)
        } catch {
            return error.refusals
        }
        Issue.record("the runbook compiled")
        return []
    }
}
