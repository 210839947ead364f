extension PlanScheduler.SkipReason {
    /// The stable code recorded in a `step-skipped` event as `reasonCode`, beside the sentence
    /// for people, so a resume reads the reason without parsing English.
    public var code: String {
        switch self {
        case .conditionFalse: "condition-false"
        case .notChosen: "not-chosen"
        case .allDependenciesSkipped: "dependencies-skipped"
        case .dependencyFailed: "dependency-failed"
        case .approvalDenied: "approval-denied"
        }
    }

    /// The step the reason names (the decision that did not choose, the dependency that failed), by node index.
    public var cause: Int? {
        switch self {
        case .notChosen(let decision): decision
        case .dependencyFailed(let dependency): dependency
        case .conditionFalse, .allDependenciesSkipped, .approvalDenied: nil
        }
    }

    /// Reads the reason back from a `step-skipped` event (its code, and its cause by step name).
    ///
    /// - Parameters:
    ///   - skipped: The event's details.
    ///   - plan: The run's plan, to find the cause's node.
    /// - Returns: The reason, or `nil` for an event recorded before reasons had codes, or one whose cause is not in the plan.
    public init?(recorded skipped: StepSkipped, plan: Plan) {
        let cause = skipped.cause.flatMap(plan.index(of:))
        switch skipped.reasonCode {
        case "condition-false": self = .conditionFalse
        case "not-chosen": guard let cause else { return nil }; self = .notChosen(decision: cause)
        case "dependencies-skipped": self = .allDependenciesSkipped
        case "dependency-failed": guard let cause else { return nil }; self = .dependencyFailed(cause)
        case "approval-denied": self = .approvalDenied
        default: return nil
        }
    }
}
