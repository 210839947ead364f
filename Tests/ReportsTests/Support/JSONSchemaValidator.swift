import Foundation
import RunbookModel

/// A validator for the subset of JSON Schema (draft 2020-12) that `Schemas/*.schema.json` use:
/// `type` (a name or a list), `properties`, `required`, `additionalProperties` (boolean or
/// schema), `items`, `enum`, `const`, `pattern`, `minimum`, `minLength`, and `$ref` to
/// `#/$defs/…`. Annotations (`$schema`, `$id`, `title`, `description`, `$comment`) are
/// ignored. Any other keyword is reported as an error, so a schema cannot silently rely on
/// something this validator does not check.
///
/// Documents and schemas are read as ``Value``, whose decoding keeps `true` apart from `1`.
struct JSONSchemaValidator {
    let root: Value

    /// Loads a schema file.
    init(contentsOf url: URL) throws {
        root = try Value(json: String(decoding: try Data(contentsOf: url), as: UTF8.self))
    }

    /// Every violation of `text` (a JSON document), as `path: message`; empty when valid.
    func errors(in text: String) -> [String] {
        guard let value = try? Value(json: text) else { return ["$: not JSON"] }
        var errors: [String] = []
        validate(value, against: root, at: "$", errors: &errors)
        return errors
    }

    private static let annotations: Set = ["$schema", "$id", "title", "description", "$comment", "$defs", "examples"]
    private static let keywords: Set = ["type", "properties", "required", "additionalProperties", "items", "enum", "const", "pattern",
                                         "minimum", "minLength", "$ref"]

    private func validate(_ value: Value, against schema: Value, at path: String, errors: inout [String]) {
        guard case .object(let keywords) = schema else {
            if schema == .bool(false) { errors.append("\(path): not allowed") }
            return
        }
        for key in keywords.keys.sorted() where !Self.annotations.contains(key) && !Self.keywords.contains(key) {
            errors.append("\(path): the schema uses '\(key)', which this validator does not support")
        }
        if let reference = keywords["$ref"]?.stringValue {
            let name = reference.hasPrefix("#/$defs/") ? String(reference.dropFirst("#/$defs/".count)) : ""
            guard case .object = root[member: "$defs"][member: name] else {
                errors.append("\(path): unresolvable $ref \(reference)")
                return
            }
            validate(value, against: root[member: "$defs"][member: name], at: path, errors: &errors)
        }
        if let type = keywords["type"] {
            let names: [String] = if case .list(let items) = type { items.compactMap(\.stringValue) } else { [type.stringValue ?? ""] }
            if !names.contains(where: { Self.value(value, is: $0) }) {
                errors.append("\(path): expected \(names.joined(separator: " or ")), found \(value.type)")
                return
            }
        }
        if case .list(let options)? = keywords["enum"], !options.contains(where: { Self.equal($0, value) }) {
            errors.append("\(path): \(value.json.prefix(80)) is not one of the allowed values")
        }
        if let constant = keywords["const"], !Self.equal(constant, value) {
            errors.append("\(path): \(value.json.prefix(80)) is not \(constant.json)")
        }
        if case .string(let text) = value {
            if let pattern = keywords["pattern"]?.stringValue {
                let regex = try? NSRegularExpression(pattern: pattern)
                if regex?.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil {
                    errors.append("\(path): '\(text.prefix(80))' does not match \(pattern)")
                }
            }
            if case .int(let minimum)? = keywords["minLength"], text.count < minimum {
                errors.append("\(path): shorter than \(minimum)")
            }
        }
        if let number = Self.number(value), let minimum = keywords["minimum"].flatMap(Self.number), number < minimum {
            errors.append("\(path): \(value.json) is below \(minimum)")
        }
        if case .object(let members) = value {
            var required: [Value] = []
            if case .list(let names)? = keywords["required"] { required = names }
            for case .string(let name) in required where members[name] == nil {
                errors.append("\(path): missing required '\(name)'")
            }
            for name in members.keys.sorted() {
                if let property = keywords["properties"]?[member: name], property != .null {
                    validate(members[name]!, against: property, at: "\(path).\(name)", errors: &errors)
                } else if let additional = keywords["additionalProperties"] {
                    if additional == .bool(false) {
                        errors.append("\(path): unexpected property '\(name)'")
                    } else {
                        validate(members[name]!, against: additional, at: "\(path).\(name)", errors: &errors)
                    }
                }
            }
        }
        if case .list(let items) = value, let itemSchema = keywords["items"] {
            for (index, item) in items.enumerated() { validate(item, against: itemSchema, at: "\(path)[\(index)]", errors: &errors) }
        }
    }

    private static func value(_ value: Value, is type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("integer", .int), ("number", .int), ("number", .double), ("string", .string),
             ("array", .list), ("object", .object): true
        case ("integer", .double(let number)): number == number.rounded()
        default: false
        }
    }

    private static func number(_ value: Value) -> Double? {
        switch value {
        case .int(let number): Double(number)
        case .double(let number): number
        default: nil
        }
    }

    private static func equal(_ a: Value, _ b: Value) -> Bool {
        if let x = number(a), let y = number(b) { return x == y }
        return a == b
    }
}
