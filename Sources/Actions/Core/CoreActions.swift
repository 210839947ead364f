public import RunbookModel
import Providers

/// `notify.log`: writes a message to the run's log and audit trail.
public struct NotifyLogAction: ActionImplementation {
    public init() {}
    public var signature: ActionSignature { CoreSignatures.notifyLog }

    public func run(_ context: ActionContext) async throws -> [String: Value] {
        let message = try context.string("message")
        let text = context.inputs["level"]?.stringValue ?? "info"
        guard let level = LogLevel(rawValue: text) else {
            throw ActionError(code: "InvalidInput", message: "level must be info, warning or error, not '\(text)'")
        }
        context.log(level, message)
        return ["message": .string(message)]
    }
}

/// `core.wait`: waits on the run's clock (virtual in game days).
public struct WaitAction: ActionImplementation {
    public init() {}
    public var signature: ActionSignature { CoreSignatures.wait }

    public func run(_ context: ActionContext) async throws -> [String: Value] {
        let text = try context.string("duration")
        guard let duration = RunbookDuration(parsing: text) else {
            throw ActionError(code: "InvalidInput", message: "'\(text)' is not a duration; write e.g. 30s or 5m")
        }
        try await context.clock.sleep(for: duration.duration)
        return ["waited": .string(duration.description)]
    }
}

/// `core.fail`: fails the step on purpose.
public struct FailAction: ActionImplementation {
    public init() {}
    public var signature: ActionSignature { CoreSignatures.fail }

    public func run(_ context: ActionContext) async throws -> [String: Value] {
        throw ActionError(code: "Failed", message: try context.string("message"))
    }
}

/// `core.noop`: does nothing.
public struct NoopAction: ActionImplementation {
    public init() {}
    public var signature: ActionSignature { CoreSignatures.noop }

    public func run(_ context: ActionContext) async throws -> [String: Value] { [:] }
}
