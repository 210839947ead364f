import Actions
@testable import AuditStore
import Crypto
import Foundation
import GRDB
import Reports
import RunbookModel

/// The repository root, for `Schemas/` and golden files.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// A time on a whole millisecond, `seconds` after 2026-01-01T00:00:00Z.
func at(_ seconds: Double) -> Date {
    Date(timeIntervalSince1970: Double(1_767_225_600_000 + Int64((seconds * 1000).rounded())) / 1000)
}

/// Fixed runs with every kind of content a report shows, recorded through ``AuditDatabase``
/// with fixed times, so their reports are byte-for-byte stable.
enum ReportFixtures {
    /// The quarantine run: a retry, evidence, a decision, skips, a tolerated failure, an
    /// approval, every EC2 change, and a secret parameter.
    static let quarantineRun = "20260101-000000-aaaa"
    /// A small failed run of another runbook, ten minutes later.
    static let pagingRun = "20260101-001000-bbbb"

    /// A quarantine runbook as it was when the fixture run started (a copy, so the goldens do
    /// not change when `Runbooks/` does).
    static let quarantineText = """
        # Contain a compromised EC2 instance and preserve its evidence.
        name: ec2-quarantine
        description: Contain a compromised EC2 instance and preserve its evidence.

        parameters:
          instance: { type: instance-id, required: true }
          case: { type: string, default: "${{ run.id }}" }
          ticket-token: { type: string, secret: true, default: "" }

        steps:
          capture:
            action: ec2.capture
            with: { instance: "${{ params.instance }}" }
            retry: { attempts: 5, backoff: exponential, initial: 1s, max: 20s, jitter: full }
          triage:
            needs: [capture]
            decide:
              - when: steps.capture.output.state in ['terminated', 'shutting-down']
                goto: [report-gone]
              - else: [protect, detach, deregister]
          report-gone:
            action: notify.log
            with: { message: "instance ${{ params.instance }} is gone", level: warning }
          protect:
            action: ec2.protect
            with: { instance: "${{ params.instance }}" }
          detach:
            action: ec2.detach
            with: { instance: "${{ params.instance }}" }
          deregister:
            action: ec2.deregister
            with: { instance: "${{ params.instance }}" }
          isolate:
            needs: [protect, detach, deregister]
            action: ec2.isolate
            with: { instance: "${{ params.instance }}" }
          snapshot:
            needs: [protect]
            action: ec2.snapshot
            with: { instance: "${{ params.instance }}", case: "${{ params.case }}" }
            on-failure: continue
          stop-instance:
            needs: [isolate, snapshot]
            approval: "Stop ${{ params.instance }}? Memory evidence will be lost."
            action: ec2.stop
            with: { instance: "${{ params.instance }}" }
          tag:
            needs: [isolate, snapshot]
            action: ec2.tag
            with: { instance: "${{ params.instance }}", case: "${{ params.case }}" }

        """

    /// A two-step paging runbook whose second step fails.
    static let pagingText = """
        name: page-oncall
        steps:
          page: { action: notify.log, with: { message: "paging on-call, see IR-42", level: error } }
          escalate: { needs: [page], action: core.fail, with: { message: "escalation target, unreachable" } }

        """

    /// The evidence artifact of the capture step.
    static let evidenceContent = Data(#"{"instanceId":"i-0abc1234","state":"running"}"#.utf8)

    /// Records both runs into `store`: 27 events for the quarantine run (1–27), 6 for the paging run (28–33).
    static func record(into store: AuditDatabase) async throws {
        try await recordQuarantine(into: store)
        try await recordPaging(into: store)
    }

    static func sha256(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    private static func recordQuarantine(into store: AuditDatabase) async throws {
        let id = quarantineRun
        let parameters: [String: Value] = ["instance": "i-0abc1234", "case": "IR-42", "ticket-token": RunHeader.redacted]
        let header = RunHeader(
            id: id, runbookName: "ec2-quarantine", runbookPath: "Runbooks/ec2-quarantine.yaml", runbookSHA256: sha256(quarantineText),
            runbookText: quarantineText, parameters: parameters, mode: .live, provider: "mock", actor: "alice", startedAt: at(0))
        try await store.begin(header, with: RunEvent(runID: id, kind: .runStarted, time: at(0), payload: [
            "runbook": "ec2-quarantine", "sha256": .string(header.runbookSHA256), "mode": "live", "provider": "mock", "actor": "alice",
            "parameters": .object(parameters),
        ]))
        func event(_ kind: RunEvent.Kind, _ time: Double, _ step: String? = nil, _ attempt: Int? = nil, _ payload: Value = [:]) -> RunEvent {
            RunEvent(runID: id, kind: kind, time: at(time), step: step, attempt: attempt, payload: payload)
        }
        func start(_ step: String, _ action: String, _ time: Double, attempt: Int = 1, mutates: Bool = true) -> RunEvent {
            event(.stepStarted, time, step, attempt, ["action": .string(action), "inputs": ["instance": "i-0abc1234"], "mutates": .bool(mutates)])
        }
        try await store.append([
            start("capture", "ec2.capture", 0.010, mutates: false),
            event(.stepRetrying, 0.250, "capture", 1, ["code": "RequestLimitExceeded", "message": "Request limit exceeded.", "delayMs": 400]),
            start("capture", "ec2.capture", 0.650, attempt: 2, mutates: false),
        ])
        let evidenceSHA = try await store.recordEvidence(EvidenceArtifact(
            runID: id, step: "capture", name: "instance-description", kind: "ec2-instance-description", mediaType: "application/json",
            content: evidenceContent, time: at(0.900)))
        let captured: Value = [
            "instanceId": "i-0abc1234", "state": "running", "vpcId": "vpc-0a1", "subnetId": "subnet-0a1",
            "networkInterfaces": [
                ["id": "eni-0a", "subnetId": "subnet-0a1", "deviceIndex": 0, "privateIp": "10.0.1.10", "groups": ["sg-web", "sg-ssh"]],
                ["id": "eni-0b", "subnetId": "subnet-0b1", "deviceIndex": 1, "privateIp": "10.0.2.10", "groups": ["sg-db"]],
            ],
            "securityGroups": ["sg-web", "sg-ssh", "sg-db"],
            "volumes": [["id": "vol-0a", "device": "/dev/xvda", "size": 8, "deleteOnTermination": true]],
            "iamInstanceProfile": "arn:aws:iam::123456789012:instance-profile/web",
            "tags": ["Name": "web-1", "quarantine": "false"], "terminationProtection": false, "shutdownBehavior": "terminate",
            "autoScalingGroups": ["web-asg"], "loadBalancers": ["web-clb"],
            "targetGroups": [["arn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/abc", "port": 80]],
            "evidence": ["artifact": "instance-description", "sha256": .string(evidenceSHA), "size": .int(evidenceContent.count)],
        ]
        try await store.append([
            event(.stepSucceeded, 0.910, "capture", 2, ["outputs": captured]),
            event(.stepDecided, 0.920, "triage", nil, ["branch": 2, "chosen": ["protect", "detach", "deregister"]]),
            event(.stepSkipped, 0.920, "report-gone", nil, ["reason": "decision triage did not choose it"]),
            start("protect", "ec2.protect", 0.930),
            start("detach", "ec2.detach", 0.930),
            start("deregister", "ec2.deregister", 0.930),
            event(.stepSucceeded, 1.100, "protect", 1, ["outputs": ["previousTerminationProtection": false, "previousShutdownBehavior": "terminate"]]),
            start("snapshot", "ec2.snapshot", 1.110),
            event(.stepSucceeded, 1.300, "deregister", 1, ["outputs": [
                "loadBalancers": ["web-clb"],
                "targetGroups": [["arn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/abc", "port": 80]],
            ]]),
            event(.stepSucceeded, 1.400, "detach", 1, ["outputs": ["detachedFrom": ["web-asg"]]]),
            start("isolate", "ec2.isolate", 1.410),
            event(.stepSucceeded, 2.600, "isolate", 1, ["outputs": [
                "quarantineGroup": "sg-quarantine", "originalGroups": ["eni-0a": ["sg-web", "sg-ssh"], "eni-0b": ["sg-db"]],
            ]]),
            event(.stepFailed, 3.000, "snapshot", 1, [
                "code": "SnapshotCreationPerVolumeRateExceeded",
                "message": "The maximum per volume CreateSnapshot request rate has been exceeded.", "tolerated": true,
            ]),
            event(.approvalRequested, 3.010, "stop-instance", nil, ["message": "Stop i-0abc1234? Memory evidence will be lost."]),
            event(.runWaiting, 3.010, nil, nil, ["steps": ["stop-instance"]]),
            event(.approvalGranted, 63.500, "stop-instance", nil, [
                "actor": "bob", "reason": #"memory already captured by EDR, "ok" per IR-42 <see ticket>"#,
            ]),
            event(.runResumed, 63.600, nil, nil, ["actor": "bob"]),
            start("stop-instance", "ec2.stop", 63.700),
            event(.stepSucceeded, 65.000, "stop-instance", 1, ["outputs": ["previousState": "running"]]),
            start("tag", "ec2.tag", 65.100),
            event(.stepSucceeded, 65.300, "tag", 1, ["outputs": ["tags": [
                "quarantine": "true", "quarantine-case": "IR-42", "quarantine-run": .string(id), "quarantine-time": "2026-01-01T00:01:05Z",
            ]]]),
            event(.runFinished, 65.400, nil, nil, ["status": "succeeded", "reason": "all steps done (1 tolerated failure)"]),
        ])
    }

    private static func recordPaging(into store: AuditDatabase) async throws {
        let id = pagingRun
        let header = RunHeader(
            id: id, runbookName: "page-oncall", runbookPath: "Runbooks/page-oncall.yaml", runbookSHA256: sha256(pagingText),
            runbookText: pagingText, parameters: [:], mode: .live, provider: "mock", actor: "carol", startedAt: at(600))
        try await store.begin(header, with: RunEvent(runID: id, kind: .runStarted, time: at(600), payload: [
            "runbook": "page-oncall", "sha256": .string(header.runbookSHA256), "mode": "live", "provider": "mock", "actor": "carol", "parameters": [:],
        ]))
        try await store.append([
            RunEvent(runID: id, kind: .stepStarted, time: at(600.005), step: "page", attempt: 1, payload: ["action": "notify.log", "mutates": false]),
            RunEvent(runID: id, kind: .stepSucceeded, time: at(600.006), step: "page", attempt: 1, payload: ["outputs": [:]]),
            RunEvent(runID: id, kind: .stepStarted, time: at(600.007), step: "escalate", attempt: 1, payload: ["action": "core.fail", "mutates": false]),
            RunEvent(runID: id, kind: .stepFailed, time: at(600.009), step: "escalate", attempt: 1,
                     payload: ["code": "StepFailed", "message": "escalation target, unreachable\nsecond line", "tolerated": false]),
            RunEvent(runID: id, kind: .runFinished, time: at(600.010), payload: ["status": "failed", "reason": "step escalate failed"]),
        ])
    }

    /// The options goldens are made with: the built-in catalog, a fixed time and generator.
    static func options(verification: ChainAudit.Scope = .run, keys: [VerifyingKey] = []) -> RunReportOptions {
        RunReportOptions(catalog: BuiltinActions.catalog, verification: verification, verifyingKeys: keys, generatedAt: at(3600), generator: "irun test")
    }
}

/// A file audit database with the fixture runs, in a fresh directory removed by `cleanup`.
struct FixtureDatabase {
    let directory: URL
    let store: AuditDatabase
    var path: String { directory.appendingPathComponent("audit.sqlite").path }

    static func make() async throws -> FixtureDatabase {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("irun-reports-\(UUID().uuidString)")
        let store = try AuditDatabase.open(path: directory.appendingPathComponent("audit.sqlite").path)
        try await ReportFixtures.record(into: store)
        return FixtureDatabase(directory: directory, store: store)
    }

    /// A file path in the directory.
    func file(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// The report of `run` with the fixture options.
    func report(_ run: String = ReportFixtures.quarantineRun, verification: ChainAudit.Scope = .run, keys: [VerifyingKey] = []) async throws -> RunReport {
        try await RunReport.load(run: run, from: store, options: ReportFixtures.options(verification: verification, keys: keys))
    }

    /// Runs SQL as another client would, with the append-only triggers dropped.
    func tamper(_ sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER IF EXISTS events_refuse_update; DROP TRIGGER IF EXISTS events_refuse_delete")
            try db.execute(sql: "DROP TRIGGER IF EXISTS checkpoints_refuse_update; DROP TRIGGER IF EXISTS checkpoints_refuse_delete")
            try db.execute(sql: sql)
        }
        try queue.close()
    }

    /// Changes event `seq`'s payload and recomputes every hash from it to the head, as an
    /// attacker with write access and the chain format would: the chain verifies afterwards.
    func rewrite(seq: Int, payload: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER IF EXISTS events_refuse_update; DROP TRIGGER IF EXISTS events_refuse_delete")
            try db.execute(sql: "UPDATE events SET payload = ? WHERE seq = ?", arguments: [payload, seq])
            var previous = try Hex.bytes(String.fetchOne(db, sql: "SELECT prev_hash FROM events WHERE seq = ?", arguments: [seq])!)!
            var buffer: [UInt8] = []
            for row in try Row.fetchAll(db, sql: "SELECT * FROM events WHERE seq >= ? ORDER BY seq", arguments: [seq]) {
                EventChain.canonicalBytes(EventChain.Fields(
                    seq: row["seq"], runID: row["run_id"], kind: row["kind"], time: row["time"], step: row["step"], attempt: row["attempt"],
                    payloadJSON: row["payload"]), into: &buffer)
                let hash = EventChain.hash(previous: previous, canonical: buffer)
                try db.execute(sql: "UPDATE events SET prev_hash = ?, hash = ? WHERE seq = ?",
                               arguments: [Hex.string(previous), Hex.string(hash), row["seq"] as Int64])
                previous = hash
            }
        }
        try queue.close()
    }

    func cleanup() { try? FileManager.default.removeItem(at: directory) }
}
