import ArgumentParser
import AuditStore
import Foundation
import Reports

/// `irun audit checkpoint`: sign the chain head.
struct AuditCheckpointCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Sign the audit chain's head with an Ed25519 key and store the signature.",
        discussion: """
            Verifies the whole chain (a broken chain is refused, exit 1), then signs the statement "irun-audit-checkpoint v1 / seq N / hash H / time T" with the private key and stores it in the checkpoints table.

            Later, `irun audit verify --pubkey PREFIX.pub` checks every checkpoint: someone who edits an event and recomputes every hash after it still gets an intact chain, but not the signed hash at the checkpoint, and cannot sign a new one without the key. Run it on a schedule (say hourly, and at the end of each incident), and keep the printed line somewhere else too: it shows if checkpoints themselves are deleted.
            """
    )

    @Option(help: ArgumentHelp("The private key file (PREFIX.key from `irun audit keygen`).", valueName: "file"))
    var key: String

    @OptionGroup var database: AuditStoreOptions

    func run() async throws {
        let signingKey = try AuditKeyLoading.privateKey(key)
        guard let store = try database.openExisting() else {
            printError("error: \(database.missingMessage)")
            throw ExitCode.failed
        }
        do {
            let checkpoint = try await CheckpointSigner.checkpoint(store, key: signingKey)
            print("checkpoint \(checkpoint.id): event \(checkpoint.seq), hash \(checkpoint.hash), at \(checkpoint.createdAtText), key \(checkpoint.keyID.prefix(16))")
        } catch let error as ReportError {
            printError("error: \(error.message)")
            throw ExitCode.failed
        }
    }
}
