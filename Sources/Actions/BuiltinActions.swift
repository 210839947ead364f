public import RunbookModel

/// The catalogue of irun's built-in actions: the EC2 response actions, notification and
/// flow-control helpers.
public enum BuiltinActions {
    /// Every built-in action's signature.
    public static let catalog = ActionCatalog(EC2Signatures.all + CoreSignatures.all)

    /// The implemented actions, ready for the engine.
    public static var registry: ActionRegistry {
        ActionRegistry([NotifyLogAction(), WaitAction(), FailAction(), NoopAction()])
    }
}
