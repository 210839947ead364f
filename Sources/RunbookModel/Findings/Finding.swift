public import Foundation

/// A security finding as irun acts on it, whichever service reported it.
public struct Finding: Sendable, Hashable, Codable {
    /// Which service reported it.
    public enum Source: String, Sendable, Codable {
        case guardDuty = "guardduty"
        case securityHub = "securityhub"
    }

    /// Whether the instance attacks (`actor`) or is attacked (`target`); GuardDuty's `resourceRole`.
    public enum ResourceRole: String, Sendable, Codable {
        case actor = "ACTOR"
        case target = "TARGET"
    }

    /// GuardDuty's bands over the 1–10 severity score (Security Hub's labels map onto them).
    public enum Severity: String, Sendable, Codable, Comparable, CaseIterable {
        case informational = "INFORMATIONAL", low = "LOW", medium = "MEDIUM", high = "HIGH", critical = "CRITICAL"

        /// GuardDuty's bands: Low 1–3.9, Medium 4–6.9, High 7–8.9, Critical 9–10.
        public init(score: Double) {
            self = switch score {
            case 9...: .critical
            case 7..<9: .high
            case 4..<7: .medium
            case 1..<4: .low
            default: .informational
            }
        }

        private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
        public static func < (left: Self, right: Self) -> Bool { left.rank < right.rank }
    }

    public var source: Source
    /// What makes two deliveries one finding: GuardDuty's finding ARN (also the `Id` Security Hub
    /// gives a GuardDuty finding it imported), else Security Hub's `Id`.
    public var key: String
    /// `Backdoor:EC2/C&CActivity.B!DNS`, or Security Hub's first `Types` entry.
    public var type: String
    public var severity: Severity
    /// GuardDuty's score (Security Hub's `Severity.Normalized` / 10 when given).
    public var score: Double?
    public var account: String
    public var region: String
    /// The EC2 instance it concerns, when it concerns one.
    public var instance: String?
    public var resourceRole: ResourceRole?
    /// When the reporting service last updated it, ISO-8601 UTC with milliseconds (so text order
    /// is time order): a later delivery with a newer one is an update.
    public var updatedAt: String?
    /// How many times GuardDuty saw the activity (`service.count`).
    public var count: Int?
    /// A sample finding (GuardDuty's `service.additionalInfo.sample`): recorded, never acted on.
    public var isSample: Bool
    /// Suppressed, resolved or archived in Security Hub: recorded, never acted on.
    public var isClosed: Bool
    public var title: String?
    /// The instance's tags as the finding reports them (GuardDuty's `instanceDetails.tags`,
    /// Security Hub's resource `Tags`), for rules that include or exclude by tag.
    public var tags: [String: String]?

    /// The finding's own id: the last part of its key (GuardDuty's finding id).
    public var id: String { key.split(separator: "/").last.map(String.init) ?? key }

    public init(
        source: Source, key: String, type: String, severity: Severity, score: Double?, account: String, region: String, instance: String?,
        resourceRole: ResourceRole?, updatedAt: String?, count: Int?, isSample: Bool, isClosed: Bool, title: String?, tags: [String: String]? = nil
    ) {
        self.tags = tags
        self.source = source
        self.key = key
        self.type = type
        self.severity = severity
        self.score = score
        self.account = account
        self.region = region
        self.instance = instance
        self.resourceRole = resourceRole
        self.updatedAt = updatedAt
        self.count = count
        self.isSample = isSample
        self.isClosed = isClosed
        self.title = title
    }
}
