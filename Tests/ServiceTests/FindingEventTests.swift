import AuditStore
import Foundation
import RunbookModel
@testable import Service
import Testing

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func shippedGuardDutyEvent() throws -> Value {
    try Value(json: String(contentsOf: repositoryRoot.appendingPathComponent("Runbooks/findings/guardduty-c2-i-123.json"), encoding: .utf8))
}

/// A Security Hub import of the shipped GuardDuty finding (ASFF), with `changes` applied to the finding.
func securityHubEvent(_ changes: [String: Value] = [:]) -> Value {
    var finding: [String: Value] = [
        "SchemaVersion": "2018-10-08",
        "Id": "arn:aws:guardduty:us-east-1:123456789012:detector/12abc34d567e8fa901bc2d34e56789f0/finding/4ec6a1f2b8d94e1fa0c3d5e7f9a1b2c3",
        "ProductArn": "arn:aws:securityhub:us-east-1::product/aws/guardduty", "AwsAccountId": "123456789012", "Region": "us-east-1",
        "Types": ["TTPs/Command and Control/Backdoor:EC2-C&CActivity.B!DNS"], "UpdatedAt": "2026-12-04T03:01:55Z",
        "Severity": ["Label": "HIGH", "Normalized": 80], "Title": "C&C",
        "Resources": [["Type": "AwsEc2Instance", "Id": "arn:aws:ec2:us-east-1:123456789012:instance/i-0abc1234"]],
        "Workflow": ["Status": "NEW"], "RecordState": "ACTIVE",
    ]
    for (key, value) in changes { finding[key] = value }
    return ["version": "0", "id": "a1b2c3", "detail-type": "Security Hub Findings - Imported", "source": "aws.securityhub", "account": "123456789012",
            "region": "us-east-1", "detail": ["findings": [.object(finding)]]]
}

@Suite("Findings from EventBridge")
struct FindingEventTests {
    @Test func aGuardDutyFindingIsReadWithItsInstanceRoleSeverityAndKey() throws {
        let event = try FindingEvent(try shippedGuardDutyEvent())
        #expect(event.deliveryID == "7f0d4c2e-3a61-4b1e-9d3c-2b8a6f1e0c01")
        let finding = try #require(event.findings.first)
        #expect(finding.source == .guardDuty && finding.type == "Backdoor:EC2/C&CActivity.B!DNS" && finding.severity == .high && finding.score == 8)
        #expect(finding.instance == "i-123" && finding.resourceRole == .actor && finding.count == 3 && !finding.isSample)
        #expect(finding.key.hasPrefix("arn:aws:guardduty:us-east-1:123456789012:detector/") && finding.updatedAt == "2026-12-04T03:01:55.000Z")
    }

    @Test(arguments: [(0.5, Finding.Severity.informational), (1, .low), (3.9, .low), (4, .medium), (6.9, .medium), (7, .high), (8.9, .high), (9, .critical), (10, .critical)])
    func guardDutysBands(score: Double, band: Finding.Severity) { #expect(Finding.Severity(score: score) == band) }

    @Test func theSameGuardDutyFindingImportedBySecurityHubIsOneFinding() throws {
        let guardDuty = try #require(try FindingEvent(try shippedGuardDutyEvent()).findings.first)
        let imported = try #require(try FindingEvent(securityHubEvent()).findings.first)
        #expect(imported.key == guardDuty.key)
        #expect(imported.source == .securityHub && imported.instance == "i-0abc1234" && imported.severity == .high)
    }

    @Test func suppressedOrArchivedSecurityHubFindingsAreClosed() throws {
        #expect(try FindingEvent(securityHubEvent(["Workflow": ["Status": "SUPPRESSED"]])).findings[0].isClosed)
        #expect(try FindingEvent(securityHubEvent(["RecordState": "ARCHIVED"])).findings[0].isClosed)
        #expect(try !FindingEvent(securityHubEvent()).findings[0].isClosed)
    }

    @Test(arguments: [
        ("detail.type", "type"), ("detail.severity", "severity"), ("detail.resource.instanceDetails.instanceId", "instanceId"),
    ])
    func aMissingFieldIsNamedByItsPath(path: String, key: String) throws {
        var event = try shippedGuardDutyEvent()
        // Remove the field at `path`
        func removing(_ value: Value, _ parts: ArraySlice<Substring>) -> Value {
            guard case .object(var members) = value, let first = parts.first else { return value }
            if parts.count == 1 { members[String(first)] = nil } else { members[String(first)] = removing(members[String(first)] ?? .null, parts.dropFirst()) }
            return .object(members)
        }
        event = removing(event, path.split(separator: ".")[...])
        #expect { _ = try FindingEvent(event) } throws: { ($0 as? FindingError)?.field == path }
    }

    @Test func aBadSecurityHubFieldIsNamedWithItsIndex() {
        #expect { _ = try FindingEvent(securityHubEvent(["Severity": ["Label": "SEVERE"]])) } throws: { ($0 as? FindingError)?.field == "detail.findings.0.Severity.Label" }
        #expect { _ = try FindingEvent(securityHubEvent(["Resources": [["Type": "AwsEc2Instance", "Id": "arn:aws:ec2:us-east-1:1:instance/vol-1"]]])) } throws: {
            ($0 as? FindingError)?.field == "detail.findings.0.Resources.0.Id"
        }
        #expect { _ = try FindingEvent(["id": "x", "source": "aws.ec2", "detail-type": "EC2 Instance State-change Notification", "detail": [:]]) } throws: { ($0 as? FindingError)?.field == "source" }
    }

    @Test(arguments: [
        ("Backdoor:EC2/C&CActivity.B!DNS", "Backdoor:EC2/*", true), ("CryptoCurrency:EC2/BitcoinTool.B", "CryptoCurrency:EC2/*", true),
        ("Recon:EC2/PortProbeUnprotectedPort", "Backdoor:EC2/*", false), ("Trojan:EC2/DNSDataExfiltration", "Trojan:EC2/DNS?ataExfiltration", true),
        ("Backdoor:EC2/Spambot", "*Spam*", true), ("", "*", true), ("abc", "", false),
    ])
    func globs(text: String, pattern: String, matches: Bool) { #expect(Glob.matches(text, pattern: pattern) == matches) }
}

@Suite("Triage: what the built-in rules do with a finding")
struct FindingTriageTests {
    func decide(_ findings: [Finding], store: AuditDatabase? = nil) async throws -> [FindingPlan] {
        let store = try store ?? AuditDatabase.inMemory()
        let intake = RunHeader(id: "serve-1", runbookName: "irun-serve", runbookPath: "irun serve", runbookSHA256: "", runbookText: "", parameters: [:], mode: .live,
                               provider: "mock", actor: "irun serve", startedAt: Date())
        if try await store.run("serve-1") == nil { try await store.begin(intake, with: RunEvent(runID: "serve-1", time: Date(), .runStarted(intake.started))) }
        let counter = Counter()
        let triage = FindingTriage(rules: ResponseRule.builtIn, newRunID: { "run-\(counter.next())" })
        guard case .accepted(let plans) = try await store.recordDelivery(eventID: UUID().uuidString, raw: Data("{}".utf8), findings: findings, intakeRunID: "serve-1", at: Date(),
                                                                         decide: { try triage.plan($0, ledger: $1, at: Date()) }) else { return [] }
        return plans
    }

    func finding(_ type: String = "Backdoor:EC2/C&CActivity.B!DNS", key: String = UUID().uuidString, score: Double = 8, role: Finding.ResourceRole? = .actor, instance: String? = "i-123") -> Finding {
        Finding(source: .guardDuty, key: key, type: type, severity: .init(score: score), score: score, account: "123456789012", region: "us-east-1", instance: instance,
                resourceRole: role, updatedAt: nil, count: 1, isSample: false, isClosed: false, title: nil)
    }

    @Test func onlyAHighSeverityCompromiseWhoseInstanceIsTheActorStartsARun() async throws {
        let plans = try await decide([
            finding(), finding(score: 5), finding(role: .target, instance: "i-456"), finding("Recon:EC2/PortProbeUnprotectedPort", instance: "i-789"),
            finding(instance: nil),
        ])
        #expect(plans.map(\.decision) == [.started, .notified, .notified, .notified, .noInstance])
        #expect(plans[0].runbook == "ec2-quarantine" && plans[0].rule == "contain-compromised-instance" && plans[0].runID != nil)
    }

    @Test func aSecondFindingForATargetWithAnOpenRunJoinsIt() async throws {
        let store = try AuditDatabase.inMemory()
        let first = try await decide([finding()], store: store)
        let second = try await decide([finding("CryptoCurrency:EC2/BitcoinTool.B!DNS")], store: store)
        #expect(first[0].decision == .started && second[0].decision == .targetBusy && second[0].runID == first[0].runID)
        // A different instance is a different target
        #expect(try await decide([finding(instance: "i-456")], store: store)[0].decision == .started)
    }
}

final class Counter: Sendable {
    private let value = Mutex(0)
    func next() -> Int { value.withLock { $0 += 1; return $0 } }
}

import Synchronization

@Suite("The intake's JSON reader")
struct JSONBytesTests {
    @Test func itReadsWhatFoundationsDecoderReads() throws {
        let samples = [
            try String(contentsOf: repositoryRoot.appendingPathComponent("Runbooks/findings/guardduty-c2-i-123.json"), encoding: .utf8),
            #"{"a":[1,-2,3.5,1e3,true,false,null],"b":{"c":"\u00e9\ud83d\ude00 \"q\" \\ \/ \n\t"},"d":[],"e":{},"f":-0.25}"#,
            "  [ \"x\" , 12345678901 ]  ",
            "[8.0, 1e3, 2.5, -0.0, 7]",
        ]
        for text in samples {
            #expect(try JSONBytes.parse(Array(text.utf8)) == Value(json: text), "\(text.prefix(60))")
        }
    }

    @Test(arguments: ["", "{", "{\"a\" 1}", "[1,]", "tru", "\"abc", "{\"a\":1} x", "\"\u{01}\"", "[1e999]", String(repeating: "[", count: 100)])
    func itRefusesWhatIsNotJSON(text: String) {
        #expect(throws: JSONBytes.Failure.self) { try JSONBytes.parse(Array(text.utf8)) }
    }
}
