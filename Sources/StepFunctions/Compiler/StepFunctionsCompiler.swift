public import RunbookModel

/// Compiles a validated runbook's plan into an Amazon States Language definition (JSONPath
/// mode) whose tasks call EC2, Auto Scaling, Elastic Load Balancing and SQS through the AWS SDK
/// integrations directly: no Lambda, no code to deploy.
///
/// The steps run one after another in the plan's topological order, so every `needs` (detach
/// and deregister before isolate) holds. Each step keeps the language's rules: a step a decision
/// did not choose, or whose dependencies were all skipped, is skipped; then its `when` is
/// checked; then its approval (a task token handed to an SQS queue); then its action. Retries
/// become `Retry`, `on-failure: continue` a `Catch`. What cannot compile is refused by name,
/// every refusal at once, never dropped.
///
/// The execution's input is `{"params": {...}, "irun": {"approvalQueueUrl": ...}}`
/// (`{"params", "instances": [...], "irun": {"maxErrors": N}}` for the fleet form).
public enum StepFunctionsCompiler {
    /// How the machine is shaped.
    public struct Options: Sendable {
        /// Compile the fleet form: one iteration per instance of `$.instances`.
        public var fleet: Bool
        /// At most this many instances at once in the fleet form.
        public var maxConcurrency: Int

        public init(fleet: Bool = false, maxConcurrency: Int = 10) {
            self.fleet = fleet
            self.maxConcurrency = maxConcurrency
        }
    }

    /// Compiles `plan`.
    ///
    /// - Throws: ``CompileRefusals`` naming every step that cannot compile and why.
    public static func compile(_ plan: Plan, options: Options = Options()) throws(CompileRefusals) -> CompiledStateMachine {
        var compiler = PlanLowering(plan: plan)
        let single = compiler.lower()
        guard compiler.refusals.isEmpty else { throw CompileRefusals(refusals: compiler.refusals) }
        let definition = options.fleet ? FleetForm.wrap(single, plan: plan, maxConcurrency: options.maxConcurrency) : single
        let file = plan.runbook.source.path.split(separator: "/").last.map(String.init) ?? plan.runbook.source.path
        let comment = "irun runbook \(plan.runbook.name)\(options.fleet ? " (fleet)" : ""), compiled from \(file)"
        let machine = ASLNode.object([ASLNode.Member("Comment", .string(comment))] + definition.members)
        let problems = StateMachineValidator.problems(in: machine)
        guard problems.isEmpty else {
            throw CompileRefusals(refusals: problems.map { CompileRefusal(plan.runbook.name, "the compiled definition is invalid at \($0.path): \($0.message)") })
        }
        return CompiledStateMachine(runbook: plan.runbook.name, fleet: options.fleet, definition: machine)
    }
}

/// A compiled state machine.
public struct CompiledStateMachine: Sendable {
    /// The runbook it was compiled from.
    public let runbook: String
    /// Whether it is the fleet form.
    public let fleet: Bool
    /// The definition.
    public let definition: ASLNode

    /// The definition as JSON text, as CreateStateMachine takes it.
    public var json: String { definition.rendered() + "\n" }

    /// The IAM actions its role needs: one per SDK integration it calls, sorted.
    public var permissions: [String] { StateMachinePolicy.actions(in: definition) }
}
