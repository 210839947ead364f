public import Foundation
public import RunbookModel

/// One event of an execution's history, as the import reads it: the Step Functions API's
/// `HistoryEvent` with the details irun uses flattened.
public struct ExecutionEvent: Sendable, Hashable {
    public var id: Int
    /// The event before it on the same path of the execution (a Map iteration's events chain
    /// back to its `MapIterationStarted`).
    public var previousID: Int?
    public var time: Date
    /// `TaskStateEntered`, `TaskScheduled`, `TaskSucceeded`, `ExecutionFailed`, ….
    public var type: String
    /// The state, for state-entered and state-exited events.
    public var state: String?
    public var input: String?
    public var output: String?
    public var error: String?
    public var cause: String?
    /// A task's parameters (TaskScheduled), JSON text.
    public var parameters: String?
    /// The Map state of a `MapIterationStarted` event, and the iteration's index.
    public var mapName: String?
    public var mapIndex: Int?

    public init(id: Int, previousID: Int?, time: Date, type: String, state: String? = nil, input: String? = nil, output: String? = nil,
                error: String? = nil, cause: String? = nil, parameters: String? = nil, mapName: String? = nil, mapIndex: Int? = nil) {
        self.id = id
        self.previousID = previousID
        self.time = time
        self.type = type
        self.state = state
        self.input = input
        self.output = output
        self.error = error
        self.cause = cause
        self.parameters = parameters
        self.mapName = mapName
        self.mapIndex = mapIndex
    }

    var isStateEntered: Bool { type.hasSuffix("StateEntered") }
    var isStateExited: Bool { type.hasSuffix("StateExited") }

    /// The JSON of the input, output or parameters.
    static func json(_ text: String?) -> Value {
        guard let text, let data = text.data(using: .utf8), let node = try? ASLNode(parsing: data) else { return .null }
        return node.value
    }
}

extension ASLNode {
    /// The node as a runbook value.
    var value: Value {
        switch self {
        case .string(let text): .string(text)
        case .int(let number): .int(number)
        case .double(let number): .double(number)
        case .bool(let flag): .bool(flag)
        case .null: .null
        case .array(let elements): .list(elements.map(\.value))
        case .object(let members): .object(Dictionary(members.map { ($0.key, $0.value.value) }, uniquingKeysWith: { first, _ in first }))
        }
    }
}
