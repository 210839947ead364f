/// A parsed expression of the runbook language, as used by `when`, `decide` and `${{ … }}`.
///
/// Expressions are small, safe and side-effect free: literals, references (`params.x`,
/// `steps.s.output.path`, `run.id`), comparison, `&&`, `||`, `!`, `in`, and a fixed set of
/// functions. They are parsed once, when the runbook is loaded.
public struct Expression: Hashable, Sendable {
    /// The shape of an expression node.
    public indirect enum Kind: Hashable, Sendable {
        /// A literal: string, number, `true`, `false` or `null`.
        case literal(Value)
        /// A root name: `params`, `steps`, `run`.
        case root(String)
        /// `base.name`.
        case member(Expression, String)
        /// `base[index]`.
        case index(Expression, Expression)
        /// `[a, b, c]`.
        case list([Expression])
        /// `!operand`.
        case not(Expression)
        /// `lhs op rhs`.
        case binary(BinaryOperator, Expression, Expression)
        /// `name(arguments…)`, one of ``ExpressionFunction``.
        case call(ExpressionFunction, [Expression])
    }

    /// The node.
    public var kind: Kind
    /// Where the node starts, in Unicode scalars from the start of the expression text.
    public var offset: Int

    /// Creates a node.
    ///
    /// - Parameters:
    ///   - kind: The node.
    ///   - offset: Its start in the expression text.
    public init(_ kind: Kind, at offset: Int) {
        self.kind = kind
        self.offset = offset
    }

    /// The dotted path this node names when it is a plain reference such as
    /// `steps.capture.output.state` (string indexes count as members), else `nil`.
    public var referencePath: [String]? {
        switch kind {
        case .root(let name): return [name]
        case .member(let base, let name): return base.referencePath.map { $0 + [name] }
        case .index(let base, let index):
            guard case .literal(.string(let name)) = index.kind else { return nil }
            return base.referencePath.map { $0 + [name] }
        default: return nil
        }
    }

    /// Every maximal reference path in the expression, each with the offset of its root.
    public var references: [(path: [String], offset: Int)] {
        if let path = referencePath { return [(path, offset)] }
        switch kind {
        case .literal, .root: return []
        case .member(let base, _): return base.references
        case .index(let base, let index): return base.references + index.references
        case .list(let items): return items.flatMap(\.references)
        case .not(let operand): return operand.references
        case .binary(_, let lhs, let rhs): return lhs.references + rhs.references
        case .call(_, let arguments): return arguments.flatMap(\.references)
        }
    }
}

/// The binary operators, lowest precedence first: `||`, `&&`, then the comparisons and `in`.
public enum BinaryOperator: String, Hashable, Sendable, CaseIterable {
    case or = "||"
    case and = "&&"
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case `in` = "in"

    /// Whether the operator compares two operands (all but `&&` and `||`).
    var isComparison: Bool { self != .or && self != .and }
}

/// The functions expressions may call. There are no others: expressions cannot reach the
/// outside world.
public enum ExpressionFunction: String, Hashable, Sendable, CaseIterable {
    /// `len(x)`: characters of a string, items of a list, members of an object; `0` for null.
    case len
    /// `contains(haystack, needle)`: substring of a string, or item of a list.
    case contains
    /// `startsWith(text, prefix)`.
    case startsWith
    /// `endsWith(text, suffix)`.
    case endsWith
    /// `lower(text)`.
    case lower
    /// `upper(text)`.
    case upper

    /// How many arguments the function takes.
    public var arity: Int {
        switch self {
        case .len, .lower, .upper: 1
        case .contains, .startsWith, .endsWith: 2
        }
    }

    /// The type the function returns.
    public var resultType: ValueType {
        switch self {
        case .len: .int
        case .contains, .startsWith, .endsWith: .bool
        case .lower, .upper: .string
        }
    }
}
