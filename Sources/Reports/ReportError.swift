/// Why a report, export, key or checkpoint operation failed.
///
/// ``message`` is safe to print: it names runs, files and sequence numbers, never key material.
public struct ReportError: Error, Sendable, CustomStringConvertible {
    /// A stable name for the kind of failure.
    public struct Code: Hashable, Sendable {
        /// The code's name, such as `runNotFound`.
        public let name: String

        /// No run has that id.
        public static let runNotFound = Code(name: "runNotFound")
        /// A key file is not an Ed25519 key irun can read.
        public static let invalidKey = Code(name: "invalidKey")
        /// A key file already exists and is never overwritten.
        public static let fileExists = Code(name: "fileExists")
        /// A file could not be read or written.
        public static let io = Code(name: "io")
        /// The chain is broken or empty, so there is nothing trustworthy to sign.
        public static let cannotCheckpoint = Code(name: "cannotCheckpoint")
    }

    /// What went wrong, as a code.
    public var code: Code
    /// A sentence saying what went wrong and what to do; safe to print.
    public var message: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - message: A printable sentence.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
