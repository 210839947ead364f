import ArgumentParser
import AuditStore

/// `irun audit verify`: recomputes the event hash chain and names the first broken event.
struct AuditVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the audit trail's hash chain and report the first broken event.",
        discussion: """
            Reads every event in order, recomputes each hash from the stored columns, and checks that each event links to the one before it and that no sequence number is missing.

            Prints `chain intact: N events, head <hash>` and exits 0, or `chain broken at event N: <reason>` and exits 1. Keep the head hash somewhere else (a ticket, a log) to notice later a rewrite of the whole chain.
            """
    )

    @OptionGroup var database: AuditStoreOptions

    func run() async throws {
        guard let store = try database.openExisting() else {
            printError("error: \(database.missingMessage)")
            throw ExitCode.failed
        }
        let result: ChainVerification
        do {
            result = try await store.verifyChain()
        } catch {
            printError("error: cannot read the events of \(database.resolvedPath): \(error)")
            throw ExitCode.failed
        }
        if let broken = result.firstBreak {
            print("chain broken at event \(broken.seq): \(broken.reason)")
            throw ExitCode.failed
        }
        print("chain intact: \(result.eventsChecked) event\(result.eventsChecked == 1 ? "" : "s"), head \(result.headHash)")
    }
}
