import AuditStore
import Foundation
import Reports
import Testing

@Suite("Signed checkpoints and key files")
struct CheckpointTests {
    @Test("a checkpoint signs the head; verification with the public key holds")
    func signAndVerify() async throws {
        // Given the fixture database and a key
        let database = try await FixtureDatabase.make()
        defer { database.cleanup() }
        let key = SigningKey.generate()
        // When the head is signed
        let checkpoint = try await CheckpointSigner.checkpoint(database.store, key: key, now: at(100))
        // Then the checkpoint names the head event and its hash, and verifies
        let head = try await database.store.verifyChain()
        #expect(checkpoint.id == 1 && checkpoint.seq == 33 && checkpoint.hash == head.headHash)
        #expect(checkpoint.keyID == key.verifyingKey.keyID)
        #expect(String(decoding: checkpoint.signedStatement, as: UTF8.self)
            == "irun-audit-checkpoint v1\nseq 33\nhash \(head.headHash)\ntime 2026-01-01T00:01:40.000Z\n")
        let audit = try await CheckpointVerifier.audit(database.store, keys: [key.verifyingKey])
        #expect(audit.isTrusted && audit.latestValid?.seq == 33)
    }

    @Test("a chain rewritten with every hash recomputed verifies alone, but not against the checkpoint")
    func rewrittenChain() async throws {
        // Given a checkpoint, then an attacker who edits event 17 (isolate's outputs) and recomputes every hash after it
        let database = try await FixtureDatabase.make()
        defer { database.cleanup() }
        let key = SigningKey.generate()
        _ = try await CheckpointSigner.checkpoint(database.store, key: key, now: at(100))
        try database.rewrite(seq: 17, payload: #"{"outputs":{"originalGroups":{},"quarantineGroup":"sg-attacker"}}"#)
        // When the chain and then the checkpoints are verified
        let chain = try await database.store.verifyChain()
        let audit = try await CheckpointVerifier.audit(database.store, keys: [key.verifyingKey])
        // Then the chain alone is intact, but the checkpoint shows the rewrite
        #expect(chain.isIntact && chain.eventsChecked == 33)
        #expect(!audit.isTrusted)
        guard case .hashChanged(let current)? = audit.results.first?.problem else {
            Issue.record("expected hashChanged, got \(String(describing: audit.results.first?.problem))")
            return
        }
        #expect(current == chain.headHash)
        // And a report with the key says so prominently
        let report = ReportExporter.render(try await database.report(keys: [key.verifyingKey]), as: .md)
        #expect(report.contains("**SIGNED CHECKPOINTS DO NOT HOLD**: checkpoint 1 (event 33): the chain's hash there is now"))
    }

    @Test("a checkpoint edited to the new hash fails its signature; a foreign key is unknown; truncation is caught")
    func forgedCheckpoints() async throws {
        let database = try await FixtureDatabase.make()
        defer { database.cleanup() }
        let key = SigningKey.generate(), other = SigningKey.generate()
        _ = try await CheckpointSigner.checkpoint(database.store, key: key, now: at(100))
        // Given the attacker rewrites the chain and also edits the checkpoint's hash
        try database.rewrite(seq: 5, payload: #"{"artifact":"instance-description","kind":"x","sha256":"00","size":1}"#)
        let head = try await database.store.verifyChain().headHash
        try database.tamper("UPDATE checkpoints SET hash = '\(head)' WHERE id = 1")
        // Then the signature no longer verifies, and another key is not trusted
        #expect(try await CheckpointVerifier.audit(database.store, keys: [key.verifyingKey]).results.first?.problem == .badSignature)
        #expect(try await CheckpointVerifier.audit(database.store, keys: [other.verifyingKey]).results.first?.problem == .unknownKey)

        // Given a fresh database where the newest events are deleted after a checkpoint
        let second = try await FixtureDatabase.make()
        defer { second.cleanup() }
        _ = try await CheckpointSigner.checkpoint(second.store, key: key, now: at(100))
        try second.tamper("DELETE FROM events WHERE seq > 30")
        // Then the chain is intact but the checkpoint's event is gone
        let audit = try await CheckpointVerifier.audit(second.store, keys: [key.verifyingKey])
        #expect(audit.chain.isIntact)
        #expect(audit.results.first?.problem == .eventMissing(head: 30))
    }

    @Test("no checkpoint at all is not trusted; a broken chain is not signed")
    func noCheckpoint() async throws {
        let database = try await FixtureDatabase.make()
        defer { database.cleanup() }
        let key = SigningKey.generate()
        #expect(try await CheckpointVerifier.audit(database.store, keys: [key.verifyingKey]).isTrusted == false)
        try database.tamper("UPDATE events SET kind = 'step-failed' WHERE seq = 3")
        await #expect { _ = try await CheckpointSigner.checkpoint(database.store, key: key) } throws: { error in
            (error as? ReportError)?.message == "chain broken at event 3: hash mismatch (row changed); refusing to sign a broken chain"
        }
        #expect(try await database.store.checkpoints().isEmpty)
    }

    @Test("keygen writes a 0600 private key and a public key, PEM in the forms OpenSSL uses, and never overwrites")
    func keyFiles() async throws {
        let database = try await FixtureDatabase.make()
        defer { database.cleanup() }
        // Given a new key written under a prefix
        let key = SigningKey.generate()
        let paths = try KeyFiles.write(key, prefix: database.file("audit"))
        // Then the private file is mode 0600 and the public one 0644
        let privateMode = try #require(try FileManager.default.attributesOfItem(atPath: paths.privateKey)[.posixPermissions] as? NSNumber)
        let publicMode = try #require(try FileManager.default.attributesOfItem(atPath: paths.publicKey)[.posixPermissions] as? NSNumber)
        #expect(privateMode.intValue == 0o600 && publicMode.intValue == 0o644)
        #expect(!KeyFiles.isExposed(paths.privateKey))
        // And both read back as PEM with the standard labels and DER prefixes
        let privateText = try String(contentsOfFile: paths.privateKey, encoding: .utf8)
        let publicText = try String(contentsOfFile: paths.publicKey, encoding: .utf8)
        #expect(privateText.hasPrefix("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI"))
        #expect(publicText.hasPrefix("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA"))
        #expect(try SigningKey(contentsOf: paths.privateKey).verifyingKey == key.verifyingKey)
        #expect(try VerifyingKey(contentsOf: paths.publicKey) == key.verifyingKey)
        // And a second keygen to the same prefix is refused without touching the files
        #expect { try KeyFiles.write(SigningKey.generate(), prefix: database.file("audit")) } throws: { ($0 as? ReportError)?.code == .fileExists }
        #expect(try VerifyingKey(contentsOf: paths.publicKey) == key.verifyingKey)
        // And a key file with another content is refused with its name
        #expect { try VerifyingKey(contentsOf: paths.privateKey) } throws: { ($0 as? ReportError)?.code == .invalidKey }
        chmod(paths.privateKey, 0o644)
        #expect(KeyFiles.isExposed(paths.privateKey))
    }

    @Test("keys made by OpenSSL are read, and irun's public key is what OpenSSL derives", .enabled(if: openSSL != nil, "openssl is not installed"))
    func openSSLInterop() async throws {
        let database = try await FixtureDatabase.make()
        defer { database.cleanup() }
        // Given a key made by OpenSSL, and the public key OpenSSL derives from it
        let privatePath = database.file("openssl.key"), publicPath = database.file("openssl.pub")
        #expect(try run(openSSL!, ["genpkey", "-algorithm", "ed25519", "-out", privatePath]) == 0)
        #expect(try run(openSSL!, ["pkey", "-in", privatePath, "-pubout", "-out", publicPath]) == 0)
        // Then irun reads both, and they match
        let key = try SigningKey(contentsOf: privatePath)
        #expect(try VerifyingKey(contentsOf: publicPath) == key.verifyingKey)
        #expect(key.verifyingKey.pem == (try String(contentsOfFile: publicPath, encoding: .utf8)))
    }
}

/// The `openssl` binary, if installed.
let openSSL: String? = ["/usr/bin/openssl", "/usr/local/bin/openssl", "/opt/homebrew/bin/openssl"].first { FileManager.default.isExecutableFile(atPath: $0) }

/// Runs a program and returns its exit status.
func run(_ program: String, _ arguments: [String]) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
}
