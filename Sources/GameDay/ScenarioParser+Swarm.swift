import Foundation
import MockAWS
import Providers
import RunbookModel
import Yams

/// The `swarm:` section: the fault space a swarm draws from.
extension ScenarioParser {
    static let swarmKeys = ["max-faults", "within", "throttle", "fail", "slow", "terminate", "late-approvals"]
    static let swarmFix = "write e.g. `swarm: { throttle: { operations: [CreateSnapshot] }, fail: { operations: [DetachInstances] } }`; see Runbooks/gamedays/README.md"

    mutating func faultSpace(_ node: Node) -> FaultSpace? {
        guard let fields = mapping(node, "`swarm`", fix: Self.swarmFix) else { return nil }
        checkKeys(fields, allowed: Self.swarmKeys, in: "`swarm`")
        var space = FaultSpace()
        if let node = fields["max-faults"], let count = int(node, "`swarm.max-faults`") {
            if (1...20).contains(count) { space.maxFaults = count } else {
                error(.invalidValue, "`swarm.max-faults` must be 1 to 20, not \(count)", at: node, fix: "write e.g. `max-faults: 3`")
            }
        }
        if let node = fields["within"], let within = duration(node, "`swarm.within`") { space.within = within.duration }
        if let node = fields["throttle"], let section = mapping(node, "`swarm.throttle`", fix: "write `throttle: { operations: [CreateSnapshot], for: 1m }`") {
            checkKeys(section, allowed: ["operations", "for"], in: "`swarm.throttle`")
            space.throttle = operations(section, in: "swarm.throttle", at: node)
            if let node = section["for"], let lasting = duration(node, "`swarm.throttle.for`") { space.throttleFor = lasting.duration }
        }
        if let node = fields["fail"], let section = mapping(node, "`swarm.fail`", fix: "write `fail: { operations: [CreateSnapshot], errors: [InternalError], calls: 3 }`") {
            checkKeys(section, allowed: ["operations", "errors", "calls"], in: "`swarm.fail`")
            space.fail = operations(section, in: "swarm.fail", at: node)
            if let node = section["errors"] {
                let codes = names(node, "`swarm.fail.errors`")
                if codes.isEmpty { error(.invalidValue, "`swarm.fail.errors` names no error code", at: node, fix: "write e.g. `errors: [InternalError, Unavailable]`") }
                else { space.errors = codes.map(\.value) }
            }
            if let node = section["calls"], let calls = int(node, "`swarm.fail.calls`") {
                if calls >= 1 { space.failCalls = calls } else { error(.invalidValue, "`swarm.fail.calls` must be at least 1", at: node, fix: "write e.g. `calls: 3`") }
            }
        }
        if let node = fields["slow"], let section = mapping(node, "`swarm.slow`", fix: "write `slow: { operations: [DescribeInstances], by: 10s }`") {
            checkKeys(section, allowed: ["operations", "by"], in: "`swarm.slow`")
            space.slow = operations(section, in: "swarm.slow", at: node)
            if let node = section["by"], let by = duration(node, "`swarm.slow.by`") {
                if by.milliseconds >= 100 { space.slowBy = by.duration } else { error(.invalidValue, "`swarm.slow.by` must be at least 100ms", at: node, fix: "write e.g. `by: 10s`") }
            }
        }
        if let node = fields["terminate"] {
            let instances = names(node, "`swarm.terminate`")
            for instance in instances where !ResourceIdentifier.isInstanceID(instance.value) {
                appendDiagnostic(.error(.invalidValue, "'\(instance.value)' is not an instance id", at: instance.location, fix: "write 'i-' followed by hex digits, e.g. `terminate: [i-123]`"))
            }
            space.terminate = instances.map(\.value)
        }
        if let node = fields["late-approvals"], let late = duration(node, "`swarm.late-approvals`") { space.lateApprovals = late.duration }
        if space.isEmpty {
            error(.missingKey, "`swarm` declares nothing that may go wrong", at: node, fix: Self.swarmFix)
            return nil
        }
        return space
    }

    /// A section's `operations`: known operation names, each misspelt one reported with a suggestion.
    private mutating func operations(_ section: MappingFields, in path: String, at node: Node) -> [String] {
        guard let list = section["operations"] else {
            error(.missingKey, "`\(path)` needs `operations`", at: node, fix: "write e.g. `operations: [CreateSnapshot, DetachInstances]`")
            return []
        }
        let known = AWSOperation.all.map(\.name)
        var names: [String] = []
        for name in self.names(list, "`\(path).operations`") {
            if AWSOperation.named(name.value) != nil { names.append(name.value) } else {
                appendDiagnostic(.error(.unknownName, "unknown operation '\(name.value)'\(Suggestion.phrase(for: name.value, in: known))", at: name.location,
                                        fix: "use one of: \(known.joined(separator: ", "))"))
            }
        }
        return names
    }
}
