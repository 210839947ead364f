/// What the validator and planner know of an action before it runs: its inputs and outputs
/// with types, whether it changes anything, the IAM permissions it needs, and its undo.
public struct ActionSignature: Hashable, Sendable {
    /// One input of an action.
    public struct Input: Hashable, Sendable {
        public var name: String
        public var type: ValueType
        /// Whether a step must give it (inputs with a default never must).
        public var required: Bool
        /// The value used when a step gives none.
        public var defaultValue: Value?
        public var summary: String

        /// Creates an input.
        public init(_ name: String, _ type: ValueType, required: Bool = false, default defaultValue: Value? = nil, _ summary: String) {
            self.name = name
            self.type = type
            self.required = required
            self.defaultValue = defaultValue
            self.summary = summary
        }
    }

    /// One output of an action, readable as `steps.<step>.output.<name>`.
    public struct Output: Hashable, Sendable {
        public var name: String
        public var type: ValueType
        public var summary: String

        /// Creates an output.
        public init(_ name: String, _ type: ValueType, _ summary: String) {
            self.name = name
            self.type = type
            self.summary = summary
        }
    }

    /// The action's name, e.g. `ec2.isolate`.
    public var name: String
    /// What it does, one sentence.
    public var summary: String
    public var inputs: [Input]
    public var outputs: [Output]
    /// Whether it changes cloud state (and so is recorded before it runs, skipped in dry-run,
    /// and undone by compensation).
    public var mutates: Bool
    /// The IAM actions it calls, e.g. `ec2:ModifyNetworkInterfaceAttribute`.
    public var permissions: [String]
    /// How its effect is undone, for mutating actions that can be undone.
    public var undo: String?

    /// Creates a signature.
    public init(name: String, summary: String, inputs: [Input] = [], outputs: [Output] = [], mutates: Bool,
                permissions: [String] = [], undo: String? = nil) {
        self.name = name
        self.summary = summary
        self.inputs = inputs
        self.outputs = outputs
        self.mutates = mutates
        self.permissions = permissions
        self.undo = undo
    }

    /// The input called `name`.
    ///
    /// - Parameter name: The input's name.
    /// - Returns: The input, if the action has one by that name.
    public func input(named name: String) -> Input? { inputs.first { $0.name == name } }

    /// The output called `name`.
    ///
    /// - Parameter name: The output's name.
    /// - Returns: The output, if the action has one by that name.
    public func output(named name: String) -> Output? { outputs.first { $0.name == name } }
}

/// The registry of action signatures the validator checks runbooks against.
public struct ActionCatalog: Sendable {
    private var signatures: [String: ActionSignature]

    /// Creates a catalogue.
    ///
    /// - Parameter signatures: The actions it knows.
    public init(_ signatures: [ActionSignature]) {
        self.signatures = Dictionary(signatures.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The signature of `name`.
    ///
    /// - Parameter name: The action's name.
    public subscript(name: String) -> ActionSignature? { signatures[name] }

    /// Every action name, sorted.
    public var names: [String] { signatures.keys.sorted() }

    /// Every signature, sorted by name.
    public var all: [ActionSignature] { names.map { signatures[$0]! } }
}
