import Foundation

/// A profile's `credential_process`: a command that prints temporary keys as JSON, run the way
/// the AWS CLI runs it (split like a shell would, not through one; `PATH` searched).
///
/// Its output must be `{"Version": 1, "AccessKeyId": …, "SecretAccessKey": …, "SessionToken": …,
/// "Expiration": "2026-12-04T12:00:00Z"}` (token and expiration optional). Messages about a
/// failure name the command's program and quote its standard error, never its output, which
/// holds the secret.
enum CredentialProcess {
    /// Runs `command` and returns the keys it printed.
    ///
    /// - Parameters:
    ///   - command: The `credential_process` value.
    ///   - place: Where it was configured, for messages and `AWSCredentials.source`.
    ///   - now: The current time, to refuse keys that have expired already.
    /// - Throws: ``AWSConfigurationError`` `credentialProcessFailed`.
    static func credentials(command: String, place: String, now: Date = Date()) throws(AWSConfigurationError) -> AWSCredentials {
        let words = split(command)
        guard let program = words.first else { throw failure(place, "credential_process is empty") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = words
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { throw failure(place, "cannot start \(program): \(error.localizedDescription)") }
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        let complaint = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let firstLine = complaint.split(separator: "\n").first.map { String($0.prefix(300)) } ?? "no message"
            throw failure(place, "\(program) exited with status \(process.terminationStatus): \(firstLine)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: printed) as? [String: Any] else {
            throw failure(place, "\(program) did not print a JSON object")
        }
        guard (object["Version"] as? Int) == 1 else {
            throw failure(place, "\(program) printed Version \(object["Version"].map { "\($0)" } ?? "(none)"); irun understands Version 1")
        }
        guard let key = object["AccessKeyId"] as? String, !key.isEmpty, let secret = object["SecretAccessKey"] as? String, !secret.isEmpty else {
            throw failure(place, "\(program) printed no AccessKeyId or no SecretAccessKey")
        }
        var expiration: Date?
        if let text = object["Expiration"] as? String {
            expiration = ISO8601DateFormatter().date(from: text)
            guard let expiration else { throw failure(place, "\(program) printed an Expiration that is not an ISO 8601 time: \(text)") }
            guard expiration > now else { throw failure(place, "\(program) printed keys that expired at \(text)") }
        }
        return AWSCredentials(
            accessKeyID: key, secretAccessKey: secret, sessionToken: object["SessionToken"] as? String, source: "credential_process of \(place)",
            expiration: expiration
        )
    }

    private static func failure(_ place: String, _ reason: String) -> AWSConfigurationError {
        AWSConfigurationError(.credentialProcessFailed, "The credential_process of \(place) failed: \(reason).")
    }

    /// Splits a command line into words as a POSIX shell would: blanks separate words; single
    /// quotes keep everything; double quotes keep everything but `\"` and `\\`; a backslash outside
    /// quotes keeps the next character.
    static func split(_ command: String) -> [String] {
        var words: [String] = []
        var word = "", inWord = false
        var quote: Character?
        var escaped = false
        for character in command {
            if escaped {
                word.append(character)
                escaped = false
            } else if let open = quote {
                if character == open { quote = nil } else if character == "\\" && open == "\"" { escaped = true } else { word.append(character) }
            } else if character == "'" || character == "\"" {
                quote = character
                inWord = true
            } else if character == "\\" {
                escaped = true
                inWord = true
            } else if character == " " || character == "\t" {
                if inWord { words.append(word) }
                word = ""
                inWord = false
            } else {
                word.append(character)
                inWord = true
            }
        }
        if inWord { words.append(word) }
        return words
    }
}
