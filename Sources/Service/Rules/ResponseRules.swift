import Foundation
public import RunbookModel
import Yams

/// What `irun serve` does with findings: its rules (first match wins), its breakers, the tag
/// that exempts an instance, and how long a target's run counts as recent.
public struct ResponseRules: Sendable {
    public var rules: [ResponseRule]
    public var breakers: [Breaker]
    public var exemptTag: (key: String, value: String)
    public var targetWindow: Duration

    public init(rules: [ResponseRule], breakers: [Breaker] = Breaker.builtIn, exemptTag: (key: String, value: String) = ("irun:exempt", "true"), targetWindow: Duration = .seconds(3600)) {
        self.rules = rules
        self.breakers = breakers
        self.exemptTag = exemptTag
        self.targetWindow = targetWindow
    }

    /// Without `--rules`.
    public static let builtIn = ResponseRules(rules: ResponseRule.builtIn)

    /// The rule named `name`, if there is one.
    public func rule(named name: String?) -> ResponseRule? { rules.first { $0.name == name } }
}

/// Reads a rules file, with a diagnostic (file:line:column and a fix) for every problem.
public enum RulesLoader {
    static let kind = YAMLFileKind(
        noun: "rules file", fileNoun: "rules file", plural: "rules files",
        startFix: "start with `rules:` and a list of rules; see the README's `irun serve` section",
        missingFileFix: "check the path given to --rules", tooLargeFix: "a rules file holds a few rules", maximumFileSize: 1 << 20
    )

    /// Reads and checks a rules file.
    ///
    /// - Parameters:
    ///   - path: The file.
    ///   - runbookExists: Whether a runbook of that name can be found (checked for each rule).
    /// - Returns: The rules when valid, and every diagnostic.
    public static func load(path: String, runbookExists: @escaping (String) -> Bool) -> (rules: ResponseRules?, diagnostics: [Diagnostic]) {
        let text: String
        switch YAMLFileReader.bytes(contentsOf: path, kind: kind).flatMap({ YAMLFileReader.text(from: $0, path: path, kind: kind) }) {
        case .success(let read): text = read
        case .failure(let failure): return (nil, [failure.diagnostic])
        }
        switch YAMLFileReader.document(from: text, path: path, kind: kind) {
        case .failure(let failure): return (nil, [failure.diagnostic])
        case .success(let document):
            return withExtendedLifetime(document.parser) {
                var parser = RulesParser(path: path, runbookExists: runbookExists)
                let rules = parser.rules(from: document.root)
                return (parser.diagnostics.contains { $0.severity == .error } ? nil : rules, parser.diagnostics)
            }
        }
    }

    /// Whether a YAML file is a rules file (its top level has `rules:`), for `irun validate`.
    public static func looksLikeRules(_ path: String) -> Bool {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return false }
        return text.split(separator: "\n").contains { $0.hasPrefix("rules:") }
    }
}

struct RulesParser: YAMLNodeReader {
    static let documentPlural = "rules files"
    static let topLevelKeys = ["rules", "breakers", "exempt-tag", "target-window"]
    static let ruleKeys = ["name", "match", "runbook", "parameters", "mode"]
    static let matchKeys = ["source", "type", "role", "severity", "accounts", "regions", "tags", "exclude-tags"]
    static let breakerKeys = ["name", "scope", "max-runs", "max-targets", "window"]

    let path: String
    let runbookExists: (String) -> Bool
    var diagnostics: [Diagnostic] = []

    mutating func rules(from root: Node) -> ResponseRules? {
        guard let fields = mapping(root, "a rules file", fix: RulesLoader.kind.startFix) else { return nil }
        checkKeys(fields, allowed: Self.topLevelKeys, in: "the rules file")
        var result = ResponseRules(rules: [])
        guard let list = fields["rules"] else {
            error(.missingKey, "a rules file needs `rules:`", at: root, fix: "add `rules:` with at least one rule")
            return nil
        }
        guard case .sequence(let items) = list, !items.isEmpty else {
            error(.wrongShape, "`rules` must be a list of rules", at: list, fix: "write `- name: …` items under `rules:`")
            return nil
        }
        var names: Set<String> = []
        for item in items {
            guard let rule = rule(item) else { continue }
            if !names.insert(rule.name).inserted { error(.duplicateName, "two rules are named '\(rule.name)'", at: item, fix: "give each rule its own name") }
            result.rules.append(rule)
        }
        if let node = fields["breakers"] {
            if case .sequence(let items) = node { result.breakers = items.compactMap { breaker($0) } } else {
                error(.wrongShape, "`breakers` must be a list", at: node, fix: "write `- { name: overall, scope: overall, max-runs: 20, window: 10m }`")
            }
        }
        if let node = fields["exempt-tag"], let text = string(node, "`exempt-tag`") {
            let parts = text.split(separator: "=", maxSplits: 1)
            if parts.count == 2, !parts[0].isEmpty { result.exemptTag = (String(parts[0]), String(parts[1])) } else {
                error(.invalidValue, "`exempt-tag` must be Key=Value", at: node, fix: "write `exempt-tag: irun:exempt=true`")
            }
        }
        if let node = fields["target-window"], let window = duration(node, "`target-window`") { result.targetWindow = window.duration }
        return result
    }

    mutating func rule(_ node: Node) -> ResponseRule? {
        guard let fields = mapping(node, "a rule", fix: "write `- { name: contain, match: { type: [\"Backdoor:EC2/*\"] }, runbook: ec2-quarantine, mode: auto }`") else { return nil }
        checkKeys(fields, allowed: Self.ruleKeys, in: "a rule")
        guard let nameNode = fields["name"], let name = string(nameNode, "`name`") else {
            error(.missingKey, "a rule needs a `name`", at: node, fix: "add `name: contain-compromised-instance`")
            return nil
        }
        guard let modeNode = fields["mode"], let modeText = string(modeNode, "`mode`") else {
            error(.missingKey, "rule '\(name)' needs a `mode`", at: node, fix: "add `mode:` one of \(ResponseRule.Mode.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        let mode = ResponseRule.Mode(rawValue: modeText) ?? .auto
        if ResponseRule.Mode(rawValue: modeText) == nil {
            // Reported, and the rest of the rule still read: every problem is shown at once.
            error(.invalidValue, "rule '\(name)': mode '\(modeText)' is not one of \(ResponseRule.Mode.allCases.map(\.rawValue).joined(separator: ", "))", at: modeNode,
                  fix: "write `mode: approve` to have a responder approve each run's changes")
        }
        var rule = ResponseRule(name: name, mode: mode)
        let acts = mode != .notify && mode != .ignore
        if let runbookNode = fields["runbook"], let runbook = string(runbookNode, "`runbook`") {
            rule.runbook = runbook
            if !runbookExists(runbook) { error(.unknownName, "rule '\(name)': no runbook '\(runbook)'", at: runbookNode, fix: "name a runbook `irun list` shows, or a .yaml path") }
        } else if acts {
            error(.missingKey, "rule '\(name)' (\(mode.rawValue)) needs a `runbook`", at: node, fix: "add `runbook: ec2-quarantine`")
        }
        if let match = fields["match"] { self.match(match, into: &rule) }
        if let node = fields["parameters"], let values = mapping(node, "`parameters`", fix: "write `parameters: { case: \"${{ finding.id }}\" }`") {
            for (keyNode, valueNode) in values {
                guard let key = key(keyNode), let text = string(valueNode, "parameter `\(key)`") else { continue }
                do { rule.parameters[key] = try Template.parse(text) } catch {
                    self.error(.invalidValue, "rule '\(name)', parameter `\(key)`: \(error)", at: valueNode, fix: "write an expression over the finding, e.g. \"${{ finding.id }}\"")
                }
            }
        }
        return rule
    }

    mutating func match(_ node: Node, into rule: inout ResponseRule) {
        guard let fields = mapping(node, "`match`", fix: "write `match: { type: [\"Backdoor:EC2/*\"], severity: high }`") else { return }
        checkKeys(fields, allowed: Self.matchKeys, in: "`match`")
        if let node = fields["type"] { rule.types = names(node, "`match.type`").map(\.value) }
        if let node = fields["source"] {
            for item in names(node, "`match.source`") {
                if let source = Finding.Source(rawValue: item.value) { rule.sources.insert(source) } else {
                    appendDiagnostic(.error(.invalidValue, "source '\(item.value)' is not guardduty or securityhub", at: item.location, fix: "write `source: guardduty`"))
                }
            }
        }
        if let node = fields["role"] {
            for item in names(node, "`match.role`") {
                if let role = Finding.ResourceRole(rawValue: item.value.uppercased()) { rule.roles.insert(role) } else {
                    appendDiagnostic(.error(.invalidValue, "role '\(item.value)' is not actor or target", at: item.location, fix: "write `role: actor` (the instance attacks) or `role: target`"))
                }
            }
        }
        if let node = fields["severity"], let text = string(node, "`match.severity`") {
            if let severity = Finding.Severity(rawValue: text.uppercased()) { rule.minimumSeverity = severity } else {
                error(.invalidValue, "severity '\(text)' is not low, medium, high or critical", at: node, fix: "write the lowest severity the rule takes, e.g. `severity: high`")
            }
        }
        if let node = fields["accounts"] { rule.accounts = Set(names(node, "`match.accounts`").map(\.value)) }
        if let node = fields["regions"] { rule.regions = Set(names(node, "`match.regions`").map(\.value)) }
        if let node = fields["tags"] { rule.includeTags = tags(node, "`match.tags`") }
        if let node = fields["exclude-tags"] { rule.excludeTags = tags(node, "`match.exclude-tags`") }
    }

    mutating func tags(_ node: Node, _ what: String) -> [String: String] {
        guard let fields = mapping(node, what, fix: "write `{ Environment: production }`") else { return [:] }
        var tags: [String: String] = [:]
        for (keyNode, valueNode) in fields { if let key = key(keyNode), let value = string(valueNode, "tag `\(key)`") { tags[key] = value } }
        return tags
    }

    mutating func breaker(_ node: Node) -> Breaker? {
        guard let fields = mapping(node, "a breaker", fix: "write `- { name: overall, scope: overall, max-runs: 20, window: 10m }`") else { return nil }
        checkKeys(fields, allowed: Self.breakerKeys, in: "a breaker")
        guard let name = fields["name"].flatMap({ string($0, "`name`") }), let scopeNode = fields["scope"], let scopeText = string(scopeNode, "`scope`"),
              let runs = fields["max-runs"].flatMap({ int($0, "`max-runs`") }), let window = fields["window"].flatMap({ duration($0, "`window`") }) else {
            error(.missingKey, "a breaker needs `name`, `scope`, `max-runs` and `window`", at: node, fix: "write `- { name: overall, scope: overall, max-runs: 20, window: 10m }`")
            return nil
        }
        guard let scope = Breaker.Scope(rawValue: scopeText) else {
            error(.invalidValue, "scope '\(scopeText)' is not overall, account or rule", at: scopeNode, fix: "write `scope: account`")
            return nil
        }
        guard runs >= 0 else {
            error(.invalidValue, "`max-runs` must be 0 or more", at: node, fix: "write `max-runs: 20` (0: every automatic containment waits for approval)")
            return nil
        }
        return Breaker(name: name, scope: scope, maxRuns: runs, maxTargets: fields["max-targets"].flatMap { int($0, "`max-targets`") }, window: window.duration)
    }
}
