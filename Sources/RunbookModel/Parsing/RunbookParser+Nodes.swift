import Yams

/// Reading typed values out of YAML nodes, with a diagnostic for each value of the wrong shape.
extension RunbookParser {
    func location(_ node: Node) -> SourceLocation {
        SourceLocation(file: path, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    mutating func error(_ code: Diagnostic.Code, _ message: String, at node: Node, fix: String? = nil) {
        appendDiagnostic(.error(code, message, at: location(node), fix: fix))
    }

    mutating func appendDiagnostic(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    /// The node as a mapping, or a diagnostic saying what was expected.
    mutating func mapping(_ node: Node, _ what: String, fix: String) -> MappingFields? {
        if case .mapping(let mapping) = node {
            rejectAnchor(node)
            return MappingFields(mapping)
        }
        error(.wrongShape, "\(what) must be a mapping, not \(describe(node))", at: node, fix: fix)
        return nil
    }

    /// Reports every key of `mapping` that is not in `allowed`, suggesting the closest allowed key.
    mutating func checkKeys(_ mapping: MappingFields, allowed: [String], in what: String) {
        for keyNode in mapping.keys {
            guard let name = key(keyNode), !allowed.contains(name) else { continue }
            let suggestion = Suggestion.closest(to: name, in: allowed)
            error(.unknownKey, "unknown key '\(name)' in \(what)" + Suggestion.phrase(suggesting: suggestion), at: keyNode,
                  fix: suggestion.map { "rename it to `\($0)`" } ?? "the keys here are \(allowed.joined(separator: ", "))")
        }
    }

    /// A mapping key as a string.
    mutating func key(_ node: Node) -> String? {
        guard case .scalar(let scalar) = node else {
            error(.wrongShape, "a key must be a plain name, not \(describe(node))", at: node)
            return nil
        }
        return scalar.string
    }

    mutating func string(_ node: Node, _ what: String) -> String? {
        guard case .scalar(let scalar) = node else {
            error(.wrongShape, "\(what) must be text, not \(describe(node))", at: node)
            return nil
        }
        rejectAnchor(node)
        if scalar.style == .plain, scalarValue(scalar) == .null {
            error(.wrongShape, "\(what) is empty", at: node, fix: "give it a value")
            return nil
        }
        return scalar.string
    }

    mutating func bool(_ node: Node, _ what: String) -> Bool? {
        if case .scalar(let scalar) = node, case .bool(let value) = scalarValue(scalar) { return value }
        error(.wrongShape, "\(what) must be true or false", at: node)
        return nil
    }

    mutating func int(_ node: Node, _ what: String) -> Int? {
        if case .scalar(let scalar) = node, case .int(let value) = scalarValue(scalar) { return value }
        error(.wrongShape, "\(what) must be a whole number", at: node)
        return nil
    }

    mutating func duration(_ node: Node, _ what: String) -> RunbookDuration? {
        guard let text = string(node, what) else { return nil }
        if let duration = RunbookDuration(parsing: text) { return duration }
        error(.invalidValue, "\(what): '\(text)' is not a duration", at: node, fix: "write e.g. 500ms, 30s, 2m or 1h30m")
        return nil
    }

    /// A list of names, or a single name standing for a one-item list.
    mutating func names(_ node: Node, _ what: String) -> [Located<String>] {
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

    /// A condition: a string holding an expression (with or without `${{ }}`), or a literal bool.
    mutating func expression(_ node: Node, _ what: String) -> LocatedExpression? {
        guard case .scalar(let scalar) = node else {
            error(.wrongShape, "\(what) must be an expression, not \(describe(node))", at: node,
                  fix: "write a condition such as `len(steps.capture.output.autoScalingGroups) > 0`")
            return nil
        }
        rejectAnchor(node)
        var text = scalar.string
        var anchor = anchor(of: scalar, node: node)
        // `when: ${{ expr }}` is accepted as a courtesy to GitHub Actions habits.
        let trimmed = text.trimmingWhitespace()
        if trimmed.hasPrefix("${{"), trimmed.hasSuffix("}}"), !trimmed.dropFirst(3).contains("${{") {
            let leading = text.unicodeScalars.prefix { $0.properties.isWhitespace }.count + 3
            text = String(trimmed.dropFirst(3).dropLast(2))
            anchor.location = anchor.location(ofOffset: leading)
        }
        do {
            let parsed = try ExpressionParser.parse(text)
            return LocatedExpression(expression: parsed, text: text, location: anchor.location, offsetsAreColumns: anchor.offsetsAreColumns)
        } catch {
            appendDiagnostic(.error(.expressionSyntax, "\(what): \(error.message)", at: anchor.location(ofOffset: error.offset), fix: error.fix))
            return nil
        }
    }

    /// A string that may interpolate `${{ … }}`.
    mutating func template(_ text: String, scalar: Node.Scalar, node: Node, _ what: String) -> Template? {
        let anchor = anchor(of: scalar, node: node)
        do {
            return try Template.parse(text)
        } catch {
            appendDiagnostic(.error(.expressionSyntax, "\(what): \(error.message)", at: anchor.location(ofOffset: error.offset), fix: error.fix))
            return nil
        }
    }

    /// Any YAML value, with `${{ }}` parsed inside every string.
    mutating func valueTemplate(_ node: Node) -> ValueTemplate? {
        // An aliased value is never expanded: a chain of aliases can stand for exponentially many nodes.
        guard !rejectAnchor(node) else { return nil }
        switch node {
        case .scalar(let scalar):
            let value = scalarValue(scalar)
            guard case .string(let text) = value else { return .value(value) }
            guard let template = template(text, scalar: scalar, node: node, "value") else { return nil }
            return .template(template, anchor: anchor(of: scalar, node: node))
        case .sequence(let sequence):
            var items: [ValueTemplate] = []
            for item in sequence {
                guard let value = valueTemplate(item) else { return nil }
                items.append(value)
            }
            return .list(items)
        case .mapping(let mapping):
            var members: [String: ValueTemplate] = [:]
            for (keyNode, valueNode) in mapping {
                guard let name = key(keyNode), let value = valueTemplate(valueNode) else { return nil }
                members[name] = value
            }
            return .object(members)
        case .alias:
            error(.wrongShape, "YAML aliases are not supported in runbooks", at: node, fix: "write the value out in full")
            return nil
        }
    }

    /// YAML 1.2 core-schema resolution of a scalar: quoted scalars are always strings, so
    /// `"true"` and `"0123"` stay text and `no` is not `false`.
    func scalarValue(_ scalar: Node.Scalar) -> Value {
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

    /// Where a scalar's text starts, and whether offsets in it are columns.
    func anchor(of scalar: Node.Scalar, node: Node) -> TemplateAnchor {
        var start = location(node)
        let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
        if quoted { start = start.advanced(by: 1) }
        let singleLine = (scalar.style == .plain || quoted) && !scalar.string.utf8.contains(UInt8(ascii: "\n"))
        let escapes = scalar.style == .doubleQuoted && sourceLine(start.line).utf8.contains(UInt8(ascii: "\\"))
        return TemplateAnchor(location: start, offsetsAreColumns: singleLine && !escapes)
    }

    private func sourceLine(_ number: Int) -> Substring {
        lines.indices.contains(number - 1) ? lines[number - 1] : ""
    }

    /// Reports an anchored (or aliased) node; returns whether it was one.
    @discardableResult
    private mutating func rejectAnchor(_ node: Node) -> Bool {
        guard node.anchor != nil else { return false }
        error(.wrongShape, "YAML anchors and aliases (&name, *name) are not supported in runbooks", at: node, fix: "write the value out in full")
        return true
    }

    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar) where scalar.style == .plain && scalarValue(scalar) == .null: "empty"
        case .scalar(let scalar): "the value '\(scalar.string.count > 40 ? String(scalar.string.prefix(40)) + "…" : scalar.string)'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}
