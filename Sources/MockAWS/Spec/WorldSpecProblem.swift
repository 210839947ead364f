/// One thing wrong with a world spec, at a path a world file can map back to its line and column.
///
/// Paths follow the world file's keys: `instances.i-123.interfaces.0.groups.1` is the second
/// group of the first interface of instance `i-123`.
public struct WorldSpecProblem: Hashable, Sendable, CustomStringConvertible {
    /// What sort of problem it is, so a file parser can classify it without reading the message.
    public enum Kind: Hashable, Sendable {
        /// A name that is defined nowhere; `section` is the world-file section it should be in, if any.
        case unknownReference(section: String?)
        /// An id of the wrong shape.
        case invalidID
        /// The same id twice.
        case duplicate
        /// Something required is absent (an interface, a group, a subnet).
        case missing
        /// A value out of range or inconsistent with another.
        case invalidValue
    }

    /// Where, as dot-separated keys and list indexes.
    public var path: String
    public var kind: Kind
    public var message: String
    /// What would fix it.
    public var fix: String?

    public init(path: String, kind: Kind = .invalidValue, message: String, fix: String? = nil) {
        self.path = path
        self.kind = kind
        self.message = message
        self.fix = fix
    }

    public var description: String { "\(path): \(message)" + (fix.map { " — \($0)" } ?? "") }
}

/// Thrown when a world cannot be built from a spec; lists every problem.
public struct WorldSpecError: Error, Sendable, CustomStringConvertible {
    public var problems: [WorldSpecProblem]

    public init(problems: [WorldSpecProblem]) { self.problems = problems }

    public var description: String { "invalid world:\n" + problems.map { "  \($0)" }.joined(separator: "\n") }
}
