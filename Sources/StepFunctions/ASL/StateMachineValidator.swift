import Foundation

/// One thing wrong with a state machine definition, and where: a path such as
/// `States.isolate/modify.Next`.
public struct DefinitionProblem: Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(_ path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}

/// Checks a definition the way CreateStateMachine would before it is sent: every transition
/// lands on a state of the same scope, every state is reachable and ends or moves on, names and
/// size are within the quotas, and `.$` fields hold paths or intrinsic functions.
///
/// It is not a full ASL schema; it catches what a compiler bug would produce.
public enum StateMachineValidator {
    static let types: Set<String> = ["Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"]
    static let terminalTypes: Set<String> = ["Succeed", "Fail"]

    /// Every problem of `definition`, in document order; empty when it is valid.
    public static func problems(in definition: ASLNode) -> [DefinitionProblem] {
        var problems: [DefinitionProblem] = []
        checkScope(definition, path: "", problems: &problems)
        // Counted as irun sends it (indented, as `irun export` prints it).
        let size = definition.rendered().utf8.count
        if size > StateMachineLimits.definitionBytes {
            problems.append(DefinitionProblem("(definition)", "is \(size) bytes; Step Functions takes at most \(StateMachineLimits.definitionBytes) (1 MB)"))
        }
        return problems
    }

    /// Checks one `StartAt` + `States` scope: the machine, a Map's processor or a Parallel branch.
    private static func checkScope(_ scope: ASLNode, path: String, problems: inout [DefinitionProblem]) {
        let prefix = path.isEmpty ? "" : path + "."
        guard case .object(let states) = scope["States"] ?? .null, !states.isEmpty else {
            problems.append(DefinitionProblem(prefix + "States", "missing or empty: a state machine needs at least one state"))
            return
        }
        let names = Set(states.map(\.key))
        guard let start = scope["StartAt"]?.stringValue else {
            problems.append(DefinitionProblem(prefix + "StartAt", "missing: name the first state"))
            return
        }
        if !names.contains(start) { problems.append(DefinitionProblem(prefix + "StartAt", "names '\(start)', which is not a state here")) }

        var edges: [String: [String]] = [:]
        for member in states {
            let statePath = "\(prefix)States.\(member.key)"
            if member.key.count > StateMachineLimits.nameCharacters {
                problems.append(DefinitionProblem(statePath, "the name is \(member.key.count) characters; at most \(StateMachineLimits.nameCharacters)"))
            }
            let targets = checkState(member.value, path: statePath, problems: &problems)
            for (field, target) in targets where !names.contains(target) {
                problems.append(DefinitionProblem("\(statePath).\(field)", "names '\(target)', which is not a state here (dangling transition)"))
            }
            edges[member.key] = targets.map(\.1)
        }
        var reached: Set<String> = []
        var queue = names.contains(start) ? [start] : []
        while let name = queue.popLast() {
            guard reached.insert(name).inserted else { continue }
            queue += edges[name, default: []].filter(names.contains)
        }
        for member in states where !reached.contains(member.key) {
            problems.append(DefinitionProblem("\(prefix)States.\(member.key)", "no transition reaches it from '\(start)'"))
        }
    }

    /// Checks one state and returns its transitions as (field, target).
    private static func checkState(_ state: ASLNode, path: String, problems: inout [DefinitionProblem]) -> [(String, String)] {
        guard let type = state["Type"]?.stringValue, types.contains(type) else {
            problems.append(DefinitionProblem(path + ".Type", "missing or unknown; one of \(types.sorted().joined(separator: ", "))"))
            return []
        }
        checkDollarFields(state, path: path, problems: &problems)
        var targets: [(String, String)] = []
        let next = state["Next"]?.stringValue
        let ends = state["End"] == .bool(true)
        switch type {
        case "Choice":
            let choices = state["Choices"]?.elements ?? []
            if choices.isEmpty { problems.append(DefinitionProblem(path + ".Choices", "a Choice needs at least one rule")) }
            for (index, choice) in choices.enumerated() {
                if let target = choice["Next"]?.stringValue {
                    targets.append(("Choices[\(index)].Next", target))
                } else {
                    problems.append(DefinitionProblem("\(path).Choices[\(index)].Next", "missing: each rule names the state it chooses"))
                }
            }
            if let fallback = state["Default"]?.stringValue { targets.append(("Default", fallback)) }
            if next != nil || ends { problems.append(DefinitionProblem(path, "a Choice has no Next or End; its rules and Default transition")) }
        case _ where terminalTypes.contains(type):
            if next != nil || ends { problems.append(DefinitionProblem(path, "a \(type) state ends the scope: no Next or End")) }
        default:
            if (next == nil) == !ends {
                problems.append(DefinitionProblem(path, next == nil ? "needs Next or \"End\": true" : "has both Next and End"))
            }
            if let next { targets.append(("Next", next)) }
        }
        if type == "Task", state["Resource"]?.stringValue == nil {
            problems.append(DefinitionProblem(path + ".Resource", "missing: a Task names the integration it calls"))
        }
        for (index, retrier) in (state["Retry"]?.elements ?? []).enumerated() where (retrier["ErrorEquals"]?.elements ?? []).isEmpty {
            problems.append(DefinitionProblem("\(path).Retry[\(index)].ErrorEquals", "missing or empty"))
        }
        for (index, catcher) in (state["Catch"]?.elements ?? []).enumerated() {
            if (catcher["ErrorEquals"]?.elements ?? []).isEmpty { problems.append(DefinitionProblem("\(path).Catch[\(index)].ErrorEquals", "missing or empty")) }
            if let target = catcher["Next"]?.stringValue {
                targets.append(("Catch[\(index)].Next", target))
            } else {
                problems.append(DefinitionProblem("\(path).Catch[\(index)].Next", "missing: a catcher names the state that handles the error"))
            }
        }
        if type == "Map" {
            if let processor = state["ItemProcessor"] ?? state["Iterator"] {
                checkScope(processor, path: path + ".ItemProcessor", problems: &problems)
            } else {
                problems.append(DefinitionProblem(path + ".ItemProcessor", "missing: a Map runs a processor for each item"))
            }
        }
        if type == "Parallel" {
            let branches = state["Branches"]?.elements ?? []
            if branches.isEmpty { problems.append(DefinitionProblem(path + ".Branches", "a Parallel needs at least one branch")) }
            for (index, branch) in branches.enumerated() { checkScope(branch, path: "\(path).Branches[\(index)]", problems: &problems) }
        }
        return targets
    }

    /// A field ending in `.$` must hold a path (`$.…`, `$$.…`) or an intrinsic (`States.…`).
    private static func checkDollarFields(_ node: ASLNode, path: String, problems: inout [DefinitionProblem]) {
        for member in node.members {
            let memberPath = "\(path).\(member.key)"
            if member.key.hasSuffix(".$") {
                let text = member.value.stringValue ?? ""
                if !(text.hasPrefix("$") || text.hasPrefix("States.")) {
                    problems.append(DefinitionProblem(memberPath, "a field ending in .$ holds a path ($.…) or an intrinsic function (States.…)"))
                }
            } else if member.key != "States", member.key != "ItemProcessor", member.key != "Iterator", member.key != "Branches" {
                checkDollarFields(member.value, path: memberPath, problems: &problems)
                for (index, element) in member.value.elements.enumerated() {
                    checkDollarFields(element, path: "\(memberPath)[\(index)]", problems: &problems)
                }
            }
        }
    }
}
