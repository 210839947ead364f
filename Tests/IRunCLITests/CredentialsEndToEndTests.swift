import AWSClient
import AuditStore
import Foundation
import Providers
import RunbookModel
import Testing

/// `Scripts/imds-standin`: an IMDSv2-only metadata service on a free loopback port, stopped
/// when the test lets go of it (its standard input closes).
final class IMDSStandIn {
    let port: Int
    private let process = Process()
    private let input = Pipe()

    init(arguments: [String] = []) throws {
        process.executableURL = repositoryRoot.appendingPathComponent("Scripts/imds-standin")
        process.arguments = arguments
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) { line.append(byte) }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("PORT "), let port = Int(text.dropFirst(5)) else { throw CocoaError(.fileReadCorruptFile) }
        self.port = port
    }

    var endpoint: String { "http://127.0.0.1:\(port)" }

    /// Tokens handed out, key sets handed out, requests refused (an IMDSv1 `GET` without a token is one).
    func counts() async throws -> [String: Int] {
        let response = try await AsyncHTTPClientTransport.shared.send(HTTPRequest(method: "GET", url: URL(string: "\(endpoint)/_counts")!), timeout: .seconds(5))
        return try JSONDecoder().decode([String: Int].self, from: response.body)
    }

    deinit {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

@Suite("Credentials as teams have them, end to end against moto", .serialized, .enabled(if: Moto.isAvailable, Moto.skipReason))
struct CredentialsEndToEndTests {
    /// The member account's incident-response role; moto keeps what is made with its keys in account 210987654321.
    static let memberRole = "arn:aws:iam::210987654321:role/IncidentResponse"

    @Test func aQuarantineThroughAnAssumedRoleActsInTheRolesAccountAndRecordsTheRole() async throws {
        // Given an instance that exists only in the member account (seeded through the role)
        let seeding = RoleAssumption(roleARN: Self.memberRole, sessionName: "seeding", place: "test")
        let world = try await MotoWorld.seed(client: try Moto.client(role: seeding))
        let target = try await world.instance()
        let scratch = try AWSScratch()
        // When irun runs with the security account's keys alone, the instance is not there
        let withoutRole = try scratch.irun(["execute", "ec2-quarantine", "--instance", target.id])
        #expect(withoutRole.status != 0 && withoutRole.stderr.contains("InvalidInstanceID.NotFound"), "\(withoutRole.stderr)")
        // And with --role-arn it quarantines it
        let run = try scratch.irun([
            "execute", "ec2-quarantine", "--instance", target.id, "--param", "case=IR-ROLE",
            "--role-arn", Self.memberRole, "--external-id", "case-2026-7", "--role-session-name", "night-shift",
        ])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(try await world.tags(of: target.id).value(of: "quarantine-case") == "IR-ROLE")
        // Then the run records the assumed role STS named, in its header, its chain and its report
        let runID = try await scratch.lastRunID()
        let stored = try #require(try await scratch.store().run(runID))
        let acted = "arn:aws:sts::210987654321:assumed-role/IncidentResponse/night-shift"
        #expect(stored.header.actingAs == acted)
        #expect(stored.events.first?.payload[member: "actingAs"] == .string(acted))
        #expect(run.stdout.contains("provider aws us-east-1 \(try #require(Moto.endpoint?.host)):\(try #require(Moto.endpoint?.port)), acting as \(acted)"), "\(run.stdout)")
        let report = try scratch.irun(["report", runID, "--format", "md"], provider: false)
        #expect(report.stdout.contains("acting as \(acted)"), "\(report.stdout.prefix(2000))")
        // And no file irun wrote holds the keys it signed with, nor the external id
        for (name, bytes) in try scratch.writtenFiles() {
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!text.contains(scratch.secret) && !text.contains("case-2026-7"), "\(name)")
        }
    }

    @Test func aRoleProfileWithASourceProfileIsWhatDoctorChecks() throws {
        // Given ~/.aws/config with a role profile whose keys come from another profile
        let scratch = try AWSScratch()
        try FileManager.default.createDirectory(atPath: scratch.home + "/.aws", withIntermediateDirectories: true)
        try "[security]\naws_access_key_id = AKIASECURITY0000000\naws_secret_access_key = \(scratch.secret)\n".write(toFile: scratch.home + "/.aws/credentials", atomically: true, encoding: .utf8)
        try "[profile member]\nrole_arn = \(Self.memberRole)\nsource_profile = security\nrole_session_name = doctor-check\n".write(toFile: scratch.home + "/.aws/config", atomically: true, encoding: .utf8)
        // When doctor checks that profile, with no keys in the environment
        let result = try runIRun(
            ["doctor", "--provider", "aws", "--profile", "member", "--endpoint-url", try #require(Moto.endpoint).absoluteString, "--region", "us-east-1"],
            environment: ["HOME": scratch.home]
        )
        // Then it assumed the role and says who it acts as
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("role         ok       \(Self.memberRole) (profile \"member\", session doctor-check)"), "\(result.stdout)")
        #expect(result.stdout.contains("acting as             arn:aws:sts::210987654321:assumed-role/IncidentResponse/doctor-check"))
        #expect(!result.stdout.contains(scratch.secret) && !result.stderr.contains(scratch.secret))
    }

    @Test func onABastionTheInstanceProfileActsThroughIMDSv2() async throws {
        // Given an instance in moto, and a metadata service that hands out the bastion's role keys
        let world = try await MotoWorld.seed(client: try Moto.client())
        let target = try await world.instance(inAutoScalingGroup: false, inTargetGroup: false, inLoadBalancer: false)
        let imds = try IMDSStandIn(arguments: ["--role", "ir-bastion"])
        let scratch = try AWSScratch()
        // When irun runs with no keys anywhere but the instance profile
        let environment = ["HOME": scratch.home, "AWS_EC2_METADATA_SERVICE_ENDPOINT": imds.endpoint, "IRUN_ACTOR": "e2e"]
        let endpoint = try #require(Moto.endpoint).absoluteString
        let result = try runIRun(
            ["execute", "ec2-quarantine", "--instance", target.id, "--provider", "aws", "--endpoint-url", endpoint, "--region", "us-east-1", "--db", scratch.db],
            environment: environment
        )
        // Then the quarantine ran as the instance profile's role, fetched the IMDSv2 way only
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let stored = try #require(try await scratch.store().run(try await scratch.lastRunID()))
        #expect(stored.header.actingAs == "instance profile role ir-bastion")
        let counts = try await imds.counts()
        #expect(counts["tokens"] == 1 && counts["keys"] == 1 && counts["refused"] == 0, "\(counts)")
        // And turned off, the metadata service is not asked and the error says where irun looked
        let off = try runIRun(
            ["execute", "ec2-quarantine", "--instance", target.id, "--provider", "aws", "--endpoint-url", endpoint, "--region", "us-east-1", "--db", scratch.db],
            environment: environment.merging(["AWS_EC2_METADATA_DISABLED": "true"]) { $1 }
        )
        #expect(off.status == 1 && off.stderr.contains("No AWS credentials found") && off.stderr.contains("AWS_EC2_METADATA_DISABLED is true"), "\(off.stderr)")
        #expect(try await imds.counts()["tokens"] == 1)
    }

    @Test func anInstanceWithoutAProfileIsAClearErrorBeforeAnythingIsRecorded() throws {
        let imds = try IMDSStandIn(arguments: ["--no-role"])
        let scratch = try AWSScratch()
        let result = try runIRun(
            ["execute", "ec2-quarantine", "--instance", "i-0123456789abcdef0", "--provider", "aws", "--endpoint-url", try #require(Moto.endpoint).absoluteString,
             "--region", "us-east-1", "--db", scratch.db],
            environment: ["HOME": scratch.home, "AWS_EC2_METADATA_SERVICE_ENDPOINT": imds.endpoint]
        )
        #expect(result.status == 1 && result.stderr.contains("No AWS credentials found") && result.stderr.contains("no instance profile"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.db), "nothing is recorded")
    }
}
