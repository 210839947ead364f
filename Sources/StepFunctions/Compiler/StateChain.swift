/// The states of one scope (the machine, or a Map's processor), in the order they are added.
struct StateChain: Sendable {
    private(set) var states: [ASLNode.Member] = []

    mutating func add(_ name: String, _ state: ASLNode) {
        states.append(ASLNode.Member(name, state))
    }

    mutating func append(contentsOf other: StateChain) {
        states += other.states
    }

    /// The scope as `{"StartAt": …, "States": {…}}`.
    func scope(startAt: String) -> ASLNode {
        .object([ASLNode.Member("StartAt", .string(startAt)), ASLNode.Member("States", .object(states))])
    }

    /// The scope with every state named `prefix` + its name, transitions renamed to match: a
    /// Map's processor states carry their step's name, so the history says whose they are.
    func scope(startAt: String, prefix: String) -> ASLNode {
        let names = Set(states.map(\.key))
        func renamed(_ node: ASLNode) -> ASLNode {
            guard case .string(let target) = node, names.contains(target) else { return node }
            return .string(prefix + target)
        }
        func retarget(_ state: ASLNode) -> ASLNode {
            var state = state
            for field in ["Next", "Default"] { if let target = state[field] { state = state.setting(field, renamed(target)) } }
            for field in ["Choices", "Catch"] {
                guard let rules = state[field] else { continue }
                state = state.setting(field, .array(rules.elements.map { rule in rule["Next"].map { rule.setting("Next", renamed($0)) } ?? rule }))
            }
            return state
        }
        return .object([ASLNode.Member("StartAt", .string(prefix + startAt)),
                         ASLNode.Member("States", .object(states.map { ASLNode.Member(prefix + $0.key, retarget($0.value)) }))])
    }
}
