import Actions
import AuditStore
import Foundation
import Reports
import RunbookModel
import Testing

@Suite("What a report derives: time to contain, outcomes, changes, timeline")
struct ReportModelTests {
    func header(mode: RunMode = .live) -> RunHeader {
        RunHeader(id: "r", runbookName: "x", runbookPath: "x.yaml", runbookSHA256: "", runbookText: "", parameters: [:], mode: mode,
                  provider: "mock", actor: "a", startedAt: at(0))
    }

    func attempt(_ step: String, _ status: StepExecution.Status, action: String = "ec2.isolate", end: Double = 5, undo: String? = nil, reason: String? = nil) -> StepExecution {
        StepExecution(runID: "r", step: step, attempt: 1, status: status, action: action, reason: reason, startedAt: at(1), finishedAt: at(end), undoStatus: undo)
    }

    @Test("time to contain: to the isolate step's end; not contained when it did not succeed; else to the run's end")
    func timeToContain() {
        let ended = RunEvent(runID: "r", time: at(4.25), step: "isolate", attempt: 1, .stepSucceeded(StepOutputs(outputs: [:])))
        let isolated = TimeToContain.measure(header: header(), status: .succeeded, finishedAt: at(9), steps: [attempt("isolate", .succeeded, end: 4.25)], events: [ended], isolateSteps: ["isolate"])
        #expect(isolated.basis == .isolated && isolated.milliseconds == 4250 && isolated.text == "4.2s")

        let failed = TimeToContain.measure(header: header(), status: .failed, finishedAt: at(9), steps: [attempt("isolate", .failed)], events: [], isolateSteps: ["isolate"])
        #expect(failed.basis == .notContained && failed.milliseconds == nil && failed.explanation == "not contained: step 'isolate' (ec2.isolate) failed")

        let notReached = TimeToContain.measure(header: header(), status: .failed, finishedAt: at(9), steps: [], events: [], isolateSteps: ["isolate"])
        #expect(notReached.explanation == "not contained: step 'isolate' (ec2.isolate) not run")

        let dryRun = TimeToContain.measure(header: header(mode: .dryRun), status: .succeeded, finishedAt: at(9), steps: [attempt("isolate", .planned)], events: [], isolateSteps: ["isolate"])
        #expect(dryRun.basis == .notContained && dryRun.explanation == "not contained: dry run: the isolation was only planned")

        let noIsolate = TimeToContain.measure(header: header(), status: .failed, finishedAt: at(9), steps: [], events: [], isolateSteps: [])
        #expect(noIsolate.basis == .runEnded && noIsolate.milliseconds == 9000)

        let open = TimeToContain.measure(header: header(), status: .waitingApproval, finishedAt: nil, steps: [], events: [], isolateSteps: [])
        #expect(open.basis == .open && open.text == "-")
    }

    @Test("outcomes: undo and tolerated failures are told apart; approvals without an attempt show")
    func outcomes() {
        let outcomes = StepOutcome.outcomes(of: [
            attempt("a", .succeeded, undo: "undone"), attempt("b", .succeeded, undo: "undo-failed"), attempt("c", .failed, reason: "tolerated"),
            attempt("d", .failed), attempt("e", .planned),
        ], events: [
            RunEvent(runID: "r", kind: .approvalRequested, time: at(1), step: "f"),
            RunEvent(runID: "r", kind: .approvalRequested, time: at(1), step: "g"),
            RunEvent(runID: "r", kind: .approvalDenied, time: at(2), step: "g", payload: ["actor": "bob"]),
        ])
        #expect(outcomes.mapValues(\.label) == ["a": "undone", "b": "undo failed", "c": "failed (tolerated)", "d": "failed", "e": "planned (dry run)",
                                                 "f": "waiting approval", "g": "denied"])
        #expect(outcomes["b"]?.tone == .failure && outcomes["a"]?.tone == .warning)
    }

    @Test("changes: an unchanged attribute says so, an undone step carries its state, and an unknown mutating action is listed")
    func changes() {
        let protect = StepExecution(runID: "r", step: "protect", attempt: 1, status: .succeeded, action: "ec2.protect", inputs: ["instance": "i-1"],
                                    outputs: ["previousTerminationProtection": true, "previousShutdownBehavior": "terminate"], undoStatus: "undone")
        let custom = StepExecution(runID: "r", step: "custom", attempt: 1, status: .succeeded, action: "ec2.release", inputs: ["run": "x"],
                                   outputs: ["instance": "i-1", "restored": ["groups": 2]])
        let changes = ResourceChanges.changes(in: [protect, custom], catalog: BuiltinActions.catalog)
        #expect(changes.map { "\($0.resource) \($0.attribute): \($0.before) → \($0.after) [\($0.undoStatus ?? "-")]" } == [
            "i-1 termination protection: true → true (unchanged) [undone]",
            "i-1 shutdown behaviour: terminate → stop [undone]",
            #"i-1 outputs: - → {"instance":"i-1","restored":{"groups":2}} [-]"#,
        ])
    }

    @Test("a recorded runbook that no longer compiles still reports, without a graph")
    func noGraph() async throws {
        let store = try AuditDatabase.inMemory()
        let header = RunHeader(id: "r", runbookName: "old", runbookPath: "old.yaml", runbookSHA256: String(repeating: "0", count: 64),
                               runbookText: "name: old\nsteps:\n  a: { action: legacy.thing }\n", parameters: [:], mode: .live, provider: "mock",
                               actor: "a", startedAt: at(0))
        try await store.begin(header, with: RunEvent(runID: "r", kind: .runStarted, time: at(0)))
        let report = try await RunReport.load(run: "r", from: store, options: ReportFixtures.options())
        #expect(report.plan == nil)
        #expect(ReportExporter.render(report, as: .md).contains("No graph: the recorded runbook does not compile with this irun: "))
        #expect(report.json[member: "graph"][member: "available"] == false)
    }

    @Test("Markdown and HTML escape what runs recorded: no injected links, tags or table cells")
    func escaping() {
        let document = ReportDocument(title: "t <b>", blocks: [
            .table(ReportTable(columns: ["A"], rows: [[ReportCell("[x](http://e) | *y* <img src=x>\nz")], [.code("a|`b`")]], emptyText: "")),
        ])
        let markdown = MarkdownRenderer.render(document)
        #expect(markdown.contains(#"| \[x](http://e) \| \*y\* \<img src=x><br>z |"#))
        #expect(markdown.contains("| `` a\\|`b` `` |"))
        let html = HTMLRenderer.render(document)
        #expect(html.contains("<td>[x](http://e) | *y* &lt;img src=x&gt;\nz</td>"))
        #expect(html.contains("<h1>t &lt;b&gt;</h1>"))
    }
}
