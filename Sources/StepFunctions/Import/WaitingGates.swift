import RunbookModel

/// The approval gates an execution is waiting at: each `STEP.approval` task scheduled and not
/// yet answered, with its task token and (fleet form) instance.
public enum WaitingGates {
    public struct Gate: Sendable, Hashable {
        public var token: String
        public var instance: String?
    }

    public static func find(in events: [ExecutionEvent], step: String) -> [Gate] {
        let byID = Dictionary(events.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        // An answer's chain of previous events leads back to the task it answers.
        var answered = Set<Int>()
        for event in events where ["TaskSucceeded", "TaskFailed", "TaskTimedOut"].contains(event.type) {
            var cursor = event.previousID
            while let id = cursor, let previous = byID[id] {
                if previous.type == "TaskScheduled" { answered.insert(id); break }
                cursor = previous.previousID
            }
        }
        var stateOf: [Int: String] = [:]
        var gates: [Gate] = []
        for event in events {
            let state = event.isStateEntered ? event.state : event.previousID.flatMap { stateOf[$0] }
            if let state { stateOf[event.id] = state }
            guard event.type == "TaskScheduled", state == "\(step).approval", !answered.contains(event.id) else { continue }
            let body = ExecutionEvent.json(event.parameters)[member: "MessageBody"]
            let message = body.stringValue.map { ExecutionEvent.json($0) } ?? body
            guard let token = message[member: "taskToken"].stringValue else { continue }
            gates.append(Gate(token: token, instance: message[member: "params"][member: "instance"].stringValue))
        }
        return gates
    }
}
