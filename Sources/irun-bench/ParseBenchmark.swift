import Actions
import RunbookModel

/// `irun-bench parse`: parse + validate + plan of a generated runbook, timed over many runs.
enum ParseBenchmark {
    /// A valid runbook of `steps` steps shaped like real ones: chains and fan-in through
    /// `needs`, a decision every 20 steps with a join after it, interpolated inputs and
    /// `when` conditions that read upstream outputs.
    static func generateRunbook(steps count: Int) -> String {
        var yaml = """
            name: generated
            description: A generated runbook for benchmarking.
            parameters:
              instance: { type: instance-id, required: true }
              case: { type: string, default: "IR-${{ run.id }}" }
            steps:

            """
        var index = 0
        func name(_ i: Int) -> String { "s\(i)" }
        while index < count {
            if index > 0, index % 20 == 0, index + 3 < count {
                // A decision choosing one of two steps, then a join of both.
                yaml += """
                      \(name(index)):
                        needs: [\(name(index - 1))]
                        decide:
                          - when: steps.\(name(index - 2)).output.message != '' && params.instance in ['i-1', 'i-2']
                            goto: [\(name(index + 1))]
                          - else: [\(name(index + 2))]
                      \(name(index + 1)): { action: core.noop }
                      \(name(index + 2)): { action: notify.log, with: { message: "else branch for ${{ params.instance }}" } }
                      \(name(index + 3)): { action: notify.log, needs: [\(name(index + 1)), \(name(index + 2))], with: { message: "joined ${{ params.case }}" } }

                    """
                index += 4
                continue
            }
            var needs: [String] = []
            if index > 0 { needs.append(name(index - 1)) }
            if index > 7, index % 3 == 0 { needs.append(name(index - 7)) }
            let needsText = needs.isEmpty ? "" : ", needs: [\(needs.joined(separator: ", "))]"
            if index % 2 == 0 {
                yaml += "  \(name(index)): { action: notify.log\(needsText), with: { message: \"step \(index) on ${{ params.instance }}\" } }\n"
            } else {
                let when = index > 1 ? ", when: \"len(params.case) > 0 || startsWith(params.instance, 'i-')\"" : ""
                yaml += "  \(name(index)): { action: core.noop\(needsText)\(when), timeout: 30s, retry: { attempts: 3, backoff: exponential, initial: 1s, max: 10s } }\n"
            }
            index += 1
        }
        return yaml
    }

    static func run(arguments: [String]) throws {
        let steps = try Options.int("--steps", in: arguments, default: 1000)
        let iterations = try Options.int("--iterations", in: arguments, default: 30)
        let text = generateRunbook(steps: steps)
        let clock = ContinuousClock()

        // One untimed run to check the runbook is valid and warm caches.
        let check = RunbookCompiler.compile(text: text, path: "generated.yaml", catalog: BuiltinActions.catalog)
        guard let plan = check.plan else {
            throw BenchmarkError("generated runbook is invalid: \(check.errors.prefix(3).map(\.description))")
        }
        var samples: [Duration] = []
        for _ in 0..<iterations {
            let elapsed = clock.measure {
                let compilation = RunbookCompiler.compile(text: text, path: "generated.yaml", catalog: BuiltinActions.catalog)
                precondition(compilation.plan != nil)
            }
            samples.append(elapsed)
        }
        let stats = Statistics(samples)
        let loadOnly = Statistics((0..<iterations).map { _ in clock.measure { _ = RunbookLoader.load(text: text, path: "generated.yaml") } })
        let loaded = RunbookLoader.load(text: text, path: "generated.yaml")
        let validateOnly = Statistics((0..<iterations).map { _ in clock.measure { _ = RunbookValidator.validate(loaded.runbook!, catalog: BuiltinActions.catalog) } })
        print("parse+validate+plan of a generated \(plan.nodes.count)-step runbook (\(text.utf8.count / 1024) KiB, \(plan.layers.count) layers, \(plan.decisions.count) decisions)")
        print("  iterations: \(iterations)")
        print("  median: \(stats.median.milliseconds) ms   p95: \(stats.p95.milliseconds) ms   min: \(stats.min.milliseconds) ms")
        print("  of which load (YAML + model): \(loadOnly.median.milliseconds) ms, validate + plan: \(validateOnly.median.milliseconds) ms")
        print("  target: < 50 ms (median)  \(stats.median < .milliseconds(50) ? "MET" : "MISSED")")
    }
}
