import ArgumentParser

/// `irun audit …`: checks and exports of the audit database.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check, sign and export the tamper-evident audit database.",
        discussion: """
            Every state change of every run is an event in one hash-chained, append-only table of the audit database (--db; default $IRUN_DB, else ./.irun/audit.sqlite in a folder with .irun/ or Runbooks/, else ~/.local/share/irun/audit.sqlite).

              irun audit verify [--pubkey F.pub]      recompute the chain, check checkpoints
              irun audit keygen --out PREFIX          make an Ed25519 key pair
              irun audit checkpoint --key F.key       sign the chain head
              irun audit export --format jsonl|csv    stream events for a SIEM
            """,
        subcommands: [AuditVerifyCommand.self, AuditExportCommand.self, AuditKeygenCommand.self, AuditCheckpointCommand.self]
    )
}
