import ArgumentParser
import Reports

/// `irun audit keygen`: a key pair for signed checkpoints.
struct AuditKeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Make an Ed25519 key pair for signing audit checkpoints.",
        discussion: """
            Writes PREFIX.key, the private key (PEM, PKCS #8, created with mode 0600), and PREFIX.pub, the public key (PEM, SubjectPublicKeyInfo). Both are the standard forms OpenSSL reads (`openssl pkey -in PREFIX.key -pubout`). Existing files are never overwritten.

            Keep the private key away from the audit database (another host, a secrets manager): a signature proves that the chain was not rewritten only against someone who cannot sign. Give the public key to whoever reviews the audit trail.
            """
    )

    @Option(help: ArgumentHelp("Path prefix of the two files: writes PREFIX.key and PREFIX.pub.", valueName: "prefix"))
    var out: String

    func validate() throws {
        guard !out.isEmpty, !out.hasSuffix("/") else { throw ValidationError("--out must be a path prefix such as keys/audit.") }
    }

    func run() throws {
        let key = SigningKey.generate()
        let paths: (privateKey: String, publicKey: String)
        do {
            paths = try KeyFiles.write(key, prefix: out)
        } catch let error as ReportError {
            printError("error: \(error.message)")
            throw ExitCode.failed
        }
        print("private key \(paths.privateKey) (mode 0600: keep it secret, away from the audit database)")
        print("public key  \(paths.publicKey)")
        print("key id      \(key.verifyingKey.keyID)")
    }
}
