public import Foundation
import Providers
public import RunbookModel

/// One EventBridge delivery of findings: a GuardDuty finding, or up to 100 Security Hub findings.
public struct FindingEvent: Sendable {
    /// EventBridge's event `id`: unique per event, the same on a redelivery.
    public var deliveryID: String
    public var source: String
    public var detailType: String
    public var findings: [Finding]

    /// Reads an EventBridge event envelope.
    ///
    /// - Parameter value: The request body, parsed.
    /// - Throws: ``FindingError`` naming the first field that makes the event unprocessable.
    public init(_ value: Value) throws(FindingError) {
        guard case .object = value else { throw FindingError("$", "the body must be a JSON object: an EventBridge event with `source`, `detail-type` and `detail`") }
        deliveryID = try Self.string(value, "id")
        source = try Self.string(value, "source")
        detailType = try Self.string(value, "detail-type")
        let detail = value[member: "detail"]
        guard case .object = detail else { throw FindingError("detail", "missing or not an object; it holds the finding") }
        let account = value[member: "account"].stringValue, region = value[member: "region"].stringValue
        switch (source, detailType) {
        case ("aws.guardduty", "GuardDuty Finding"):
            findings = [try GuardDutyFinding.read(detail, account: account, region: region)]
        case ("aws.securityhub", "Security Hub Findings - Imported"):
            guard case .list(let items) = detail[member: "findings"], !items.isEmpty else {
                throw FindingError("detail.findings", "missing or empty; Security Hub sends its findings (ASFF) here")
            }
            guard items.count <= 100 else { throw FindingError("detail.findings", "\(items.count) findings; EventBridge sends at most 100 per event") }
            var read: [Finding] = []
            for (index, item) in items.enumerated() { read.append(try SecurityHubFinding.read(item, at: "detail.findings.\(index)")) }
            findings = read
        default:
            throw FindingError("source", "'\(source)' / '\(detailType)' is not a finding irun reads; send GuardDuty findings (aws.guardduty, \"GuardDuty Finding\") or Security Hub findings (aws.securityhub, \"Security Hub Findings - Imported\")")
        }
    }

    /// The string at `path` (dot-separated) in `value`; errors name it after `prefix`.
    static func string(_ value: Value, _ path: String, in prefix: String = "") throws(FindingError) -> String {
        var current = value
        for part in path.split(separator: ".") { current = current[member: String(part)] }
        guard let text = current.stringValue, !text.isEmpty else { throw FindingError(prefix + path, "missing, empty or not a string") }
        return text
    }

    static func number(_ value: Value) -> Double? {
        switch value {
        case .int(let number): Double(number)
        case .double(let number): number
        case .string(let text): Double(text)
        default: nil
        }
    }

    /// An ISO-8601 time, with or without fractional seconds, as `2026-12-04T03:01:55.000Z`.
    static func date(_ value: Value, _ path: String) throws(FindingError) -> String? {
        try instant(value, path).map { $0.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true)) + "Z" }
    }

    private static func instant(_ value: Value, _ path: String) throws(FindingError) -> Date? {
        guard let text = value.stringValue else {
            if case .null = value { return nil }
            throw FindingError(path, "not a string; expected an ISO-8601 time such as 2026-12-04T03:00:00.000Z")
        }
        if let date = try? Date(text, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true)) { return date }
        if let date = try? Date(text, strategy: .iso8601) { return date }
        throw FindingError(path, "'\(text.prefix(40))' is not an ISO-8601 time such as 2026-12-04T03:00:00.000Z")
    }

    /// An account id (12 digits), checked before it can become part of a role ARN.
    static func account(_ text: String, _ path: String) throws(FindingError) -> String {
        guard text.utf8.count == 12, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { throw FindingError(path, "'\(text.prefix(40))' is not an AWS account id (12 digits)") }
        return text
    }

    /// A region name (`us-east-1`), checked before it can pick an endpoint.
    static func region(_ text: String, _ path: String) throws(FindingError) -> String {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, parts.count <= 5, parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) } }),
              parts.last!.allSatisfy(\.isNumber) else {
            throw FindingError(path, "'\(text.prefix(40))' is not an AWS region name such as us-east-1")
        }
        return text
    }

    /// An instance id, checked before it can reach a request.
    static func instance(_ text: String, _ path: String) throws(FindingError) -> String {
        guard ResourceIdentifier.isInstanceID(text) else { throw FindingError(path, "'\(text.prefix(40))' is not an EC2 instance id (i- followed by hex digits)") }
        return text
    }
}

/// GuardDuty's `Finding` as EventBridge delivers it (camelCase).
enum GuardDutyFinding {
    static func read(_ detail: Value, account envelopeAccount: String?, region envelopeRegion: String?) throws(FindingError) -> Finding {
        let id = try FindingEvent.string(detail, "id", in: "detail.")
        let type = try FindingEvent.string(detail, "type", in: "detail.")
        guard let score = FindingEvent.number(detail[member: "severity"]), (0...10).contains(score) else {
            throw FindingError("detail.severity", "missing or not a number from 0 to 10 (GuardDuty's severity score)")
        }
        guard let accountText = detail[member: "accountId"].stringValue ?? envelopeAccount else { throw FindingError("detail.accountId", "missing; the account the finding is in") }
        guard let regionText = detail[member: "region"].stringValue ?? envelopeRegion else { throw FindingError("detail.region", "missing; the region the finding is in") }
        let account = try FindingEvent.account(accountText, "detail.accountId"), region = try FindingEvent.region(regionText, "detail.region")
        let service = detail[member: "service"], resource = detail[member: "resource"]
        var instance: String?
        if resource[member: "resourceType"].stringValue == "Instance" {
            instance = try FindingEvent.instance(try FindingEvent.string(detail, "resource.instanceDetails.instanceId", in: "detail."), "detail.resource.instanceDetails.instanceId")
        }
        var role: Finding.ResourceRole?
        if let text = service[member: "resourceRole"].stringValue {
            guard let parsed = Finding.ResourceRole(rawValue: text.uppercased()) else { throw FindingError("detail.service.resourceRole", "'\(text)' is neither ACTOR nor TARGET") }
            role = parsed
        }
        let sample = service[member: "additionalInfo"][member: "sample"]
        return Finding(
            source: .guardDuty, key: detail[member: "arn"].stringValue ?? "arn:aws:guardduty:\(region):\(account):finding/\(id)", type: type,
            severity: Finding.Severity(score: score), score: score, account: account, region: region, instance: instance, resourceRole: role,
            updatedAt: try FindingEvent.date(detail[member: "updatedAt"], "detail.updatedAt"), count: FindingEvent.number(service[member: "count"]).map { Int($0) },
            isSample: sample == .bool(true) || sample.stringValue == "true", isClosed: service[member: "archived"] == .bool(true), title: detail[member: "title"].stringValue,
            tags: Self.tags(resource[member: "instanceDetails"][member: "tags"])
        )
    }

    /// `[{key, value}]` as a dictionary.
    static func tags(_ value: Value) -> [String: String]? {
        guard case .list(let items) = value else { return nil }
        var tags: [String: String] = [:]
        for item in items { if let key = item[member: "key"].stringValue { tags[key] = item[member: "value"].stringValue ?? "" } }
        return tags
    }
}

/// A Security Hub finding in the AWS Security Finding Format (PascalCase).
enum SecurityHubFinding {
    static func read(_ item: Value, at path: String) throws(FindingError) -> Finding {
        guard case .object = item else { throw FindingError(path, "not an object (an ASFF finding)") }
        let id = try FindingEvent.string(item, "Id", in: "\(path).")
        let account = try FindingEvent.account(try FindingEvent.string(item, "AwsAccountId", in: "\(path)."), "\(path).AwsAccountId")
        guard let regionText = item[member: "Region"].stringValue ?? id.split(separator: ":").dropFirst(3).first.map(String.init) else {
            throw FindingError("\(path).Region", "missing; the region the finding is in")
        }
        let region = try FindingEvent.region(regionText, "\(path).Region")
        let severity = item[member: "Severity"]
        let label: Finding.Severity
        if let text = severity[member: "Label"].stringValue {
            guard let parsed = Finding.Severity(rawValue: text.uppercased()) else {
                throw FindingError("\(path).Severity.Label", "'\(text)' is not INFORMATIONAL, LOW, MEDIUM, HIGH or CRITICAL")
            }
            label = parsed
        } else if let normalized = FindingEvent.number(severity[member: "Normalized"]) {
            label = Finding.Severity(score: normalized / 10)
        } else {
            throw FindingError("\(path).Severity.Label", "missing; Security Hub findings carry a severity label")
        }
        var instance: String?
        var tags: [String: String]?
        if case .list(let resources) = item[member: "Resources"] {
            for (index, resource) in resources.enumerated() where resource[member: "Type"].stringValue == "AwsEc2Instance" {
                guard let arn = resource[member: "Id"].stringValue, let last = arn.split(separator: "/").last else {
                    throw FindingError("\(path).Resources.\(index).Id", "missing; an AwsEc2Instance resource names the instance")
                }
                instance = try FindingEvent.instance(String(last), "\(path).Resources.\(index).Id")
                if case .object(let members) = resource[member: "Tags"] { tags = members.compactMapValues(\.stringValue) }
                break
            }
        }
        let workflow = item[member: "Workflow"][member: "Status"].stringValue ?? item[member: "WorkflowState"].stringValue
        let closed = ["SUPPRESSED", "RESOLVED"].contains(workflow?.uppercased() ?? "") || item[member: "RecordState"].stringValue?.uppercased() == "ARCHIVED"
        // ASFF's first type, e.g. `TTPs/Command and Control/Backdoor:EC2-C&CActivity.B!DNS`.
        var type = id
        if case .list(let types) = item[member: "Types"], let first = types.first?.stringValue { type = first }
        return Finding(
            source: .securityHub, key: id, type: type, severity: label, score: FindingEvent.number(severity[member: "Normalized"]).map { $0 / 10 },
            account: account, region: region, instance: instance, resourceRole: nil,
            updatedAt: try FindingEvent.date(item[member: "UpdatedAt"], "\(path).UpdatedAt"), count: nil, isSample: false, isClosed: closed,
            title: item[member: "Title"].stringValue, tags: tags
        )
    }
}
