import ArgumentParser
import AuditStore
import Foundation

/// `irun token create|list|revoke`: who may use `irun serve`, and as what.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Make, list and revoke the tokens irun serve accepts.",
        discussion: """
            Roles: ingest (EventBridge's API destination: may post findings only), viewer (reads runs,
            findings and the console), responder (also approves and denies gates). Only a token's
            SHA-256 is stored; `create` prints the token once, as its last line. A revoked token is
            refused within two seconds, by a server already running too.
            """,
        subcommands: [TokenCreateCommand.self, TokenListCommand.self, TokenRevokeCommand.self]
    )
}

struct TokenCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Make a token; prints it once, as the last line.")

    @Argument(help: ArgumentHelp("Who holds it: a person, or the EventBridge connection.", valueName: "name"))
    var name: String

    @Option(help: ArgumentHelp("ingest, viewer or responder.", valueName: "role"))
    var role: String

    @OptionGroup var store: AuditStoreOptions

    func validate() throws {
        guard APIRole(rawValue: role) != nil else { throw ValidationError("--role must be ingest, viewer or responder, not '\(role)'.") }
    }

    func run() async throws {
        let database = try store.open()
        let secret: String
        do { secret = try await database.createToken(name: name, role: APIRole(rawValue: role)!, at: Date()) } catch let error as AuditStoreError where error.code == .invalidToken {
            printError("error: \(error.message)")
            throw ExitCode.usage
        }
        printError("token '\(name)' (\(role)) created; it is shown once, below. Send it as `Authorization: Bearer <token>`.")
        print(secret)
    }
}

struct TokenListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List tokens: name, role, created, revoked (never the secret).")

    @OptionGroup var store: AuditStoreOptions

    func run() async throws {
        guard let database = try store.openExisting() else { return }
        let rows = try await database.tokens().map { token in
            [token.name, token.role.rawValue, AuditFormatting.time(token.createdAt), token.revokedAt.map(AuditFormatting.time) ?? "-"]
        }
        print(TextTable.render(["NAME", "ROLE", "CREATED", "REVOKED"], rows), terminator: "")
    }
}

struct TokenRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a token: refused from then on.")

    @Argument(help: ArgumentHelp("The token's name.", valueName: "name"))
    var name: String

    @OptionGroup var store: AuditStoreOptions

    func run() async throws {
        guard let database = try store.openExisting(), try await database.revokeToken(name: name, at: Date()) else {
            printError("error: no active token named '\(name)' (irun token list shows them)")
            throw ExitCode.failed
        }
        printError("token '\(name)' revoked")
    }
}
