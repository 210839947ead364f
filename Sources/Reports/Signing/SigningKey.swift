import Crypto
public import Foundation

/// An Ed25519 private key that signs audit checkpoints.
///
/// Keep it away from the audit database (another machine, a secrets manager): the signature
/// proves no rewrite only against someone who does not hold the key.
public struct SigningKey: Sendable {
    /// The raw 32-byte private key (the Crypto key type is not `Sendable`; this is rebuilt from it).
    private let raw: Data

    private init(key: Curve25519.Signing.PrivateKey) {
        raw = key.rawRepresentation
    }

    /// The key as Crypto's type.
    private var key: Curve25519.Signing.PrivateKey {
        // Made from a valid key's 32 bytes: cannot fail.
        try! Curve25519.Signing.PrivateKey(rawRepresentation: raw)
    }

    /// A new random key.
    ///
    /// - Returns: The key.
    public static func generate() -> SigningKey {
        SigningKey(key: Curve25519.Signing.PrivateKey())
    }

    /// A key from a PEM `PRIVATE KEY` block (PKCS #8, as `irun audit keygen` and
    /// `openssl genpkey -algorithm ed25519` write).
    ///
    /// - Parameter pem: The text.
    /// - Throws: ``ReportError`` `invalidKey` if it is not an Ed25519 private key.
    public init(pem: String) throws {
        guard let raw = PEM.keyBytes(pem, label: "PRIVATE KEY", prefix: PEM.privatePrefix),
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw) else {
            throw ReportError(.invalidKey, "not an Ed25519 private key: expected a PEM 'PRIVATE KEY' block as `irun audit keygen` writes")
        }
        self.init(key: key)
    }

    /// Reads a key file.
    ///
    /// - Parameter path: The file.
    /// - Throws: ``ReportError`` `io` if it cannot be read, `invalidKey` if it is not a private key.
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw ReportError(.io, "cannot read the private key file \(path)") }
        do {
            try self.init(pem: String(decoding: data, as: UTF8.self))
        } catch let error as ReportError {
            throw ReportError(error.code, "\(path): \(error.message)")
        }
    }

    /// The PEM `PRIVATE KEY` text (PKCS #8). Secret: write it only to a file of mode 0600.
    public var pem: String { PEM.encode(PEM.privatePrefix + Array(key.rawRepresentation), label: "PRIVATE KEY") }

    /// The public half.
    public var verifyingKey: VerifyingKey {
        // 32 bytes from a valid private key: cannot fail.
        try! VerifyingKey(rawRepresentation: key.publicKey.rawRepresentation)
    }

    /// The Ed25519 signature of `data`.
    ///
    /// - Parameter data: The bytes.
    /// - Returns: The 64-byte signature.
    /// - Throws: Crypto errors (in practice none).
    public func signature(for data: Data) throws -> Data {
        try key.signature(for: data)
    }
}
