public import RunbookModel

/// What became of a started-but-unfinished mutating step, judged by re-reading the world.
public enum Reconciliation: Hashable, Sendable {
    /// The change is in place; these are the outputs the step would have returned.
    case completed([String: Value])
    /// The change is not (fully) in place; the step must run again (it is idempotent).
    case notDone
}

/// A runnable action: its signature, how it runs, what it would do in a dry run, how it is
/// undone, and how a resume tells whether an interrupted attempt took effect.
public protocol ActionImplementation: Sendable {
    /// Name, inputs, outputs, whether it mutates, IAM permissions, undo.
    var signature: ActionSignature { get }

    /// Runs the action. Mutating actions read state first and do only what is missing, so a
    /// retry or a resume never doubles a change.
    ///
    /// - Parameter context: Inputs, providers, clock.
    /// - Returns: The outputs, keyed as the signature declares.
    /// - Throws: ``ActionError`` or the provider's `AWSError`.
    func run(_ context: ActionContext) async throws -> [String: Value]

    /// Dry run of a mutating action: reads what it needs and describes the change it would make.
    ///
    /// - Parameter context: Inputs, providers (reads only), clock.
    /// - Returns: `wouldDo` (a description) and any outputs dependents may read.
    func plan(_ context: ActionContext) async throws -> [String: Value]

    /// Undoes a completed run of this action from what it recorded.
    ///
    /// - Parameters:
    ///   - context: The original inputs, providers, clock.
    ///   - outputs: What the completed run returned.
    /// - Returns: Outputs of the undo.
    func undo(_ context: ActionContext, outputs: [String: Value]) async throws -> [String: Value]

    /// Checks whether an attempt interrupted by a crash took effect.
    ///
    /// - Parameter context: The inputs the attempt was started with.
    /// - Returns: Whether the change is in place, and with what outputs.
    func reconcile(_ context: ActionContext) async throws -> Reconciliation
}

extension ActionImplementation {
    public func plan(_ context: ActionContext) async throws -> [String: Value] {
        signature.mutates ? ["wouldDo": .string("\(signature.name): \(signature.summary)")] : try await run(context)
    }

    public func undo(_ context: ActionContext, outputs: [String: Value]) async throws -> [String: Value] {
        throw ActionError(code: "NoUndo", message: "\(signature.name) has no undo")
    }

    public func reconcile(_ context: ActionContext) async throws -> Reconciliation { .notDone }
}

/// The implementations the engine can run, by action name.
public struct ActionRegistry: Sendable {
    private var implementations: [String: any ActionImplementation]

    /// Makes a registry of these implementations.
    ///
    /// - Parameter implementations: One per action name.
    public init(_ implementations: [any ActionImplementation]) {
        self.implementations = Dictionary(implementations.map { ($0.signature.name, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The implementation of `name`, if any.
    public subscript(name: String) -> (any ActionImplementation)? { implementations[name] }

    /// The signatures, as the validator's catalogue.
    public var catalog: ActionCatalog { ActionCatalog(implementations.values.map(\.signature)) }

    /// Adds or replaces an implementation (tests and game days add their own).
    ///
    /// - Parameter implementation: The action.
    public mutating func register(_ implementation: any ActionImplementation) {
        implementations[implementation.signature.name] = implementation
    }
}
