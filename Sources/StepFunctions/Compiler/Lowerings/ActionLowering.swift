/// How one catalogue action becomes states that call the AWS SDK integrations directly.
///
/// A lowering adds its states to the chain, the first of them its entry, and ends with the
/// step's output and a hand-over to `step.next` (``LoweringStep/finish(_:into:)``). What it
/// reads and writes in the execution's state follows ``DataLayout``.
protocol ActionLowering: Sendable {
    /// The catalogue name, e.g. `ec2.isolate`.
    var action: String { get }
    /// The outputs it provides under the names (and shapes) a local run gives them; later steps
    /// may read only these.
    var outputs: Set<String> { get }
    /// Adds the step's states.
    func lower(_ step: LoweringStep, into chain: inout StateChain) throws(CompileRefusal)
}

extension ActionLowering {
    /// The instance input, which every EC2 action requires.
    func instance(_ step: LoweringStep) throws(CompileRefusal) -> Operand {
        guard let instance = step.input("instance") else {
            throw CompileRefusal(step.name, "\(action) needs its instance input")
        }
        return instance
    }
}

/// The lowerings irun has, by action name, and the actions it refuses with the reason.
enum Lowerings {
    static let all: [any ActionLowering] = [
        CaptureLowering(), ProtectLowering(), DetachLowering(), DeregisterLowering(), IsolateLowering(),
        SnapshotLowering(), TagLowering(), StopLowering(), NotifyLogLowering(), WaitLowering(), FailLowering(), NoopLowering(),
    ]

    static let byAction: [String: any ActionLowering] = Dictionary(uniqueKeysWithValues: all.map { ($0.action, $0) })

    /// Why an action has no lowering.
    static let refusals: [String: String] = [
        "ec2.release": "ec2.release undoes a quarantine from the originals a run recorded in irun's audit store, which a state machine cannot read; run it with `irun execute ec2-release`",
    ]
}
