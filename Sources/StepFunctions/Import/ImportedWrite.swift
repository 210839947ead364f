public import RunbookModel

/// One write of an imported run, in order: what the audit store's `importRecorded` takes, so
/// the whole import is one transaction.
public enum ImportedWrite: Sendable {
    case begin(RunHeader, RunEvent)
    case append([RunEvent])
    case evidence(EvidenceArtifact)
}

/// Why an execution cannot be imported.
public struct ImportRefusal: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
