import Actions
import Foundation
import RunbookModel
import Testing

/// The scheduling semantics, exercised on small graphs through ``PlanScheduler``.
@Suite("Planner and scheduler")
struct PlannerTests {
    /// Runs a plan with every action succeeding unless named in `failing`, decisions choosing
    /// as `choices` says (decision name → branch indices), and `when` false for `falseWhen`.
    func run(_ plan: Plan, failing: [String: Bool] = [:], choices: [String: Set<Int>] = [:], falseWhen: Set<String> = []) -> [String: String] {
        var scheduler = PlanScheduler(plan: plan)
        var ready = scheduler.start()
        var order: [String] = []
        while !ready.isEmpty {
            let index = ready.removeFirst()
            let node = plan.nodes[index]
            order.append(node.name)
            let outcome: PlanScheduler.Outcome
            if falseWhen.contains(node.name) {
                outcome = .skipped(.conditionFalse)
            } else if node.isDecision {
                outcome = .decided(branches: choices[node.name] ?? [])
            } else if let tolerated = failing[node.name] {
                outcome = .failed(tolerated: tolerated)
            } else {
                outcome = .succeeded
            }
            ready += scheduler.complete(index, with: outcome)
        }
        #expect(scheduler.isFinished)
        var result: [String: String] = [:]
        for node in plan.nodes {
            switch scheduler.outcome(of: node.index) {
            case .succeeded?, .decided?: result[node.name] = "ran"
            case .failed?: result[node.name] = "failed"
            case .skipped(let reason)?:
                switch reason {
                case .conditionFalse: result[node.name] = "skipped(when)"
                case .notChosen: result[node.name] = "skipped(not chosen)"
                case .allDependenciesSkipped: result[node.name] = "skipped(needs)"
                case .dependencyFailed: result[node.name] = "skipped(failed)"
                case .approvalDenied: result[node.name] = "skipped(denied)"
                }
            case nil: result[node.name] = "pending"
            }
        }
        return result
    }

    let diamond = header + """
        steps:
          top: { action: core.noop }
          left: { action: core.noop, needs: [top] }
          right: { action: core.noop, needs: [top] }
          join: { action: core.noop, needs: [left, right] }
        """

    @Test("a diamond has three layers and runs every step")
    func diamondLayers() throws {
        let plan = try plan(diamond)
        #expect(plan.layers.map { $0.map { plan.nodes[$0].name } } == [["top"], ["left", "right"], ["join"]])
        #expect(Set(run(plan).values) == ["ran"])
    }

    @Test("a join runs when one of its needs is skipped and the other ran")
    func partiallySkippedJoin() throws {
        let outcome = run(try plan(diamond), falseWhen: ["left"])
        #expect(outcome == ["top": "ran", "left": "skipped(when)", "right": "ran", "join": "ran"])
    }

    @Test("a join whose needs were all skipped is skipped, and so is what follows it")
    func skippedJoinPropagates() throws {
        let plan = try plan(diamond + "\n  after: { action: core.noop, needs: [join] }\n")
        let outcome = run(plan, falseWhen: ["left", "right"])
        #expect(outcome["join"] == "skipped(needs)")
        #expect(outcome["after"] == "skipped(needs)")
    }

    @Test("a failure skips its dependents unless tolerated by on-failure: continue")
    func failures() throws {
        let plan = try plan(diamond)
        #expect(run(plan, failing: ["left": false]) == ["top": "ran", "left": "failed", "right": "ran", "join": "skipped(failed)"])
        #expect(run(plan, failing: ["left": true])["join"] == "ran")
    }

    let decisionInDiamond = header + """
        steps:
          top: { action: core.noop }
          d:
            needs: [top]
            decide:
              - when: run.id == 'a'
                goto: [a1, a2]
              - else: [b]
          a1: { action: core.noop }
          a2: { action: core.noop, needs: [a1] }
          b: { action: core.noop }
          side: { action: core.noop, needs: [top] }
          join: { action: core.noop, needs: [a2, b, side] }
        """

    @Test("a decision inside a diamond: the chosen branch runs, the other is skipped, the join runs")
    func decisionInsideDiamond() throws {
        let plan = try plan(decisionInDiamond)
        #expect(plan.layers.count == 5)
        let first = run(plan, choices: ["d": [0]])
        #expect(first == ["top": "ran", "d": "ran", "a1": "ran", "a2": "ran", "b": "skipped(not chosen)", "side": "ran", "join": "ran"])
        let second = run(plan, choices: ["d": [1]])
        #expect(second == ["top": "ran", "d": "ran", "a1": "skipped(not chosen)", "a2": "skipped(not chosen)", "b": "ran", "side": "ran", "join": "ran"])
    }

    @Test("a decision whose no branch holds skips all its targets; a join of only those is skipped")
    func noBranchChosen() throws {
        let plan = try plan(header + """
            steps:
              d:
                decide:
                  - when: run.id == 'a'
                    goto: [a]
              a: { action: core.noop }
              after: { action: core.noop, needs: [a] }
              independent: { action: core.noop }
            """)
        #expect(run(plan, choices: ["d": []]) == ["d": "ran", "a": "skipped(not chosen)", "after": "skipped(needs)", "independent": "ran"])
    }

    @Test("a skipped decision does not choose its targets")
    func skippedDecision() throws {
        let plan = try plan(header + """
            steps:
              d:
                when: run.id == 'go'
                decide:
                  - else: [a]
              a: { action: core.noop }
            """)
        #expect(run(plan, falseWhen: ["d"]) == ["d": "skipped(when)", "a": "skipped(not chosen)"])
    }

    @Test("the shipped quarantine runbook: terminated instances only get the report")
    func quarantineBranches() throws {
        let compilation = RunbookCompiler.compile(contentsOf: repositoryRoot.appendingPathComponent("Runbooks/ec2-quarantine.yaml").path,
                                                  catalog: BuiltinActions.catalog)
        let plan = try #require(compilation.plan)
        let gone = run(plan, choices: ["triage": [0]])
        #expect(gone["report-gone"] == "ran")
        for step in ["protect", "detach", "deregister", "isolate", "snapshot", "tag", "stop-instance"] {
            #expect(gone[step]?.hasPrefix("skipped") == true, "\(step) must not run on a terminated instance")
        }
        // An instance in no Auto Scaling group and no load balancer: detach and deregister are
        // skipped by their `when`, and isolation still runs after protection.
        let standalone = run(plan, choices: ["triage": [1]], falseWhen: ["detach", "deregister", "note-stopped", "stop-instance"])
        #expect(standalone["isolate"] == "ran" && standalone["tag"] == "ran" && standalone["snapshot"] == "ran")
        // Detach and deregister come before isolate: isolate transitively depends on both.
        let isolate = try #require(plan["isolate"])
        #expect(Set(isolate.needs.map { plan.nodes[$0].name }) == ["protect", "detach", "deregister"])
    }

    @Test("DOT and Mermaid output name every step and edge")
    func renderers() throws {
        let plan = try plan(decisionInDiamond)
        let dot = PlanRenderer.dot(plan)
        #expect(dot.hasPrefix("digraph \"t\" {"))
        #expect(dot.contains("\"d\" -> \"a1\" [style=dashed, label=\"run.id == 'a'\"]"))
        #expect(dot.contains("\"d\" -> \"b\" [style=dashed, label=\"else\"]"))
        #expect(dot.contains("\"a2\" -> \"join\";"))
        let mermaid = PlanRenderer.mermaid(plan)
        #expect(mermaid.hasPrefix("flowchart TD\n"))
        #expect(mermaid.contains("s1{\"d\"}"))
        #expect(mermaid.contains("s1 -.->|\"else\"| s4"))
        #expect(mermaid.contains("s3 --> s6"))
    }
}
