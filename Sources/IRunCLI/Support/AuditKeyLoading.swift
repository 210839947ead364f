import ArgumentParser
import Reports

/// Reading the key files named on the command line.
enum AuditKeyLoading {
    /// The public keys in `paths`.
    ///
    /// - Throws: `ValidationError` (exit 2) naming a file that cannot be read or is not a public key.
    static func publicKeys(_ paths: [String]) throws -> [VerifyingKey] {
        try paths.map { path in
            do {
                return try VerifyingKey(contentsOf: path)
            } catch let error as ReportError {
                throw ValidationError("--pubkey \(error.message).")
            }
        }
    }

    /// The private key in `path`, warning when others can read the file.
    ///
    /// - Throws: `ValidationError` (exit 2) if it cannot be read or is not a private key.
    static func privateKey(_ path: String) throws -> SigningKey {
        let key: SigningKey
        do {
            key = try SigningKey(contentsOf: path)
        } catch let error as ReportError {
            throw ValidationError("--key \(error.message).")
        }
        if KeyFiles.isExposed(path) {
            printError("warning: \(path) can be read by other users; `chmod 600 \(path)`")
        }
        return key
    }
}
