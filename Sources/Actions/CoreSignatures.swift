public import RunbookModel

/// Signatures of the actions that do not touch AWS: `notify.log`, `core.wait`, `core.fail`, `core.noop`.
public enum CoreSignatures {
    public static let notifyLog = ActionSignature(
        name: "notify.log", summary: "Writes a message to the run's log and audit trail.",
        inputs: [.init("message", .string, required: true, "The message; may interpolate ${{ … }}."),
                 .init("level", .string, default: "info", "info, warning or error.")],
        outputs: [.init("message", .string, "The message as written.")],
        mutates: false)

    public static let wait = ActionSignature(
        name: "core.wait", summary: "Waits for a duration (on the run's clock: virtual in game days).",
        inputs: [.init("duration", .duration, required: true, "How long, e.g. 30s or 5m.")],
        outputs: [.init("waited", .duration, "How long it waited.")],
        mutates: false)

    public static let fail = ActionSignature(
        name: "core.fail", summary: "Fails the step with a message, e.g. on a branch that must stop the run.",
        inputs: [.init("message", .string, required: true, "Why the run stops.")],
        mutates: false)

    public static let noop = ActionSignature(
        name: "core.noop", summary: "Does nothing; a join point or placeholder in a graph.",
        mutates: false)

    /// All of them.
    public static let all = [notifyLog, wait, fail, noop]
}
