/// The values an expression can see while it is evaluated: its roots (`params`, `steps`, `run`).
public struct ExpressionScope: Sendable {
    /// Root name to value, e.g. `params` to an object of parameter values.
    public var roots: [String: Value]

    /// Creates a scope.
    ///
    /// - Parameter roots: Root name to value.
    public init(roots: [String: Value]) { self.roots = roots }
}

extension Expression {
    /// Evaluates the expression. Evaluation is total: a missing member is `null`, a comparison
    /// of values of different types is `false`, and nothing throws.
    ///
    /// - Parameter scope: The roots the expression may read.
    /// - Returns: The value.
    public func evaluate(in scope: ExpressionScope) -> Value {
        switch kind {
        case .literal(let value):
            return value
        case .root(let name):
            return scope.roots[name] ?? .null
        case .member(let base, let name):
            return base.evaluate(in: scope)[member: name]
        case .index(let base, let index):
            switch (base.evaluate(in: scope), index.evaluate(in: scope)) {
            case (.list(let items), .int(let position)):
                let resolved = position < 0 ? items.count + position : position
                return items.indices.contains(resolved) ? items[resolved] : .null
            case (.object(let members), .string(let name)):
                return members[name] ?? .null
            default:
                return .null
            }
        case .list(let items):
            return .list(items.map { $0.evaluate(in: scope) })
        case .not(let operand):
            return .bool(!operand.evaluate(in: scope).isTruthy)
        case .binary(.and, let lhs, let rhs):
            return .bool(lhs.evaluate(in: scope).isTruthy && rhs.evaluate(in: scope).isTruthy)
        case .binary(.or, let lhs, let rhs):
            return .bool(lhs.evaluate(in: scope).isTruthy || rhs.evaluate(in: scope).isTruthy)
        case .binary(let op, let lhs, let rhs):
            return .bool(Self.compare(op, lhs.evaluate(in: scope), rhs.evaluate(in: scope)))
        case .call(let function, let arguments):
            return Self.call(function, arguments.map { $0.evaluate(in: scope) })
        }
    }

    /// Evaluates the expression as a condition.
    ///
    /// - Parameter scope: The roots the expression may read.
    /// - Returns: Whether the value is truthy.
    public func isTrue(in scope: ExpressionScope) -> Bool { evaluate(in: scope).isTruthy }

    static func compare(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value) -> Bool {
        switch op {
        case .equal: return equal(lhs, rhs)
        case .notEqual: return !equal(lhs, rhs)
        case .in: return contains(rhs, lhs)
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard let order = order(lhs, rhs) else { return false }
            switch op {
            case .less: return order < 0
            case .lessOrEqual: return order <= 0
            case .greater: return order > 0
            default: return order >= 0
            }
        case .and, .or: return false
        }
    }

    static func equal(_ lhs: Value, _ rhs: Value) -> Bool {
        switch (lhs, rhs) {
        case (.int(let a), .double(let b)): return Double(a) == b
        case (.double(let a), .int(let b)): return a == Double(b)
        default: return lhs == rhs
        }
    }

    /// -1, 0 or 1 for comparable values (numbers with numbers, strings with strings), else `nil`.
    static func order(_ lhs: Value, _ rhs: Value) -> Int? {
        func sign<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a == b ? 0 : 1) }
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)): return sign(a, b)
        case (.int(let a), .double(let b)): return sign(Double(a), b)
        case (.double(let a), .int(let b)): return sign(a, Double(b))
        case (.double(let a), .double(let b)): return sign(a, b)
        case (.string(let a), .string(let b)): return sign(a, b)
        default: return nil
        }
    }

    /// Whether `container` holds `item`: list membership, substring, or object key.
    static func contains(_ container: Value, _ item: Value) -> Bool {
        switch (container, item) {
        case (.list(let items), _): return items.contains { equal($0, item) }
        case (.string(let text), .string(let part)): return text.contains(part)
        case (.object(let members), .string(let key)): return members[key] != nil
        default: return false
        }
    }

    static func call(_ function: ExpressionFunction, _ arguments: [Value]) -> Value {
        switch (function, arguments.first ?? .null) {
        case (.len, .string(let text)): return .int(text.count)
        case (.len, .list(let items)): return .int(items.count)
        case (.len, .object(let members)): return .int(members.count)
        case (.len, _): return .int(0)
        case (.contains, let container): return .bool(contains(container, arguments[1]))
        case (.startsWith, .string(let text)): return .bool(arguments[1].stringValue.map(text.hasPrefix) ?? false)
        case (.endsWith, .string(let text)): return .bool(arguments[1].stringValue.map(text.hasSuffix) ?? false)
        case (.startsWith, _), (.endsWith, _): return .bool(false)
        case (.lower, .string(let text)): return .string(text.lowercased())
        case (.upper, .string(let text)): return .string(text.uppercased())
        case (.lower, let other), (.upper, let other): return other
        }
    }
}
