/// Where the compiled machine keeps things in its JSON state (JSONPath mode).
///
/// The state is `{"params": {...}, "steps": {...}, "irun": {...}}`: the execution input's
/// parameters, each finished step's output under its key, and irun's own settings (the approval
/// queue). Scratch work of a step lives in `$.scratch` and is dropped when the step ends, so the
/// state stays far below the 256 KiB payload limit. Runbook names may hold `-`, which JSONPath's
/// dot notation does not take, so keys are the names with `-` turned into `_`.
enum DataLayout {
    static let scratch = "$.scratch"
    static let irunSettings = "$.irun"

    /// The JSON key for a step or parameter name.
    static func key(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
    }

    static func parameter(_ name: String) -> String { "$.params.\(key(name))" }
    static func step(_ name: String) -> String { "$.steps.\(key(name))" }
}
