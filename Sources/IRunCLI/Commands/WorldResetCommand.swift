import ArgumentParser
import Foundation
import MockAWS

/// `irun world reset [NAME]`: forgets what runs did to a simulated world, so the next run
/// starts from its file again.
struct WorldResetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset",
        abstract: "Start a simulated world afresh: forget the changes runs made to it.",
        discussion: """
            Runs against the simulated account keep its state next to the audit database (simulated/NAME.json), so a quarantined instance stays quarantined for the next command, as in AWS. This deletes that state; the audit trail is untouched. NAME is the world's name (default: the built-in world, default).
            """
    )

    @Argument(help: ArgumentHelp("The world's name, as in its file's `name` (default: default).", valueName: "name"))
    var name: String = WorldSpec.defaultWorld().name

    @OptionGroup var store: AuditStoreOptions

    func run() throws {
        let state = URL(fileURLWithPath: store.resolvedPath).deletingLastPathComponent()
            .appendingPathComponent("simulated").appendingPathComponent("\(name).json")
        guard FileManager.default.fileExists(atPath: state.path) else {
            print("world \(name) has no saved state next to \(store.resolvedPath); the next run starts from its file")
            return
        }
        do { try FileManager.default.removeItem(at: state) } catch {
            printError("error: cannot delete \(state.path): \(error.localizedDescription)")
            throw ExitCode.failed
        }
        print("world \(name) reset: deleted \(state.path); the next run starts from its file")
    }
}
