import Yams

/// Reading expressions, templates and free-form values out of YAML nodes; the typed scalar
/// helpers they build on are ``YAMLNodeReader``'s.
extension RunbookParser {
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
}
