public import Foundation
import GRDB

extension AuditDatabase {
    /// Makes a token for `name`; only its SHA-256 is stored.
    ///
    /// - Parameters:
    ///   - name: Who holds it (a person, `eventbridge`); unique among tokens, revoked ones included.
    ///   - role: What it may do.
    ///   - now: When it is made.
    /// - Returns: The secret, `irun_` and 43 characters of base64url: shown once, never stored.
    /// - Throws: ``AuditStoreError`` `invalidToken` if the name is taken or malformed; database errors.
    public func createToken(name: String, role: APIRole, at now: Date) async throws -> String {
        guard name.range(of: #"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$"#, options: .regularExpression) != nil else {
            throw AuditStoreError(.invalidToken, "token name '\(name.prefix(80))' must be 1–64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit")
        }
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = generator.next() }
        let secret = "irun_" + Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let digest = ContentHash.sha256(secret)
        try await writer.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM api_tokens WHERE name = ?", arguments: [name]) == true {
                throw AuditStoreError(.invalidToken, "a token named '\(name)' exists already (revoked ones keep their name); choose another name")
            }
            try db.execute(sql: "INSERT INTO api_tokens (name, role, token_sha256, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [name, role.rawValue, digest, AuditTime.string(now)])
        }
        return secret
    }

    /// Every token, active and revoked, oldest first.
    public func tokens() async throws -> [APIToken] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM api_tokens ORDER BY created_at, name").map { row in
                let roleText: String = row["role"]
                guard let role = APIRole(rawValue: roleText) else { throw AuditStoreError(.corrupt, "token '\(row["name"] as String)' has unknown role '\(roleText)'") }
                let revoked: String? = row["revoked_at"]
                return APIToken(name: row["name"], role: role, createdAt: AuditTime.date(row["created_at"]) ?? .distantPast, revokedAt: revoked.flatMap(AuditTime.date),
                                secretSHA256: row["token_sha256"])
            }
        }
    }

    /// Revokes a token at once: requests bearing it are refused from then on.
    ///
    /// - Returns: Whether an active token of that name was revoked.
    public func revokeToken(name: String, at now: Date) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "UPDATE api_tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", arguments: [AuditTime.string(now), name])
            return db.changesCount > 0
        }
    }
}
