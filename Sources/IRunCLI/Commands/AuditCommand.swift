import ArgumentParser

/// `irun audit …`: checks of the audit database.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the tamper-evident audit database.",
        discussion: """
            Every state change of every run is an event in one hash-chained, append-only table of the audit database (--db, default $IRUN_DB, else ./.irun/audit.sqlite).
            """,
        subcommands: [AuditVerifyCommand.self]
    )
}
