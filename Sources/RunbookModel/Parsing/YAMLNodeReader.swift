package import Yams

/// Reads typed values out of YAML nodes and collects a diagnostic for each value of the wrong
/// shape, pointing at the node.
///
/// ``RunbookParser`` and the world-file parser of MockAWS share these helpers, so both file
/// formats resolve scalars the same way (YAML 1.2 core schema), refuse anchors the same way,
/// and word their diagnostics alike.
package protocol YAMLNodeReader {
    /// The path diagnostics name.
    var path: String { get }
    /// Every diagnostic found so far, in the order found.
    var diagnostics: [Diagnostic] { get set }
    /// What the files are called in messages, plural: `runbooks`, `world files`.
    static var documentPlural: String { get }
}

extension YAMLNodeReader {
    /// Where `node` starts.
    ///
    /// - Parameter node: A node of the file being read.
    /// - Returns: Its line and column in ``path``.
    package func location(_ node: Node) -> SourceLocation {
        SourceLocation(file: path, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    /// Records an error at `node`.
    ///
    /// - Parameters:
    ///   - code: The stable kind.
    ///   - message: What is wrong.
    ///   - node: Where.
    ///   - fix: How to fix it.
    package mutating func error(_ code: Diagnostic.Code, _ message: String, at node: Node, fix: String? = nil) {
        appendDiagnostic(.error(code, message, at: location(node), fix: fix))
    }

    /// Records a diagnostic.
    ///
    /// - Parameter diagnostic: The diagnostic.
    package mutating func appendDiagnostic(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    /// The node as a mapping, or a diagnostic saying what was expected.
    ///
    /// - Parameters:
    ///   - node: The node.
    ///   - what: What the value is, for the message (`step 'a'`).
    ///   - fix: How to write it.
    /// - Returns: The mapping's fields, or `nil` after a diagnostic.
    package mutating func mapping(_ node: Node, _ what: String, fix: String) -> MappingFields? {
        if case .mapping(let mapping) = node {
            rejectAnchor(node)
            return MappingFields(mapping)
        }
        error(.wrongShape, "\(what) must be a mapping, not \(describe(node))", at: node, fix: fix)
        return nil
    }

    /// Reports every key of `mapping` that is not in `allowed`, suggesting the closest allowed key.
    ///
    /// - Parameters:
    ///   - mapping: The mapping.
    ///   - allowed: The keys it may have.
    ///   - what: What the mapping is, for the message.
    package mutating func checkKeys(_ mapping: MappingFields, allowed: [String], in what: String) {
        for keyNode in mapping.keys {
            guard let name = key(keyNode), !allowed.contains(name) else { continue }
            let suggestion = Suggestion.closest(to: name, in: allowed)
            error(.unknownKey, "unknown key '\(name)' in \(what)" + Suggestion.phrase(suggesting: suggestion), at: keyNode,
                  fix: suggestion.map { "rename it to `\($0)`" } ?? "the keys here are \(allowed.joined(separator: ", "))")
        }
    }

    /// A mapping key as a string.
    ///
    /// - Parameter node: The key node.
    /// - Returns: Its text, or `nil` after a diagnostic when it is not a scalar.
    package mutating func key(_ node: Node) -> String? {
        guard case .scalar(let scalar) = node else {
            error(.wrongShape, "a key must be a plain name, not \(describe(node))", at: node, fix: "write a plain name before the colon")
            return nil
        }
        return scalar.string
    }

    /// The text of a non-empty scalar (numbers and booleans as written).
    ///
    /// - Parameters:
    ///   - node: The node.
    ///   - what: What the value is, for the message.
    /// - Returns: The text, or `nil` after a diagnostic.
    package mutating func string(_ node: Node, _ what: String) -> String? {
        guard case .scalar(let scalar) = node else {
            error(.wrongShape, "\(what) must be text, not \(describe(node))", at: node, fix: "write a single value; quote it if it contains ': ' or starts with a special character")
            return nil
        }
        rejectAnchor(node)
        if scalar.style == .plain, scalarValue(scalar) == .null {
            error(.wrongShape, "\(what) is empty", at: node, fix: "give it a value")
            return nil
        }
        return scalar.string
    }

    /// A `true` or `false` scalar.
    ///
    /// - Parameters:
    ///   - node: The node.
    ///   - what: What the value is, for the message.
    /// - Returns: The boolean, or `nil` after a diagnostic.
    package mutating func bool(_ node: Node, _ what: String) -> Bool? {
        if case .scalar(let scalar) = node, case .bool(let value) = scalarValue(scalar) { return value }
        error(.wrongShape, "\(what) must be true or false", at: node, fix: "write `true` or `false`")
        return nil
    }

    /// A whole-number scalar.
    ///
    /// - Parameters:
    ///   - node: The node.
    ///   - what: What the value is, for the message.
    /// - Returns: The number, or `nil` after a diagnostic.
    package mutating func int(_ node: Node, _ what: String) -> Int? {
        if case .scalar(let scalar) = node, case .int(let value) = scalarValue(scalar) { return value }
        error(.wrongShape, "\(what) must be a whole number", at: node, fix: "write digits only, e.g. 3")
        return nil
    }

    /// A number scalar, whole or not (`3`, `0.25`).
    ///
    /// - Parameters:
    ///   - node: The node.
    ///   - what: What the value is, for the message.
    /// - Returns: The number, or `nil` after a diagnostic.
    package mutating func number(_ node: Node, _ what: String) -> Double? {
        if case .scalar(let scalar) = node {
            switch scalarValue(scalar) {
            case .int(let value): return Double(value)
            case .double(let value): return value
            default: break
            }
        }
        error(.wrongShape, "\(what) must be a number", at: node, fix: "write e.g. 3 or 0.5")
        return nil
    }

    /// A duration such as `500ms`, `30s` or `1h30m`.
    ///
    /// - Parameters:
    ///   - node: The node.
    ///   - what: What the value is, for the message.
    /// - Returns: The duration, or `nil` after a diagnostic.
    package mutating func duration(_ node: Node, _ what: String) -> RunbookDuration? {
        guard let text = string(node, what) else { return nil }
        if let duration = RunbookDuration(parsing: text) { return duration }
        error(.invalidValue, "\(what): '\(text)' is not a duration", at: node, fix: "write e.g. 500ms, 30s, 2m or 1h30m")
        return nil
    }

    /// A list of names, or a single name standing for a one-item list.
    ///
    /// - Parameters:
    ///   - node: The node.
    ///   - what: What the value is, for the message.
    /// - Returns: The names with their locations; the ones that could not be read are left out.
    package mutating func names(_ node: Node, _ what: String) -> [Located<String>] {
        switch node {
        case .scalar:
            return string(node, what).map { [Located($0, at: location(node))] } ?? []
        case .sequence(let sequence):
            return sequence.compactMap { item in string(item, "an item of \(what)").map { Located($0, at: location(item)) } }
        default:
            error(.wrongShape, "\(what) must be a name or a list of names", at: node, fix: "write `[capture, protect]`")
            return []
        }
    }

    /// YAML 1.2 core-schema resolution of a scalar: quoted scalars are always strings, so
    /// `"true"` and `"0123"` stay text and `no` is not `false`.
    ///
    /// - Parameter scalar: The scalar.
    /// - Returns: Its value.
    package func scalarValue(_ scalar: Node.Scalar) -> Value {
        let text = scalar.string
        guard scalar.style == .plain || scalar.style == .any else { return .string(text) }
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        if NameRules.isInteger(text), let int = Int(text) { return .int(int) }
        if NameRules.isFloat(text), let double = Double(text) { return .double(double) }
        return .string(text)
    }

    /// Whether `node` is an empty plain scalar (`key:` with nothing after it, `~` or `null`).
    ///
    /// - Parameter node: The node.
    /// - Returns: `true` for a null scalar.
    package func isNull(_ node: Node) -> Bool {
        if case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any, scalarValue(scalar) == .null { return true }
        return false
    }

    /// Reports an anchored (or aliased) node; returns whether it was one.
    ///
    /// - Parameter node: The node.
    /// - Returns: `true` when the node carries an anchor.
    @discardableResult
    package mutating func rejectAnchor(_ node: Node) -> Bool {
        guard node.anchor != nil else { return false }
        error(.wrongShape, "YAML anchors and aliases (&name, *name) are not supported in \(Self.documentPlural)", at: node,
              fix: "write the value out in full")
        return true
    }

    /// A short description of a node for messages: `empty`, `the value 'x'`, `a mapping`, `a list`.
    ///
    /// - Parameter node: The node.
    /// - Returns: The description.
    package func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar) where scalar.style == .plain && scalarValue(scalar) == .null: "empty"
        case .scalar(let scalar): "the value '\(scalar.string.count > 40 ? String(scalar.string.prefix(40)) + "…" : scalar.string)'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}
