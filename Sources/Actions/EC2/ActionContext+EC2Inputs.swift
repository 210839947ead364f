import RunbookModel

extension ActionContext {
    /// The instance id in input `name`, checked for shape before any request names it.
    ///
    /// - Parameter name: The input's name.
    /// - Returns: The id.
    /// - Throws: ``ActionError`` `InvalidInput` naming the input and what a valid id looks like.
    func instanceID(_ name: String = "instance") throws -> String {
        guard case .string(let id)? = inputs[name] else {
            throw ActionError(code: "InvalidInput", message: "input '\(name)' of step '\(step)' must be an instance id such as i-0abc1234, got \(inputs[name]?.json.prefix(80) ?? "nothing")")
        }
        guard ResourceIdentifier.isInstanceID(id) else {
            throw ActionError(code: "InvalidInput", message: "input '\(name)' of step '\(step)' is '\(id.prefix(80))', which is not an instance id: a valid one is 'i-' followed by 1 to 17 lowercase hex digits, e.g. i-0abc1234")
        }
        return id
    }

    /// An optional string input: `nil` when absent, null or empty.
    ///
    /// - Parameter name: The input's name.
    /// - Returns: The text, or `nil`.
    /// - Throws: ``ActionError`` `InvalidInput` when it holds something other than a string.
    func optionalString(_ name: String) throws -> String? {
        switch inputs[name] {
        case nil, .null?: return nil
        case .string(let text)?: return text.isEmpty ? nil : text
        case let other?: throw ActionError(code: "InvalidInput", message: "input '\(name)' of step '\(step)' must be a string, got \(other.json.prefix(80))")
        }
    }

    /// A boolean input, or `defaultValue` when absent or null.
    ///
    /// - Throws: ``ActionError`` `InvalidInput` when it holds something else.
    func flag(_ name: String, default defaultValue: Bool) throws -> Bool {
        switch inputs[name] {
        case nil, .null?: return defaultValue
        case .bool(let value)?: return value
        case let other?: throw ActionError(code: "InvalidInput", message: "input '\(name)' of step '\(step)' must be true or false, got \(other.json.prefix(80))")
        }
    }

    /// A duration input such as `30m`, or `defaultValue` when absent or null.
    ///
    /// - Throws: ``ActionError`` `InvalidInput` when it is not a duration.
    func duration(_ name: String, default defaultValue: RunbookDuration) throws -> RunbookDuration {
        guard let text = try optionalString(name) else { return defaultValue }
        guard let duration = RunbookDuration(parsing: text) else {
            throw ActionError(code: "InvalidInput", message: "input '\(name)' of step '\(step)' is '\(text.prefix(80))', which is not a duration; write e.g. 30s, 15m or 1h")
        }
        return duration
    }

    /// The name of an evidence artifact, unique within the run: `base` on a step's first
    /// attempt, with the step and attempt added otherwise (evidence is write-once per name,
    /// and a retry may see a changed world).
    ///
    /// - Parameters:
    ///   - base: The artifact's usual name, e.g. `instance-description`.
    ///   - usualStep: The step name under which `base` alone is used.
    func evidenceName(_ base: String, usualStep: String) -> String {
        var name = base
        if step != usualStep { name += "-\(step)" }
        if attempt > 1 { name += "-attempt-\(attempt)" }
        return name
    }
}
