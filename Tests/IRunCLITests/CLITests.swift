import ArgumentParser
import Foundation
@testable import IRunCLI
import Testing

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Runs the built `irun` binary (or `binary`) in `directory` (the repository root unless given)
/// and returns its exit code and output.
func runIRun(
    _ arguments: [String], in directory: URL = repositoryRoot, binary: URL? = nil, environment: [String: String]? = nil
) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = try binary ?? irunBinary()
    process.arguments = arguments
    process.currentDirectoryURL = directory
    if let environment { process.environment = environment }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
}

@Suite("Command-line parsing")
struct ParsingTests {
    @Test("validate takes files and a format")
    func validate() throws {
        let command = try #require(try IRun.parseAsRoot(["validate", "a.yaml", "b.yaml", "--format", "json"]) as? ValidateCommand)
        #expect(command.files == ["a.yaml", "b.yaml"])
        #expect(command.format == .json)
    }

    @Test("execute maps --instance and --param to runbook parameters, in order")
    func execute() throws {
        let command = try #require(try IRun.parseAsRoot(["execute", "ec2-quarantine", "--instance", "i-0abc1234", "--param", "case=IR-7", "--param", "note=a=b"]) as? ExecuteCommand)
        #expect(command.givenParameters.map { "\($0.name)=\($0.text)" } == ["instance=i-0abc1234", "case=IR-7", "note=a=b"])
    }

    @Test("malformed flags are usage errors that name the flag", arguments: [
        (["execute", "ec2-quarantine", "--instance", "vol-123"], "--instance 'vol-123' is not an instance id"),
        (["execute", "ec2-quarantine", "--param", "nonsense"], "--param 'nonsense' must be name=value"),
        (["show", "ec2-quarantine", "--format", "png"], "--format"),
        (["validate"], "Missing expected argument"),
    ])
    func usageErrors(arguments: [String], message: String) {
        #expect {
            _ = try IRun.parseAsRoot(arguments)
        } throws: { error in
            IRun.exitCode(for: error) == .validationFailure && IRun.fullMessage(for: error).contains(message)
        }
    }
}

@Suite("irun end to end", .serialized)
struct EndToEndTests {
    @Test("validate: shipped runbooks are valid (exit 0); a broken one gets file:line:column, a caret and a fix (exit 1)")
    func validate() throws {
        let ok = try runIRun(["validate", "Runbooks/ec2-quarantine.yaml", "Runbooks/ec2-release.yaml"])
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("Runbooks/ec2-quarantine.yaml: valid (11 steps, 5 parameters)"))

        let broken = "Tests/RunbookModelTests/Fixtures/broken/unknown-step-key.yaml"
        let bad = try runIRun(["validate", broken])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("\(broken):6:5: error: unknown key 'neds' in step 'a'; did you mean 'needs'?\n 6 |     neds: [b]\n   |     ^\n  fix: rename it to `needs`"))
    }

    @Test("validate --format json is machine-readable")
    func validateJSON() throws {
        let result = try runIRun(["validate", "--format", "json", "Tests/RunbookModelTests/Fixtures/broken/cycle-three.yaml", "ec2-quarantine"])
        #expect(result.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(report["valid"] as? Bool == false)
        let files = try #require(report["files"] as? [[String: Any]])
        #expect(files.map { $0["valid"] as? Bool } == [false, true])
        let first = try #require((files[0]["diagnostics"] as? [[String: Any]])?.first)
        #expect(first["code"] as? String == "cycle")
        #expect(first["line"] as? Int == 5)
    }

    @Test("list shows the shipped runbooks with descriptions; show draws the graph")
    func listAndShow() throws {
        let list = try runIRun(["list"])
        #expect(list.status == 0)
        #expect(list.stdout.contains("ec2-quarantine  Runbooks  Contain a compromised EC2 instance and preserve its evidence."), "\(list.stdout)")
        let show = try runIRun(["show", "ec2-quarantine"])
        #expect(show.status == 0)
        #expect(show.stdout.contains("isolate        ec2.isolate*  (needs protect, detach, deregister)"))
        let dot = try runIRun(["show", "ec2-quarantine", "--format", "dot"])
        #expect(dot.stdout.hasPrefix("digraph \"ec2-quarantine\""))
        let mermaid = try runIRun(["show", "ec2-release", "--format", "mermaid"])
        #expect(mermaid.stdout.contains("s0 --> s1"))
    }

    @Test("an unknown runbook name is a usage error (exit 2) with a suggestion")
    func unknownName() throws {
        let result = try runIRun(["show", "ec2-quarantin"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no runbook named 'ec2-quarantin' in Runbooks, built-in; did you mean 'ec2-quarantine'?"))
    }

    @Test("execute refuses missing parameters as a usage error before recording anything")
    func execute() throws {
        let missing = try runIRun(["execute", "ec2-quarantine", "--db", "/nonexistent/never-created.sqlite"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("error: --instance: required by runbook 'ec2-quarantine'"))
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent/never-created.sqlite"))
    }

    @Test("--version prints the version")
    func version() throws {
        let result = try runIRun(["--version"])
        #expect(result.status == 0 && result.stdout == IRun.version + "\n")
    }
}
