import Foundation
import MockAWS
public import RunbookModel
import Yams

/// Reads a game-day scenario file into a ``Scenario``, with a diagnostic (file:line:column and a
/// fix) for every problem, like runbooks and world files.
struct ScenarioParser: YAMLNodeReader {
    static let documentPlural = "scenarios"
    static let topLevelKeys = ["scenario", "description", "lesson", "world", "seed", "incident", "faults", "terminations", "approvals", "observe-for", "expect", "expected-failures", "swarm"]
    static let incidentKeys = ["runbook", "instance", "instances", "tag", "parameters", "finding", "at", "concurrency"]
    static let expectationKeys = [
        "contained-within", "evidence-complete", "instance-survives", "bystanders-untouched", "no-repeated-mutations", "status",
        "max-api-calls", "max-mutating-calls", "isolated-everywhere", "instance-state",
    ]

    let path: String
    /// Where named worlds are (`<runbooks>/worlds`).
    let worldsDirectories: [String]
    var diagnostics: [Diagnostic] = []

    mutating func scenario(from root: Node) -> Scenario? {
        guard let fields = mapping(root, "a scenario", fix: "start with `scenario: my-game-day`; see Runbooks/gamedays/README.md") else { return nil }
        checkKeys(fields, allowed: Self.topLevelKeys, in: "the scenario")
        let name = fields["scenario"].flatMap { string($0, "`scenario`") }
        if name == nil, fields["scenario"] == nil { error(.missingKey, "a scenario needs a name", at: root, fix: "add `scenario: my-game-day` at the top") }
        let world = fields["world"].map { self.world($0) } ?? WorldSpec.defaultWorld()
        let seed = fields["seed"].flatMap { int($0, "`seed`") }.map(UInt64.init) ?? world?.seed ?? 1
        guard let incidentNode = fields["incident"] else {
            error(.missingKey, "a scenario needs an `incident`", at: root, fix: "add `incident: { runbook: ec2-quarantine, instance: i-123 }`")
            return nil
        }
        let incident = incident(incidentNode)
        var faults: [FaultRule] = []
        if let node = fields["faults"] { for (index, item) in list(node, "`faults`").enumerated() { faults.append(fault(item, index: index)) } }
        var terminations: [Scenario.Termination] = []
        if let node = fields["terminations"] { for item in list(node, "`terminations`") { if let termination = termination(item) { terminations.append(termination) } } }
        var approvals: [Scenario.ApprovalAnswer] = []
        if let node = fields["approvals"] { for item in list(node, "`approvals`") { if let answer = approval(item) { approvals.append(answer) } } }
        let observe = fields["observe-for"].flatMap { duration($0, "`observe-for`") }?.duration ?? .seconds(3600)
        let expectations = fields["expect"].map { self.expectations($0) } ?? Scenario.Expectations()
        var expectedFailures: Set<String> = []
        if let node = fields["expected-failures"] {
            for item in names(node, "`expected-failures`") {
                if Self.expectationKeys.contains(item.value) { expectedFailures.insert(item.value) } else {
                    appendDiagnostic(.error(.unknownName, "`\(item.value)` is not an expectation\(Suggestion.phrase(for: item.value, in: Self.expectationKeys))", at: item.location, fix: "use one of: \(Self.expectationKeys.joined(separator: ", "))"))
                }
            }
        }
        let swarm = fields["swarm"].flatMap { faultSpace($0) }
        guard let name, let world, let incident, !diagnostics.contains(where: { $0.severity == .error }) else { return nil }
        return Scenario(
            name: name, description: fields["description"].flatMap { string($0, "`description`") } ?? "",
            lesson: fields["lesson"].flatMap { string($0, "`lesson`") } ?? "", path: path, world: world, seed: seed,
            incident: incident, faults: faults, terminations: terminations, approvals: approvals, observeFor: observe,
            expectations: expectations, expectedFailures: expectedFailures, swarm: swarm
        )
    }

    mutating func list(_ node: Node, _ what: String) -> [Node] {
        if case .sequence(let items) = node { return Array(items) }
        error(.wrongShape, "\(what) must be a list", at: node, fix: "write one `- …` item per line")
        return []
    }

    mutating func world(_ node: Node) -> WorldSpec? {
        if case .mapping = node {
            let result = WorldFileLoader.parse(root: node, path: path)
            for diagnostic in result.diagnostics { appendDiagnostic(diagnostic) }
            return result.spec
        }
        guard let reference = string(node, "`world`") else { return nil }
        let file = reference.hasSuffix(".yaml") || reference.contains("/")
            ? URL(fileURLWithPath: reference, relativeTo: URL(fileURLWithPath: path).deletingLastPathComponent()).path
            : worldsDirectories.map { "\($0)/\(reference).yaml" }.first { FileManager.default.fileExists(atPath: $0) } ?? "\(worldsDirectories.first ?? "worlds")/\(reference).yaml"
        if reference == "default" && !FileManager.default.fileExists(atPath: file) { return WorldSpec.defaultWorld() }
        guard FileManager.default.fileExists(atPath: file) else {
            error(.unknownName, "no world '\(reference)' (looked for \(file))", at: node, fix: "name a file in Runbooks/worlds/ or write the world inline under `world:`")
            return nil
        }
        let result = WorldFileLoader.load(contentsOf: URL(fileURLWithPath: file))
        if result.spec == nil {
            error(.invalidValue, "world file \(file) is invalid (\(result.errors.count) errors; `irun world show \(file)` lists them)", at: node, fix: "fix the world file")
        }
        return result.spec
    }

    mutating func incident(_ node: Node) -> Scenario.Incident? {
        guard let fields = mapping(node, "`incident`", fix: "write `incident: { runbook: ec2-quarantine, instance: i-123 }`") else { return nil }
        checkKeys(fields, allowed: Self.incidentKeys, in: "`incident`")
        guard let runbookNode = fields["runbook"], let runbook = string(runbookNode, "`incident.runbook`") else {
            error(.missingKey, "the incident needs a `runbook`", at: node, fix: "add `runbook: ec2-quarantine`")
            return nil
        }
        var instances: [String] = []
        if let single = fields["instance"], let id = string(single, "`incident.instance`") { instances.append(id) }
        if let many = fields["instances"] { instances += names(many, "`incident.instances`").map(\.value) }
        for (index, id) in instances.enumerated() where !ResourceIdentifier.isInstanceID(id) {
            error(.invalidValue, "'\(id)' is not an instance id", at: fields["instances"] ?? fields["instance"] ?? node, fix: "write 'i-' followed by hex digits (item \(index + 1))")
        }
        var parameters: [String: String] = [:]
        if let node = fields["parameters"], let values = mapping(node, "`incident.parameters`", fix: "write `parameters: { case: GD-1 }`") {
            for (key, value) in values { if let name = self.key(key), let text = string(value, "parameter `\(name)`") { parameters[name] = text } }
        }
        var finding: [String: Value] = [:]
        if let node = fields["finding"], let values = mapping(node, "`incident.finding`", fix: "write `finding: { type: …, severity: 8 }`") {
            for (key, value) in values {
                if let name = self.key(key), case .scalar(let scalar) = value { finding[name] = scalarValue(scalar) }
            }
        }
        let tag = fields["tag"].flatMap { string($0, "`incident.tag`") }
        if let tag, !tag.contains("=") { error(.invalidValue, "`incident.tag` must be Key=Value", at: fields["tag"]!, fix: "write `tag: Role=web`") }
        if instances.isEmpty && tag == nil && parameters["instance"] == nil && parameters["run"] == nil {
            error(.missingKey, "the incident names no target", at: node, fix: "add `instance: i-123`, `instances: [...]` or `tag: Key=Value`")
        }
        return Scenario.Incident(
            runbook: runbook, parameters: parameters, instances: instances, tag: tag, finding: finding,
            at: fields["at"].flatMap { duration($0, "`incident.at`") }?.duration ?? .zero,
            concurrency: fields["concurrency"].flatMap { int($0, "`incident.concurrency`") } ?? 20
        )
    }

    mutating func fault(_ node: Node, index: Int) -> FaultRule {
        let (rule, found) = WorldFileLoader.fault(node, index: index, path: path)
        for diagnostic in found { appendDiagnostic(diagnostic) }
        return rule
    }

    mutating func termination(_ node: Node) -> Scenario.Termination? {
        guard let fields = mapping(node, "a termination", fix: "write `- { instance: i-123, at: 30s }`") else { return nil }
        checkKeys(fields, allowed: ["instance", "at"], in: "a termination")
        guard let instance = fields["instance"].flatMap({ string($0, "`instance`") }), let at = fields["at"].flatMap({ duration($0, "`at`") }) else {
            error(.missingKey, "a termination needs `instance` and `at`", at: node, fix: "write `- { instance: i-123, at: 30s }`")
            return nil
        }
        return Scenario.Termination(instance: instance, at: at.duration)
    }

    mutating func approval(_ node: Node) -> Scenario.ApprovalAnswer? {
        guard let fields = mapping(node, "an approval answer", fix: "write `- { step: stop-instance, decision: deny, after: 10m }`") else { return nil }
        checkKeys(fields, allowed: ["step", "decision", "after", "actor"], in: "an approval answer")
        guard let step = fields["step"].flatMap({ string($0, "`step`") }), let decisionNode = fields["decision"], let text = string(decisionNode, "`decision`") else {
            error(.missingKey, "an approval answer needs `step` and `decision`", at: node, fix: "write `- { step: stop-instance, decision: approve }`")
            return nil
        }
        guard let decision = Scenario.ApprovalAnswer.Decision(rawValue: text) else {
            error(.invalidValue, "`decision` must be approve or deny, not '\(text)'", at: decisionNode, fix: "write `decision: approve` or `decision: deny`")
            return nil
        }
        return Scenario.ApprovalAnswer(
            step: step, decision: decision, after: fields["after"].flatMap { duration($0, "`after`") }?.duration ?? .zero,
            actor: fields["actor"].flatMap { string($0, "`actor`") } ?? "game-day"
        )
    }

    mutating func expectations(_ node: Node) -> Scenario.Expectations {
        var expectations = Scenario.Expectations()
        guard let fields = mapping(node, "`expect`", fix: "write `expect: { instance-survives: true }`") else { return expectations }
        checkKeys(fields, allowed: Self.expectationKeys, in: "`expect`")
        expectations.containedWithin = fields["contained-within"].flatMap { duration($0, "`contained-within`") }?.duration
        expectations.evidenceComplete = fields["evidence-complete"].flatMap { bool($0, "`evidence-complete`") }
        expectations.instanceSurvives = fields["instance-survives"].flatMap { bool($0, "`instance-survives`") }
        expectations.noRepeatedMutations = fields["no-repeated-mutations"].flatMap { bool($0, "`no-repeated-mutations`") }
        expectations.isolatedEverywhere = fields["isolated-everywhere"].flatMap { bool($0, "`isolated-everywhere`") }
        expectations.maxAPICalls = fields["max-api-calls"].flatMap { int($0, "`max-api-calls`") }
        expectations.maxMutatingCalls = fields["max-mutating-calls"].flatMap { int($0, "`max-mutating-calls`") }
        expectations.instanceState = fields["instance-state"].flatMap { string($0, "`instance-state`") }
        if let node = fields["status"], let text = string(node, "`status`") {
            if let status = RunStatus(rawValue: text) { expectations.status = status } else {
                error(.invalidValue, "`status` '\(text)' is not a run status", at: node, fix: "use one of: \(RunStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        if let node = fields["bystanders-untouched"] {
            if case .scalar(let scalar) = node, scalarValue(scalar) == .bool(true) { expectations.bystandersUntouched = [] } else {
                expectations.bystandersUntouched = names(node, "`bystanders-untouched`").map(\.value)
            }
        }
        return expectations
    }
}

/// Loads scenario files.
public enum ScenarioLoader {
    static let fileKind = YAMLFileKind(
        noun: "scenario", fileNoun: "scenario file", plural: "scenarios",
        startFix: "start with `scenario: my-game-day`, then `incident:` and `expect:`; see Runbooks/gamedays/README.md",
        missingFileFix: "check the path; the shipped scenarios are in Runbooks/gamedays/",
        tooLargeFix: "describe large fleets in the world with `fleets:`", maximumFileSize: RunbookLoader.maximumFileSize
    )

    /// Reads and checks a scenario file.
    ///
    /// - Parameters:
    ///   - path: The scenario file.
    ///   - worldsDirectories: Where named worlds are, searched in order.
    /// - Returns: The scenario (when valid) and every diagnostic.
    public static func load(path: String, worldsDirectories: [String]) -> (scenario: Scenario?, diagnostics: [Diagnostic]) {
        let text: String
        switch YAMLFileReader.bytes(contentsOf: path, kind: fileKind).flatMap({ YAMLFileReader.text(from: $0, path: path, kind: fileKind) }) {
        case .success(let read): text = read
        case .failure(let failure): return (nil, [failure.diagnostic])
        }
        switch YAMLFileReader.document(from: text, path: path, kind: fileKind) {
        case .failure(let failure): return (nil, [failure.diagnostic])
        case .success(let document):
            return withExtendedLifetime(document.parser) {
                var parser = ScenarioParser(path: path, worldsDirectories: worldsDirectories)
                let scenario = parser.scenario(from: document.root)
                return (scenario, parser.diagnostics)
            }
        }
    }
}
