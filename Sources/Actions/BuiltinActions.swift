public import RunbookModel

/// The catalogue of irun's built-in actions: the EC2 response actions, notification and
/// flow-control helpers.
public enum BuiltinActions {
    /// Every built-in action's signature.
    public static let catalog = ActionCatalog(EC2Signatures.all + CoreSignatures.all)

    /// The names of the built-in actions that change something.
    public static let mutating = Set((EC2Signatures.all + CoreSignatures.all).filter(\.mutates).map(\.name))

    /// The implemented actions, ready for the engine.
    public static var registry: ActionRegistry {
        ActionRegistry([
            EC2CaptureAction(), EC2ProtectAction(), EC2DetachAction(), EC2DeregisterAction(), EC2IsolateAction(),
            EC2SnapshotAction(), EC2TagAction(), EC2StopAction(), EC2ReleaseAction(),
            NotifyLogAction(), WaitAction(), FailAction(), NoopAction(),
        ])
    }
}
