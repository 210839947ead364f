/// Binds the values a user gave (`--param name=value`) to a runbook's declared parameters:
/// converts text to each parameter's type, applies defaults, and checks required and
/// allowed values. Problems name the flag and the parameter.
public enum ParameterBinding {
    /// Binds parameter values.
    ///
    /// - Parameters:
    ///   - given: Name to the text the user gave, in the order given.
    ///   - runbook: The runbook whose parameters they are.
    ///   - scope: The run's scope (for defaults that interpolate `run.*`).
    ///   - flag: How the command line spells the flag that sets a parameter, for messages.
    /// - Returns: Every declared parameter's value (null when optional and absent).
    /// - Throws: ``ParameterBindingError`` listing every problem.
    public static func bind(_ given: [(name: String, text: String)], to runbook: Runbook,
                            scope: ExpressionScope = ExpressionScope(roots: [:]),
                            flag: (String) -> String = { "--param \($0)" }) throws(ParameterBindingError) -> [String: Value] {
        var values: [String: Value] = [:]
        var problems: [String] = []
        /// Parameters that already have a problem, so a missing-value error is not added on top.
        var rejected = Set<String>()
        func reject(_ name: String, _ message: String) {
            rejected.insert(name)
            problems.append("\(flag(name)): \(message)")
        }
        let names = runbook.parameters.map(\.name)
        for (name, text) in given {
            guard let parameter = runbook.parameter(named: name) else {
                reject(name, "runbook '\(runbook.name)' has no parameter '\(name)'\(Suggestion.phrase(for: name, in: names))"
                                + (names.isEmpty ? "" : " (its parameters: \(names.joined(separator: ", ")))"))
                continue
            }
            if values[name] != nil {
                reject(name, "given twice; give each parameter once")
                continue
            }
            switch parameter.type.parse(text) {
            case .success(let value):
                if let allowed = parameter.allowedValues, !allowed.contains(value) {
                    reject(name, "'\(value.interpolated)' is not allowed; use one of \(allowed.map(\.interpolated).joined(separator: ", "))")
                } else {
                    values[name] = value
                }
            case .failure(let problem):
                reject(name, problem.message)
            }
        }
        for parameter in runbook.parameters where values[parameter.name] == nil {
            if let defaultValue = parameter.defaultValue {
                let value = defaultValue.evaluate(in: scope)
                if case .failure(let problem) = parameter.type.check(value), value != .null {
                    reject(parameter.name, "its default \(problem.message); give the parameter explicitly")
                }
                values[parameter.name] = value
            } else if parameter.required {
                if !rejected.contains(parameter.name) {
                    reject(parameter.name, "required by runbook '\(runbook.name)' (\(parameter.type.rawValue)\(parameter.description.map { ": \($0)" } ?? ""))")
                }
            } else {
                values[parameter.name] = .null
            }
        }
        guard problems.isEmpty else { throw ParameterBindingError(problems: problems) }
        return values
    }
}

/// Why parameter values could not be bound; every problem names its flag.
public struct ParameterBindingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// One line per problem, each starting with the flag.
    public var problems: [String]
    public var description: String { problems.joined(separator: "\n") }
}
