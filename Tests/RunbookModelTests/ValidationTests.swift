import Actions
import Foundation
import RunbookModel
import Testing

@Suite("Validation")
struct ValidationTests {
    @Test("every error in a file is reported, not just the first")
    func reportsAllErrors() {
        // Given a runbook with five independent mistakes
        let yaml = header + """
            parameters:
              n: { type: int, default: ten }
            steps:
              a: { action: ec2.isolte }
              b: { action: core.noop, needs: [zz] }
              c: { action: core.noop, timeout: soon }
              d: { action: core.noop, when: "params.m == 1" }
            """
        // When it is compiled
        let compilation = compile(yaml)
        // Then each mistake has its own error, in file order
        #expect(compilation.errorSummary == [
            "type-mismatch@4:3", "unknown-action@6:16", "unknown-step@7:35", "invalid-value@8:36", "unknown-parameter@9:34",
        ])
        #expect(compilation.plan == nil)
    }

    @Test("unknown keys suggest the closest valid key")
    func didYouMean() throws {
        let compilation = compile(header + "steps:\n  a:\n    action: core.noop\n    on-falure: continue\n")
        let error = try #require(compilation.errors.first)
        #expect(error.code == .unknownKey)
        #expect(error.message == "unknown key 'on-falure' in step 'a'; did you mean 'on-failure'?")
        #expect(error.fix == "rename it to `on-failure`")
    }

    @Test("a cycle is named in full, in the order steps would run")
    func namesCycle() throws {
        let compilation = compile(header + """
            steps:
              a: { action: core.noop, needs: [c] }
              b: { action: core.noop, needs: [a] }
              c: { action: core.noop, needs: [b] }
            """)
        let error = try #require(compilation.errors.first)
        #expect(error.code == .cycle)
        #expect(error.message == "steps depend on each other in a cycle: a → b → c → a")
        #expect(error.location?.line == 5, "at the `needs: [a]` of b, which closes the cycle")
    }

    @Test("reading a step's output requires running after it")
    func outputMustBeUpstream() throws {
        let yaml = header + """
            parameters:
              instance: { type: instance-id, required: true }
            steps:
              capture: { action: ec2.capture, with: { instance: "${{ params.instance }}" } }
              early: { action: notify.log, with: { message: "state ${{ steps.capture.output.state }}" } }
              late: { action: notify.log, needs: [capture], with: { message: "state ${{ steps.capture.output.state }}" } }
            """
        let compilation = compile(yaml)
        #expect(compilation.errorSummary == ["output-not-upstream@7:60"])
        #expect(compilation.errors.first?.fix == "add 'capture' to the `needs` of 'early'")
    }

    @Test("steps chosen by a decision may read what the decision needed")
    func gatedStepsSeeDecisionAncestors() throws {
        let plan = try plan(header + """
            parameters:
              instance: { type: instance-id, required: true }
            steps:
              capture: { action: ec2.capture, with: { instance: "${{ params.instance }}" } }
              d:
                needs: [capture]
                decide:
                  - when: steps.capture.output.state == 'stopped'
                    goto: [note]
              note: { action: notify.log, with: { message: "${{ steps.capture.output.state }}" } }
            """)
        #expect(plan.nodes.count == 3)
    }

    @Test("input types are checked for literals and for whole-value interpolations")
    func inputTypes() {
        let yaml = header + """
            parameters:
              flag: { type: bool }
              instance: { type: instance-id, required: true }
            steps:
              a: { action: ec2.isolate, with: { instance: "${{ params.flag }}" } }
              b: { action: core.wait, with: { duration: forever } }
              c: { action: ec2.isolate, with: { instance: "${{ params.instance }}", force: "${{ params.flag }}" } }
            """
        #expect(compile(yaml).errorSummary == ["type-mismatch@7:37", "type-mismatch@8:35"])
    }

    @Test("comparisons of values that can never be equal are warnings")
    func alwaysFalseEquality() throws {
        let compilation = compile(header + "parameters:\n  n: { type: int }\nsteps:\n  a: { action: core.noop, when: \"params.n == 'three'\" }\n")
        #expect(compilation.errors.isEmpty)
        let warning = try #require(compilation.diagnostics.first)
        #expect(warning.severity == .warning && warning.code == .typeMismatch)
        #expect(compilation.isValid)
    }

    @Test("a goto target whose need lies on another branch conflicts")
    func conflictingGoto() {
        let compilation = compile(header + """
            steps:
              d:
                decide:
                  - when: run.id == 'x'
                    goto: [a]
                  - else: [b]
              a: { action: core.noop, needs: [b] }
              b: { action: core.noop }
            """)
        #expect(compilation.errorSummary == ["conflicting-goto@9:35"])
    }

    @Test("steps behind impossible branches can never run")
    func unreachable() {
        let compilation = compile(header + """
            steps:
              d:
                decide:
                  - when: true
                    goto: [a]
                  - else: [b]
              a: { action: core.noop }
              b: { action: core.noop }
              c: { action: core.noop, needs: [b] }
            """)
        #expect(compilation.errorSummary == ["unreachable@10:3", "unreachable@11:3"], "b is behind the impossible else; c needs only b")
    }

    @Test("a parameter default may interpolate run fields but not other parameters")
    func parameterDefaults() {
        let ok = compile(header + "parameters:\n  case: { type: string, default: \"IR-${{ run.id }}\" }\nsteps:\n  a: { action: core.noop }\n")
        #expect(ok.isValid)
        let bad = compile(header + "parameters:\n  a: { type: string }\n  case: { type: string, default: \"${{ params.a }}\" }\nsteps:\n  s: { action: core.noop }\n")
        #expect(bad.errors.map(\.code) == [.unknownParameter])
    }

    @Test("YAML 1.2 scalars: quoted values stay text and `no` is not false")
    func scalarResolution() throws {
        let plan = try plan(header + """
            parameters:
              answer: { type: string, default: no }
              quoted: { type: string, default: "true" }
              n: { type: int, default: 0123 }
            steps:
              a: { action: core.noop }
            """)
        let defaults = plan.runbook.parameters.map { $0.defaultValue?.literalValue }
        #expect(defaults == ["no", "true", 123])
    }

    @Test("YAML 1.2 pitfalls in approvals and retries are caught or made safe")
    func approvalAndRetryPitfalls() throws {
        // `approval: no` is the text "no" in YAML 1.2, not false: refuse it rather than gate on a question "no"
        let approval = compile(header + "steps:\n  a: { action: core.noop, approval: no }\n")
        #expect(approval.errorSummary == ["invalid-value@4:37"])
        // `initial` above the default cap raises the cap instead of shrinking every delay
        let retry = try plan(header + "steps:\n  a: { action: core.noop, retry: { initial: 30s } }\n")
        #expect(retry.nodes[0].step.retry?.maximum.milliseconds == 30_000)
        // an interpolated default is text, so it cannot default an int
        let typed = compile(header + "parameters:\n  n: { type: int, default: \"${{ run.id }}\" }\nsteps:\n  a: { action: core.noop }\n")
        #expect(typed.errors.map(\.code) == [.typeMismatch])
    }
}
