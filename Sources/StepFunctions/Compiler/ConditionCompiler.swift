import Foundation
import RunbookModel

/// Turns a runbook condition (`when`, a decision's branch) into a Choice rule.
///
/// A reference that is absent or null compares as the runbook's null does: equal to nothing, so
/// `==` is false and `!=` true. Every comparison is therefore guarded by `IsPresent` and a type
/// test, because Step Functions fails the execution when a Choice reads a missing field.
struct ConditionCompiler: Sendable {
    let resolver: ReferenceResolver
    let subject: String
    let location: SourceLocation?

    func rule(_ expression: RunbookModel.Expression) throws(CompileRefusal) -> ASLNode {
        switch expression.kind {
        case .literal(.bool(let flag)):
            let always = ASLNode.fields(["Variable": .string("$"), "IsPresent": .bool(true)])
            return flag ? always : .fields(["Not": always])
        case .not(let operand):
            return .fields(["Not": try rule(operand)])
        case .binary(.and, let lhs, let rhs):
            return .fields(["And": .array([try rule(lhs), try rule(rhs)])])
        case .binary(.or, let lhs, let rhs):
            return .fields(["Or": .array([try rule(lhs), try rule(rhs)])])
        case .binary(.in, let lhs, let rhs):
            guard case .list(let items) = rhs.kind else { throw refusal("`in` needs a written list of constants here") }
            let path = try reference(lhs)
            return .fields(["Or": .array(try items.map { item throws(CompileRefusal) in try equals(path, try constant(item)) })])
        case .binary(let comparison, let lhs, let rhs):
            return try compare(comparison, lhs, rhs)
        case .call(.startsWith, let arguments), .call(.endsWith, let arguments):
            guard arguments.count == 2, case .string(let affix) = try constant(arguments[1]) else {
                throw refusal("startsWith/endsWith need a reference and a constant string")
            }
            let path = try reference(arguments[0])
            let escaped = affix.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "*", with: "\\*")
            guard case .call(let function, _) = expression.kind else { throw refusal("unreachable") }
            let pattern = function == .startsWith ? escaped + "*" : "*" + escaped
            return typed(path, "IsString", .fields(["Variable": .string(path), "StringMatches": .string(pattern)]))
        case .root, .member, .index:
            let path = try reference(expression)
            return typed(path, "IsBoolean", .fields(["Variable": .string(path), "BooleanEquals": .bool(true)]))
        default:
            throw refusal("this condition uses an operation Step Functions' Choice cannot express (supported: references, constants, ==, !=, <, <=, >, >=, in [..], &&, ||, !, len(list) compared with a number, startsWith, endsWith)")
        }
    }

    private func compare(_ comparison: BinaryOperator, _ lhs: RunbookModel.Expression, _ rhs: RunbookModel.Expression) throws(CompileRefusal) -> ASLNode {
        if case .call(.len, let arguments) = lhs.kind, arguments.count == 1 {
            guard case .int(let count) = try constant(rhs) else { throw refusal("len(...) is compared with a whole number") }
            return try lengthRule(try reference(arguments[0]), comparison, count)
        }
        let path = try reference(lhs)
        let value = try constant(rhs)
        switch comparison {
        case .equal: return try equals(path, value)
        case .notEqual: return .fields(["Not": try equals(path, value)])
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            let number: ASLNode
            switch value {
            case .int(let whole): number = .int(whole)
            case .double(let real): number = .double(real)
            default: throw refusal("<, <=, > and >= compare a reference with a number")
            }
            let operators: [BinaryOperator: String] = [.less: "NumericLessThan", .lessOrEqual: "NumericLessThanEquals",
                                                       .greater: "NumericGreaterThan", .greaterOrEqual: "NumericGreaterThanEquals"]
            return typed(path, "IsNumeric", .object([ASLNode.Member("Variable", .string(path)), ASLNode.Member(operators[comparison]!, number)]))
        default:
            throw refusal("unsupported comparison \(comparison.rawValue)")
        }
    }

    /// `len(list) OP n`, from whether the list has an element at an index.
    private func lengthRule(_ path: String, _ comparison: BinaryOperator, _ count: Int) throws(CompileRefusal) -> ASLNode {
        func has(_ length: Int) -> ASLNode {
            length <= 0 ? .fields(["Variable": .string("$"), "IsPresent": .bool(true)])
                : .fields(["Variable": .string("\(path)[\(length - 1)]"), "IsPresent": .bool(true)])
        }
        switch comparison {
        case .greater: return has(count + 1)
        case .greaterOrEqual: return has(count)
        case .less: return .fields(["Not": has(count)])
        case .lessOrEqual: return .fields(["Not": has(count + 1)])
        case .equal: return .fields(["And": .array([has(count), .fields(["Not": has(count + 1)])])])
        case .notEqual: return .fields(["Not": .fields(["And": .array([has(count), .fields(["Not": has(count + 1)])])])])
        default: throw refusal("len(...) is compared with ==, !=, <, <=, > or >=")
        }
    }

    private func equals(_ path: String, _ value: Value) throws(CompileRefusal) -> ASLNode {
        switch value {
        case .string(let text): return typed(path, "IsString", .fields(["Variable": .string(path), "StringEquals": .string(text)]))
        case .bool(let flag): return typed(path, "IsBoolean", .fields(["Variable": .string(path), "BooleanEquals": .bool(flag)]))
        case .int(let number): return typed(path, "IsNumeric", .fields(["Variable": .string(path), "NumericEquals": .int(number)]))
        case .double(let number): return typed(path, "IsNumeric", .fields(["Variable": .string(path), "NumericEquals": .double(number)]))
        case .null: return .fields(["Or": .array([.fields(["Not": .fields(["Variable": .string(path), "IsPresent": .bool(true)])]),
                                                  .fields(["Variable": .string(path), "IsNull": .bool(true)])])])
        default: throw refusal("== compares with a string, number, bool or null constant")
        }
    }

    /// `rule`, holding only when the field is present and of the type it compares.
    private func typed(_ path: String, _ test: String, _ rule: ASLNode) -> ASLNode {
        .fields(["And": .array([.fields(["Variable": .string(path), "IsPresent": .bool(true)]),
                                .object([ASLNode.Member("Variable", .string(path)), ASLNode.Member(test, .bool(true))]),
                                rule])])
    }

    private func reference(_ expression: RunbookModel.Expression) throws(CompileRefusal) -> String {
        try resolver.path(of: expression, subject: subject, at: location)
    }

    private func constant(_ expression: RunbookModel.Expression) throws(CompileRefusal) -> Value {
        guard case .literal(let value) = expression.kind else {
            throw refusal("compares two computed values; Step Functions compares a field with a constant here")
        }
        return value
    }

    private func refusal(_ reason: String) -> CompileRefusal { CompileRefusal(subject, reason, at: location) }
}
