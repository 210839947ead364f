import Foundation
import RunbookModel
import StepFunctions
import Testing

/// An execution's history becomes the events a local run of the same runbook records.
struct ExecutionImportTests {
    static let yaml = """
        name: replay
        parameters:
          instance: { type: instance-id, required: true }
        steps:
          capture:
            action: ec2.capture
            with: { instance: "${{ params.instance }}" }
          gate:
            needs: [capture]
            approval: "Protect ${{ params.instance }}?"
            action: ec2.protect
            with: { instance: "${{ params.instance }}" }
          note:
            needs: [capture]
            when: steps.capture.output.state == 'stopped'
            action: notify.log
            with: { message: "stopped" }
          tag:
            needs: [gate]
            action: ec2.tag
            with: { instance: "${{ params.instance }}" }
        """

    /// A history: each event follows the one before it.
    private func history(_ events: [(type: String, state: String?, input: String?, output: String?, error: String?, cause: String?)]) -> [ExecutionEvent] {
        events.enumerated().map { index, event in
            ExecutionEvent(id: index + 1, previousID: index, time: Date(timeIntervalSince1970: 1_800_000_000 + Double(index)), type: event.type,
                           state: event.state, input: event.input, output: event.output, error: event.error, cause: event.cause)
        }
    }

    private func importer() throws -> ExecutionImport {
        let plan = try plan(Self.yaml)
        let header = RunHeader(id: "run-1", runbookName: "replay", runbookPath: "replay.yaml", runbookSHA256: "ab", runbookText: Self.yaml,
                               parameters: ["instance": "i-1"], mode: .stepFunctions, provider: "step-functions", actor: "me", startedAt: Date())
        return ExecutionImport(plan: plan, header: header, fleet: false, mutatingActions: ["ec2.protect", "ec2.tag"])
    }

    private func events(_ writes: [ImportedWrite]) -> [RunEvent] {
        writes.flatMap { write -> [RunEvent] in
            switch write {
            case .begin(_, let event): [event]
            case .append(let events): events
            case .evidence: []
            }
        }
    }

    @Test func retriesDenialsAndSkipsAreReplayed() throws {
        let input = #"{"params":{"instance":"i-1"},"irun":{},"steps":{}}"#
        let throttled = "Rate exceeded (Service: Ec2, Status Code: 400, Error Code: RequestLimitExceeded, Request ID: r)"
        let writes = try importer().writes(for: history([
            ("ExecutionStarted", nil, input, nil, nil, nil),
            ("PassStateEntered", "capture", input, nil, nil, nil),
            ("TaskStateEntered", "capture.describe-instance", nil, nil, nil, nil),
            ("TaskScheduled", nil, nil, nil, nil, nil),
            ("TaskFailed", nil, nil, nil, "Ec2.Ec2Exception", throttled),
            ("TaskScheduled", nil, nil, nil, nil, nil),
            ("TaskSucceeded", nil, nil, "{}", nil, nil),
            ("PassStateExited", "capture.output", nil, #"{"steps":{"capture":{"state":"running","instanceId":"i-1","description":{"InstanceId":"i-1"}}}}"#, nil, nil),
            ("TaskStateEntered", "gate.approval", nil, nil, nil, nil),
            ("TaskScheduled", nil, nil, nil, nil, nil),
            ("TaskFailed", nil, nil, nil, "irun.ApprovalDenied", #"{"actor":"bob","reason":"not now"}"#),
            ("PassStateEntered", "gate.denied", nil, nil, nil, nil),
            ("ChoiceStateEntered", "note.when", nil, nil, nil, nil),
            ("PassStateEntered", "note.condition-false", nil, nil, nil, nil),
            ("PassStateEntered", "tag.dependencies-skipped", nil, nil, nil, nil),
            ("ExecutionSucceeded", nil, nil, nil, nil, nil),
        ]), status: "SUCCEEDED")
        let recorded = events(writes)
        #expect(recorded.map(\.kind) == [.runStarted, .stepStarted, .stepRetrying, .stepSucceeded, .approvalRequested, .approvalDenied,
                                         .stepSkipped, .stepSkipped, .stepSkipped, .runFinished])
        #expect(recorded[1].payload[member: "inputs"][member: "instance"] == "i-1")
        #expect(recorded[2].payload[member: "code"] == "RequestLimitExceeded")
        // The description is evidence, not an output.
        #expect(recorded[3].payload[member: "outputs"][member: "state"] == "running")
        #expect(recorded[3].payload[member: "outputs"][member: "description"] == .null)
        let evidence = writes.compactMap { if case .evidence(let artifact) = $0 { artifact } else { nil } }
        #expect(evidence.map(\.name) == ["instance-description"] && evidence.first?.step == "capture")
        let content = String(decoding: try #require(evidence.first).content, as: UTF8.self)
        #expect(content.contains(#""InstanceId": "i-1""#))
        #expect(recorded[4].payload[member: "message"] == "Protect i-1?")
        #expect(recorded[5].payload[member: "actor"] == "bob" && recorded[5].payload[member: "reason"] == "not now")
        #expect(recorded[6...8].map { $0.payload[member: "reasonCode"] } == ["approval-denied", "condition-false", "dependencies-skipped"])
        #expect(recorded[9].payload[member: "status"] == "succeeded")
    }

    @Test func theErrorThatEndedTheExecutionFailsItsStepWithTheCodeFromTheCause() throws {
        let input = #"{"params":{"instance":"i-1"},"irun":{},"steps":{}}"#
        let missing = "The instance ID 'i-1' does not exist (Service: Ec2, Status Code: 400, Error Code: InvalidInstanceID.NotFound, Request ID: r)"
        let recorded = events(try importer().writes(for: history([
            ("ExecutionStarted", nil, input, nil, nil, nil),
            ("PassStateEntered", "capture", input, nil, nil, nil),
            ("TaskStateEntered", "capture.describe-instance", nil, nil, nil, nil),
            ("TaskScheduled", nil, nil, nil, nil, nil),
            ("TaskFailed", nil, nil, nil, "Ec2.Ec2Exception", missing),
            ("ExecutionFailed", nil, nil, nil, "Ec2.Ec2Exception", missing),
        ]), status: "FAILED"))
        #expect(recorded.map(\.kind) == [.runStarted, .stepStarted, .stepFailed, .runFinished])
        #expect(recorded[2].payload[member: "code"] == "InvalidInstanceID.NotFound" && recorded[2].payload[member: "tolerated"] == false)
        #expect(recorded[3].payload[member: "status"] == "failed" && recorded[3].payload[member: "reason"] == "capture: InvalidInstanceID.NotFound")
    }

    @Test func aRunningExecutionIsNotImported() throws {
        #expect(throws: ImportRefusal.self) { try importer().writes(for: [], status: "RUNNING") }
    }
}
