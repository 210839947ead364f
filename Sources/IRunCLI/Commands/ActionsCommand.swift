import ArgumentParser
import Actions
import RunbookModel

/// `irun actions [NAME]`: the action catalogue: inputs, outputs, whether an action mutates,
/// its IAM permissions and its undo.
struct ActionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "actions",
        abstract: "List the actions runbooks can use, or describe one."
    )

    @Argument(help: ArgumentHelp("An action to describe, e.g. ec2.isolate.", valueName: "action"))
    var name: String?

    func run() throws {
        let catalog = BuiltinActions.catalog
        guard let name else {
            let width = catalog.names.map(\.count).max() ?? 0
            for signature in catalog.all {
                let pad = String(repeating: " ", count: width - signature.name.count)
                print("\(signature.name)\(pad)  \(signature.mutates ? "mutates  " : "read-only")  \(signature.summary)")
            }
            return
        }
        guard let signature = catalog[name] else {
            throw ValidationError("no action '\(name)'\(Suggestion.phrase(for: name, in: catalog.names)); run `irun actions` to list them.")
        }
        print("\(signature.name) — \(signature.summary)")
        print("mutates: \(signature.mutates ? "yes" : "no")\(signature.undo.map { "; undo: \($0)" } ?? "")")
        print("inputs:")
        if signature.inputs.isEmpty { print("  (none)") }
        for input in signature.inputs {
            let flags = input.required ? ", required" : input.defaultValue.map { ", default \($0.interpolated)" } ?? ""
            print("  \(input.name) (\(input.type)\(flags)): \(input.summary)")
        }
        print("outputs (steps.<step>.output.<name>):")
        if signature.outputs.isEmpty { print("  (none)") }
        for output in signature.outputs { print("  \(output.name) (\(output.type)): \(output.summary)") }
        print("IAM permissions:")
        if signature.permissions.isEmpty { print("  (none)") }
        for permission in signature.permissions { print("  \(permission)") }
    }
}
