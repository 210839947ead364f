/// An event that can never be processed, with the field at fault: EventBridge should not retry it (400).
public struct FindingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The JSON path of the field, e.g. `detail.resource.instanceDetails.instanceId`.
    public var field: String
    /// What is wrong and what would fix it.
    public var problem: String

    public init(_ field: String, _ problem: String) {
        self.field = field
        self.problem = problem
    }

    public var description: String { "\(field): \(problem)" }
}
