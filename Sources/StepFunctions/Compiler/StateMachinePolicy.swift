/// The IAM policy of a state machine's role, read from the definition itself: one action per
/// SDK integration its tasks call, so the role can do exactly what the machine does.
public enum StateMachinePolicy {
    /// The IAM actions (`ec2:DescribeInstances`) of every Task in `definition`, sorted.
    public static func actions(in definition: ASLNode) -> [String] {
        var found = Set<String>()
        collect(definition, into: &found)
        return found.sorted()
    }

    /// The policy document, as `irun iam-policy NAME --for step-functions` prints it.
    public static func document(for machine: CompiledStateMachine) -> String {
        let sid = "IrunStepFunctions" + machine.runbook.split { !$0.isLetter && !$0.isNumber }.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        let policy = ASLNode.fields([
            "Version": .string("2012-10-17"),
            "Statement": .array([.fields([
                "Sid": .string(sid),
                "Effect": .string("Allow"),
                "Action": .array(machine.permissions.map(ASLNode.string)),
                "Resource": .string("*"),
            ])]),
        ])
        return policy.rendered() + "\n"
    }

    private static func collect(_ node: ASLNode, into found: inout Set<String>) {
        if node["Type"]?.stringValue == "Task", let resource = node["Resource"]?.stringValue, let action = iamAction(resource) {
            found.insert(action)
        }
        for member in node.members { collect(member.value, into: &found) }
        for element in node.elements { collect(element, into: &found) }
    }

    /// `arn:aws:states:::aws-sdk:ec2:describeInstances` → `ec2:DescribeInstances`;
    /// `arn:aws:states:::sqs:sendMessage.waitForTaskToken` → `sqs:SendMessage`.
    static func iamAction(_ resource: String) -> String? {
        let prefix = "arn:aws:states:::"
        guard resource.hasPrefix(prefix) else { return nil }
        var parts = resource.dropFirst(prefix.count).split(separator: ":").map(String.init)
        if parts.first == "aws-sdk" { parts.removeFirst() }
        guard parts.count == 2 else { return nil }
        let service = parts[0] == "elasticloadbalancingv2" ? "elasticloadbalancing" : parts[0]
        let action = parts[1].split(separator: ".").first.map(String.init) ?? parts[1]
        return "\(service):\(action.prefix(1).uppercased())\(action.dropFirst())"
    }
}
