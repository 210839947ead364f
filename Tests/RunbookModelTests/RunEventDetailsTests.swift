import Foundation
import RunbookModel
import Testing

@Suite("Typed event payloads")
struct RunEventDetailsTests {
    /// One of every kind, with optional parts both present and absent.
    static let samples: [RunEventDetails] = [
        .runStarted(RunStarted(runbook: "ec2-quarantine", sha256: "ab12", mode: .live, provider: "mock", actor: "alice", parameters: ["instance": "i-123", "case": "[redacted]"])),
        .runStarted(RunStarted(runbook: "ec2-quarantine", sha256: "ab12", mode: .live, provider: "aws us-east-1", actor: "alice", parameters: [:],
                               actingAs: "arn:aws:sts::210987654321:assumed-role/IR/night", fleet: ["targets": ["i-1", "i-2"], "maxErrors": "10%", "apiShare": .double(0.5)])),
        .runResumed(RunResumed(actor: "bob")),
        .runResumed(RunResumed(actor: "bob", actingAs: "instance profile role ir-bastion")),
        .runWaiting(RunWaiting(steps: ["g1", "g2"])),
        .runInterrupted(RunEnded()),
        .runFinished(RunEnded(status: .succeeded)),
        .runFinished(RunEnded(status: .failed, reason: "isolate: UnauthorizedOperation: no")),
        .runFinished(RunEnded(status: .failed, reason: "1 not-started", targets: 2, counts: ["succeeded": 1, "not-started": 1],
                              children: [FleetChild(instance: "i-1", run: "r.i-1", status: "succeeded"), FleetChild(instance: "i-2", run: nil, status: "not-started")],
                              throttledCalls: 0, calls: ["ec2": 12])),
        .runTakenOver(RunTakenOver(reason: "owner-exited", previousHost: "a", previousPid: 7, previousActor: "alice", host: "a", pid: 8, actor: "bob")),
        .stepStarted(StepStarted(action: "ec2.isolate", inputs: ["instance": "i-123", "retries": 3], mutates: true)),
        .stepRetrying(StepError(code: "RequestLimitExceeded", message: "slow down", delayMs: 250)),
        .stepSucceeded(StepOutputs(outputs: ["groups": ["sg-1"], "changed": true])),
        .stepFailed(StepFailed(code: "InvalidInstanceID.NotFound", message: "gone", tolerated: false)),
        .stepSkipped(StepSkipped(reason: "its approval was denied", reasonCode: "approval-denied")),
        .stepSkipped(StepSkipped(reason: "check failed", reasonCode: "dependency-failed", cause: "check")),
        .stepDecided(StepDecided(branch: 2, chosen: ["contain"])),
        .stepPlanned(StepPlanned(inputs: ["instance": "i-123"], wouldDo: "move eni-1 to sg-q")),
        .stepReconciled(StepReconciled(outcome: .completed, outputs: ["changed": true])),
        .stepReconciled(StepReconciled(outcome: .notDone)),
        .approvalRequested(ApprovalRequested(message: "Stop it?")),
        .approvalRequested(ApprovalRequested(message: "Stop it?", timeout: "15m")),
        .approvalGranted(ApprovalDecided(actor: "alice", reason: "")),
        .approvalDenied(ApprovalDecided(actor: "bob", reason: "prod")),
        .compensationStarted(StepNames(steps: ["tag", "isolate"])),
        .undoStarted,
        .undoSucceeded(StepOutputs(outputs: [:])),
        .undoFailed(StepError(code: "DependencyViolation", message: "in use")),
        .evidenceRecorded(EvidenceRecorded(artifact: "capture.json", kind: "instance-metadata", sha256: "ff", size: 512)),
        .actionLogged(ActionLogged(level: .warning, message: "original groups are unknown")),
        .findingReceived(FindingReceived(delivery: "7f0d4c2e", artifact: "event-7f0d4c2e", finding: Finding(
            source: .guardDuty, key: "arn:aws:guardduty:us-east-1:123456789012:detector/d/finding/f", type: "Backdoor:EC2/C&CActivity.B!DNS", severity: .high, score: 8.5,
            account: "123456789012", region: "us-east-1", instance: "i-123", resourceRole: .actor, updatedAt: "2026-12-04T03:01:55.000Z", count: 3,
            isSample: false, isClosed: false, title: "C&C"))),
        .findingDecided(FindingDecided(finding: "arn:aws:guardduty:us-east-1:123456789012:detector/d/finding/f", decision: .targetBusy, rule: "contain", runbook: "ec2-quarantine",
                                       run: "20261204-031500-ab12", reason: "open run")),
    ]

    @Test func everyKindRoundTripsThroughThePayloadTheChainStores() throws {
        #expect(Set(Self.samples.map(\.kind)) == Set(RunEvent.Kind.allCases), "a sample for every kind")
        for details in Self.samples {
            let event = RunEvent(runID: "r", time: Date(timeIntervalSince1970: 0), step: "s", attempt: 1, details)
            #expect(event.kind == details.kind)
            #expect(try event.details() == details, "\(details.kind)")
        }
    }

    @Test func theCodableFormIsThePayload() throws {
        // JSONEncoder through the synthesized Codable conformances writes what the chain stores
        for details in Self.samples {
            guard let body = details.body else {
                #expect(details.payload == [:])
                continue
            }
            let viaCodable = try Value(json: String(decoding: JSONEncoder().encode(body), as: UTF8.self))
            #expect(viaCodable == details.payload, "\(details.kind)")
        }
    }

    @Test func payloadsKeepTheKeysEarlierIrunsRecorded() {
        // The chain's canonical bytes depend on these shapes: they are the ones stored before the types existed
        #expect(RunEventDetails.stepStarted(StepStarted(action: "ec2.tag", inputs: ["instance": "i-1"], mutates: true)).payload
            == ["action": "ec2.tag", "inputs": ["instance": "i-1"], "mutates": true])
        #expect(RunEventDetails.runFinished(RunEnded(status: .succeeded)).payload == ["status": "succeeded"])
        #expect(RunEventDetails.runInterrupted(RunEnded()).payload == [:])
        #expect(RunEventDetails.undoStarted.payload == [:])
        #expect(RunEventDetails.approvalRequested(ApprovalRequested(message: "Go?")).payload == ["message": "Go?"])
        let child = RunEventDetails.runFinished(RunEnded(status: .failed, children: [FleetChild(instance: "i-2", run: nil, status: "not-started")])).payload
        #expect(child[member: "children"] == [["instance": "i-2", "run": .null, "status": "not-started"]])
    }

    @Test func aPayloadOfTheWrongShapeIsAnErrorNamingTheKey() {
        #expect(throws: DecodingError.self) { try RunEventDetails(kind: .stepFailed, payload: ["code": "X", "message": "m"]) }
    }
}
