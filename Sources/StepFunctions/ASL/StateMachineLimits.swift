/// Step Functions' hard quotas that a definition must respect (the service quotas page of the
/// Step Functions developer guide).
public enum StateMachineLimits {
    /// The largest definition: 1 MB (a hard quota).
    public static let definitionBytes = 1_048_576
    /// The largest input or output of a state or an execution: 256 KiB of UTF-8.
    public static let payloadBytes = 262_144
    /// The longest name of a state machine, execution or state.
    public static let nameCharacters = 80
}
