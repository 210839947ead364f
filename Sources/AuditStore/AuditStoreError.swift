/// Why the audit store refused an operation or could not open a database.
///
/// ``message`` is safe to print: it names runs, steps, versions and paths, never payloads.
public struct AuditStoreError: Error, Sendable, CustomStringConvertible {
    /// A stable name for the kind of failure, for callers to match on.
    public struct Code: Hashable, Sendable {
        /// The code's name, such as `newerSchema`.
        public let name: String

        /// The database was written by a newer irun: its schema has versions this build does not know.
        public static let newerSchema = Code(name: "newerSchema")
        /// Another live process drives the run (it holds the run's lease).
        public static let runLeased = Code(name: "runLeased")
        /// A migration this database applied differs from the file of the same number in this build.
        public static let changedMigration = Code(name: "changedMigration")
        /// The file could not be opened or is not an irun audit database.
        public static let cannotOpen = Code(name: "cannotOpen")
        /// An event names a run that was never begun.
        public static let unknownRun = Code(name: "unknownRun")
        /// `begin` was called for a run id that already exists.
        public static let duplicateRun = Code(name: "duplicateRun")
        /// An event breaks the ``RunEvent`` contract (wrong kind, missing step, bad payload).
        public static let invalidEvent = Code(name: "invalidEvent")
        /// An artifact with the same name but different content was already recorded for the run.
        public static let evidenceConflict = Code(name: "evidenceConflict")
        /// A stored row could not be read back (for example an unknown event kind).
        public static let corrupt = Code(name: "corrupt")
        /// No run has the id or id prefix asked for.
        public static let runNotFound = Code(name: "runNotFound")
        /// Several runs start with the id prefix asked for.
        public static let ambiguousRunID = Code(name: "ambiguousRunID")
        /// A token name that is malformed or taken.
        public static let invalidToken = Code(name: "invalidToken")
    }

    /// What went wrong, as a code.
    public var code: Code
    /// A sentence saying what went wrong and what to do; safe to print.
    public var message: String
    /// The database error behind it, if any.
    public var underlying: (any Error)?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - message: A printable sentence.
    ///   - underlying: The error behind it.
    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// The message.
    public var description: String { message }
}
