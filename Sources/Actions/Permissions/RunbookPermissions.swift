public import RunbookModel

/// The IAM permissions a runbook needs: the union of the permissions its steps' actions
/// declare (run, dry run, undo and reconcile included), and the minimal IAM policy granting them.
///
/// Decisions and the actions that do not call AWS (`notify.*`, `core.*`) need none.
///
/// ```swift
/// let permissions = RunbookPermissions(plan.runbook)
/// print(permissions.policyJSON())   // {"Version": "2012-10-17", "Statement": [...]}
/// ```
public struct RunbookPermissions: Sendable, Hashable {
    /// The runbook's name.
    public var runbookName: String
    /// Each IAM action (`ec2:DescribeInstances`) with the steps that need it, in runbook order.
    public var stepsByPermission: [String: [String]]
    /// Each AWS-calling action the runbook uses (`ec2.capture`) with its declared permissions.
    public var permissionsByAction: [String: [String]]

    /// Collects the permissions of every step of `runbook`.
    ///
    /// - Parameters:
    ///   - runbook: The runbook (from ``RunbookCompiler``).
    ///   - catalog: Where action signatures are looked up; the built-in actions by default.
    public init(_ runbook: Runbook, catalog: ActionCatalog = BuiltinActions.catalog) {
        runbookName = runbook.name
        var steps: [String: [String]] = [:]
        var actions: [String: [String]] = [:]
        for step in runbook.steps {
            guard let call = step.action, let signature = catalog[call.name.value], !signature.permissions.isEmpty else { continue }
            actions[signature.name] = signature.permissions
            for permission in signature.permissions where steps[permission]?.contains(step.name) != true {
                steps[permission, default: []].append(step.name)
            }
        }
        stepsByPermission = steps
        permissionsByAction = actions
    }

    /// Every permission, sorted, without duplicates.
    public var permissions: [String] { stepsByPermission.keys.sorted() }

    /// The read-only ones (`Describe*`, `Get*`, `List*`): they can be checked by calling them.
    public var readOnly: [String] { permissions.filter(Self.isReadOnly) }

    /// The ones that change something: they cannot be checked without changing something.
    public var mutating: [String] { permissions.filter { !Self.isReadOnly($0) } }

    /// Whether an IAM action only reads.
    ///
    /// - Parameter permission: `service:Action`.
    /// - Returns: `true` for `Describe*`, `Get*` and `List*` actions.
    public static func isReadOnly(_ permission: String) -> Bool {
        let action = permission.split(separator: ":").last.map(String.init) ?? permission
        return ["Describe", "Get", "List"].contains { action.hasPrefix($0) }
    }

    /// The statement id: `Irun` and the runbook name in camel case (IAM allows only letters and digits).
    public var statementID: String {
        let words = runbookName.split { !$0.isLetter && !$0.isNumber }.map { $0.prefix(1).uppercased() + $0.dropFirst() }
        return "Irun" + words.joined().filter { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    /// The minimal IAM policy: one `Allow` statement of every permission, on every resource.
    ///
    /// `Resource` is `*` because several of the calls (the `Describe*` ones, `CreateSecurityGroup`
    /// in a VPC not known in advance) do not support resource-level permissions.
    /// With no permission at all, `Statement` is empty.
    ///
    /// - Returns: The policy as indented JSON with keys in IAM's usual order, ending in a newline.
    public func policyJSON() -> String {
        guard !permissions.isEmpty else { return "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}\n" }
        let actions = permissions.map { "        \(Value.string($0).json)" }.joined(separator: ",\n")
        return """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Sid": \(Value.string(statementID).json),
                  "Effect": "Allow",
                  "Action": [
            \(actions)
                  ],
                  "Resource": "*"
                }
              ]
            }

            """
    }
}
