import Foundation
@testable import IRunCLI
import Testing

/// The built `irun` copied alone into an empty folder, run from there with `HOME` (and nothing
/// else of the user's) pointing at another empty folder: what a responder gets on a bastion.
struct InstalledIRun {
    let folder: URL
    let home: URL
    let binary: URL

    init() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("irun-installed-\(UUID().uuidString)")
        folder = base.appendingPathComponent("work")
        home = base.appendingPathComponent("home")
        binary = base.appendingPathComponent("bin/irun")
        for directory in [folder, home, binary.deletingLastPathComponent()] {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        try FileManager.default.copyItem(at: try irunBinary(), to: binary)
    }

    /// Runs the copied binary in the empty folder, with nothing of the user's but `HOME`.
    func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try runIRun(arguments, in: folder, binary: binary, environment: ["HOME": home.path, "PATH": "/usr/bin:/bin"])
    }

    func remove() { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
}

@Suite("irun installed alone: the built-in runbooks, worlds and game days travel inside the binary", .serialized)
struct InstalledBinaryTests {
    @Test func listShowExecuteGameDayAndIAMPolicyWorkWithNothingButTheBinary() throws {
        // Given the binary alone in an empty folder, with an empty home
        let irun = try InstalledIRun()
        defer { irun.remove() }
        // When a responder lists, shows, executes, rehearses and asks for the policy
        let list = try irun.run(["list"])
        #expect(list.status == 0 && list.stdout.contains("ec2-quarantine") && list.stdout.contains("built-in"), "\(list.stderr)")
        let show = try irun.run(["show", "ec2-quarantine"])
        #expect(show.status == 0 && show.stdout.contains("isolate"), "\(show.stderr)")
        let execute = try irun.run(["execute", "ec2-quarantine", "--instance", "i-123"])
        #expect(execute.status == 0, "\(execute.stderr)")
        let gameday = try irun.run(["gameday", "web-tier-asg"])
        #expect(gameday.status == 0 && gameday.stdout.contains("web-tier-asg"), "\(gameday.stderr)")
        let policy = try irun.run(["iam-policy", "ec2-quarantine"])
        #expect(policy.status == 0 && policy.stdout.contains("ec2:ModifyNetworkInterfaceAttribute"), "\(policy.stderr)")
        // Then the audit trail is in the per-user data folder, not in the folder it ran from
        #expect(FileManager.default.fileExists(atPath: irun.home.appendingPathComponent(".local/share/irun/audit.sqlite").path))
        #expect(!FileManager.default.fileExists(atPath: irun.folder.appendingPathComponent(".irun").path))
        let version = try irun.run(["--version"])
        #expect(version.stdout.hasPrefix(IRun.version) && version.stdout.contains("commit "))
    }

    @Test func aUserRunbookShadowsTheBuiltInOneOfTheSameName() throws {
        // Given a runbook named ec2-quarantine in the per-user folder
        let irun = try InstalledIRun()
        defer { irun.remove() }
        let user = irun.home.appendingPathComponent(".config/irun/runbooks")
        try FileManager.default.createDirectory(at: user, withIntermediateDirectories: true)
        try """
            name: ec2-quarantine
            description: Our own quarantine, for the test.
            parameters:
              instance: { type: instance-id, required: true }
            steps:
              look: { action: ec2.capture, with: { instance: "${{ params.instance }}" } }
            """.write(to: user.appendingPathComponent("ec2-quarantine.yaml"), atomically: true, encoding: .utf8)
        // When the responder lists and runs it
        let list = try irun.run(["list"])
        let execute = try irun.run(["execute", "ec2-quarantine", "--instance", "i-123"])
        // Then the user's file wins, and the list says where each runbook came from
        let line = try #require(list.stdout.split(separator: "\n").first { $0.hasPrefix("ec2-quarantine") })
        #expect(line.contains(user.path) && line.contains("Our own quarantine"), "\(list.stdout)")
        #expect(list.stdout.split(separator: "\n").contains { $0.hasPrefix("ec2-release") && $0.contains("built-in") })
        #expect(execute.status == 0 && execute.stdout.contains("look") && !execute.stdout.contains("isolate"), "\(execute.stdout)")
    }

    @Test func exportWritesTheBuiltInFilesAndNeverOverwritesUnasked() throws {
        let irun = try InstalledIRun()
        defer { irun.remove() }
        // When the built-in files are exported
        let first = try irun.run(["runbooks", "export", "mine"])
        #expect(first.status == 0, "\(first.stderr)")
        let exported = irun.folder.appendingPathComponent("mine")
        for file in ["ec2-quarantine.yaml", "worlds/default.yaml", "gamedays/web-tier-asg.yaml", "gamedays/runbooks/naive-quarantine.yaml"] {
            #expect(FileManager.default.fileExists(atPath: exported.appendingPathComponent(file).path), "\(file)")
        }
        // Then they are what the repository ships, byte for byte
        let shipped = try String(contentsOf: repositoryRoot.appendingPathComponent("Runbooks/ec2-quarantine.yaml"), encoding: .utf8)
        #expect(try String(contentsOf: exported.appendingPathComponent("ec2-quarantine.yaml"), encoding: .utf8) == shipped)
        // And a second export into the same folder changes nothing and says why
        try "edited".write(to: exported.appendingPathComponent("ec2-release.yaml"), atomically: true, encoding: .utf8)
        let second = try irun.run(["runbooks", "export", "mine"])
        #expect(second.status != 0 && second.stderr.contains("--force"))
        #expect(try String(contentsOf: exported.appendingPathComponent("ec2-release.yaml"), encoding: .utf8) == "edited")
        // And a folder of scenarios runs every scenario in it, not the runbooks beside them
        let scenarios = irun.folder.appendingPathComponent("two")
        try FileManager.default.createDirectory(at: scenarios, withIntermediateDirectories: true)
        for file in ["web-tier-naive.yaml", "already-terminated.yaml", "runbooks"] {
            try FileManager.default.copyItem(at: exported.appendingPathComponent("gamedays/\(file)"), to: scenarios.appendingPathComponent(file))
        }
        let folder = try irun.run(["gameday", "two", "--format", "json"])
        #expect(folder.status == 0 && folder.stdout.contains("\"web-tier-naive\"") && folder.stdout.contains("\"already-terminated\""), "\(folder.stderr)")
        #expect(!folder.stderr.contains("invalid scenario"))
    }
}

@Suite("Built-in files match the repository")
struct BuiltinFilesTests {
    @Test func everyFileUnderRunbooksIsEmbeddedAsItIsOnDisk() throws {
        // Given the files under Runbooks/ (Scripts/embed writes BuiltinFiles.swift from them)
        let root = repositoryRoot.appendingPathComponent("Runbooks")
        let enumerator = try #require(FileManager.default.enumerator(atPath: root.path))
        let onDisk = Set(enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".md") })
        // Then the binary carries exactly those, with the same text (run Scripts/embed if not)
        #expect(Set(BuiltinLibrary.files.map(\.path)) == onDisk, "run Scripts/embed")
        for file in BuiltinLibrary.files {
            #expect(try String(contentsOf: root.appendingPathComponent(file.path), encoding: .utf8) == file.text, "\(file.path) changed: run Scripts/embed")
        }
    }
}
