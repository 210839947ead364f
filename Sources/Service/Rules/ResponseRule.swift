import Foundation
public import RunbookModel

/// Which findings a rule takes, and what it runs for them.
public struct ResponseRule: Sendable, Hashable {
    /// What a matched finding gets.
    public enum Mode: String, Sendable, CaseIterable {
        /// Run the runbook at once.
        case auto
        /// Run it, but its first change waits for a responder's approval.
        case approve
        /// Run it in dry-run mode: record what it would change, change nothing.
        case dryRun = "dry-run"
        /// Record the finding for the console and start nothing.
        case notify
        /// Record the finding and do nothing more.
        case ignore
    }

    public var name: String
    /// Finding types, as globs (`Backdoor:EC2/*`); empty takes every type.
    public var types: [String]
    /// Empty takes every source.
    public var sources: Set<Finding.Source>
    /// Empty takes either role (and findings without one).
    public var roles: Set<Finding.ResourceRole>
    public var minimumSeverity: Finding.Severity
    /// Empty takes every account / region.
    public var accounts: Set<String>
    public var regions: Set<String>
    /// Every one of these tags must be on the instance (as the finding reports its tags).
    public var includeTags: [String: String]
    /// None of these may be.
    public var excludeTags: [String: String]
    public var runbook: String
    /// Runbook parameters, as templates over the finding (`${{ finding.id }}`).
    public var parameters: [String: Template]
    public var mode: Mode

    public init(
        name: String, types: [String] = [], sources: Set<Finding.Source> = [], roles: Set<Finding.ResourceRole> = [], minimumSeverity: Finding.Severity = .low,
        accounts: Set<String> = [], regions: Set<String> = [], includeTags: [String: String] = [:], excludeTags: [String: String] = [:],
        runbook: String = "ec2-quarantine", parameters: [String: Template] = [:], mode: Mode
    ) {
        self.includeTags = includeTags
        self.excludeTags = excludeTags
        self.parameters = parameters
        self.name = name
        self.types = types
        self.sources = sources
        self.roles = roles
        self.minimumSeverity = minimumSeverity
        self.accounts = accounts
        self.regions = regions
        self.runbook = runbook
        self.mode = mode
    }

    /// Whether the rule takes `finding`.
    public func matches(_ finding: Finding) -> Bool {
        (types.isEmpty || types.contains { Glob.matches(finding.type, pattern: $0) })
            && (sources.isEmpty || sources.contains(finding.source))
            && (roles.isEmpty || finding.resourceRole.map(roles.contains) == true)
            && finding.severity >= minimumSeverity
            && (accounts.isEmpty || accounts.contains(finding.account))
            && (regions.isEmpty || regions.contains(finding.region))
            && includeTags.allSatisfy { finding.tags?[$0.key] == $0.value }
            && !excludeTags.contains { finding.tags?[$0.key] == $0.value }
    }

    /// The finding as the `finding` root of parameter templates: `id` (the finding's own id),
    /// `key`, `type`, `severity`, `score`, `account`, `region`, `instance`, `role`, `title`, `source`, `count`, `tags`.
    public static func scope(of finding: Finding) -> ExpressionScope {
        let object: [String: Value] = [
            "id": .string(finding.id), "key": .string(finding.key), "type": .string(finding.type), "severity": .string(finding.severity.rawValue),
            "score": finding.score.map(Value.double) ?? .null, "account": .string(finding.account), "region": .string(finding.region),
            "instance": finding.instance.map(Value.string) ?? .null, "role": finding.resourceRole.map { .string($0.rawValue) } ?? .null,
            "title": finding.title.map(Value.string) ?? .null, "source": .string(finding.source.rawValue), "count": finding.count.map(Value.int) ?? .null,
            "tags": .object((finding.tags ?? [:]).mapValues(Value.string)),
        ]
        return ExpressionScope(roots: ["finding": .object(object)])
    }

    /// The rules `irun serve` uses without `--rules`: high and critical findings of an instance
    /// running a backdoor, a trojan or a crypto-miner (talking to a command-and-control server
    /// included) are contained at once; every other finding is recorded for the console.
    public static let builtIn: [ResponseRule] = [
        ResponseRule(
            name: "contain-compromised-instance", types: ["Backdoor:EC2/*", "CryptoCurrency:EC2/*", "Trojan:EC2/*"], roles: [.actor],
            minimumSeverity: .high, runbook: "ec2-quarantine", mode: .auto
        ),
        ResponseRule(name: "record-everything-else", mode: .notify),
    ]
}

/// `*` (any run of characters) and `?` (one character) patterns, as finding-type rules use them.
enum Glob {
    static func matches(_ text: String, pattern: String) -> Bool {
        let text = Array(text), pattern = Array(pattern)
        var t = 0, p = 0, star = -1, mark = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "?" || pattern[p] == text[t] {
                t += 1; p += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p; mark = t; p += 1
            } else if star >= 0 {
                p = star + 1; mark += 1; t = mark
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
