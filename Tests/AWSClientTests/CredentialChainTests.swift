@testable import AWSClient
import Foundation
import Providers
import Testing

@Suite("Roles, source_profile chains and the instance profile, as the AWS CLI resolves them")
struct CredentialChainTests {
    typealias Home = ConfigurationTests.Home

    /// `ir` assumes a role in the member account from `hub`, which assumes the security account's
    /// role from `base`'s keys (kept in the credentials file, as teams keep them).
    static let chainConfig = """
        [profile ir]
        region = eu-west-1
        role_arn = arn:aws:iam::210987654321:role/IncidentResponse
        source_profile = hub
        external_id = case-2026-7
        role_session_name = night-shift
        duration_seconds = 1800

        [profile hub]
        role_arn = arn:aws:iam::111122223333:role/SecurityHub
        source_profile = base

        [profile loop-a]
        role_arn = arn:aws:iam::111122223333:role/A
        source_profile = loop-b

        [profile loop-b]
        role_arn = arn:aws:iam::111122223333:role/B
        source_profile = loop-a

        [profile self]
        role_arn = arn:aws:iam::111122223333:role/Self
        source_profile = self
        aws_access_key_id = AKIASELF00000000000
        aws_secret_access_key = selfSECRET

        [profile orphan]
        role_arn = arn:aws:iam::111122223333:role/Orphan

        [profile typo]
        role_arn = arn:aws:iam::1111:role/Typo
        source_profile = base

        [profile on-ec2]
        role_arn = arn:aws:iam::210987654321:role/IncidentResponse
        credential_source = Ec2InstanceMetadata

        [profile from-env]
        role_arn = arn:aws:iam::210987654321:role/IncidentResponse
        credential_source = Environment
        """
    static let chainCredentials = "[base]\naws_access_key_id = AKIABASE00000000000\naws_secret_access_key = baseSECRET\n"

    @Test func aRoleProfileChainsThroughItsSourceProfilesToKeys() throws {
        let home = try Home(credentials: Self.chainCredentials, config: Self.chainConfig)
        let configuration = try AWSConfiguration.resolve(environment: home.environment, profile: "ir")
        guard case .assumeRole(let outer, let hop) = configuration.credentialSource, case .assumeRole(let inner, let base) = hop else {
            Issue.record("expected two roles, got \(configuration.credentialSource)")
            return
        }
        #expect(outer.roleARN == "arn:aws:iam::210987654321:role/IncidentResponse")
        #expect(outer.externalID == "case-2026-7" && outer.sessionName == "night-shift" && outer.durationSeconds == 1800)
        #expect(inner.roleARN == "arn:aws:iam::111122223333:role/SecurityHub" && inner.externalID == nil && inner.sessionName.hasPrefix("irun-"))
        #expect(base.keys?.accessKeyID == "AKIABASE00000000000")
        #expect(configuration.region == "eu-west-1")
        #expect(!"\(configuration)".contains("case-2026-7") && !"\(configuration)".contains("baseSECRET"), "the external id and the secret are not printed")
    }

    @Test func roleProfilesThatCannotWorkAreRefusedNamingTheProfile() throws {
        let home = try Home(credentials: Self.chainCredentials, config: Self.chainConfig)
        let loop = try #require(throws: AWSConfigurationError.self) { try AWSConfiguration.resolve(environment: home.environment, profile: "loop-a") }
        #expect(loop.code == .invalidRole && loop.message.contains("loop-a → loop-b → loop-a"), "\(loop)")
        let orphan = try #require(throws: AWSConfigurationError.self) { try AWSConfiguration.resolve(environment: home.environment, profile: "orphan") }
        #expect(orphan.code == .invalidRole && orphan.message.contains("neither source_profile nor credential_source"))
        let typo = try #require(throws: AWSConfigurationError.self) { try AWSConfiguration.resolve(environment: home.environment, profile: "typo") }
        #expect(typo.code == .invalidRole && typo.message.contains("arn:aws:iam::1111:role/Typo") && typo.message.contains(home.path + "/.aws/config"))
    }

    @Test func aProfileThatIsItsOwnSourceAssumesItsRoleWithItsOwnKeys() throws {
        let home = try Home(credentials: Self.chainCredentials, config: Self.chainConfig)
        let configuration = try AWSConfiguration.resolve(environment: home.environment, region: "us-east-1", profile: "self")
        guard case .assumeRole(let role, .keys(let keys)) = configuration.credentialSource else {
            Issue.record("expected the profile's own keys under its role, got \(configuration.credentialSource)")
            return
        }
        #expect(role.roleARN.hasSuffix("role/Self") && keys.accessKeyID == "AKIASELF00000000000")
    }

    @Test func credentialSourceTakesTheEnvironmentOrTheInstanceProfile() throws {
        let home = try Home(credentials: Self.chainCredentials, config: Self.chainConfig)
        var environment = home.environment
        environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = "http://127.0.0.1:1338"
        let onEC2 = try AWSConfiguration.resolve(environment: environment, region: "us-east-1", profile: "on-ec2")
        guard case .assumeRole(_, .instanceMetadata(let metadata)) = onEC2.credentialSource else {
            Issue.record("expected the instance profile under the role, got \(onEC2.credentialSource)")
            return
        }
        #expect(metadata.endpoint.absoluteString == "http://127.0.0.1:1338" && metadata.searchedBefore == nil)
        let missing = try #require(throws: AWSConfigurationError.self) { try AWSConfiguration.resolve(environment: environment, region: "us-east-1", profile: "from-env") }
        #expect(missing.message.contains("credential_source = Environment"))
        environment["AWS_ACCESS_KEY_ID"] = "AKIAENV0000000000000"
        environment["AWS_SECRET_ACCESS_KEY"] = "envSECRET"
        let fromEnvironment = try AWSConfiguration.resolve(environment: environment, region: "us-east-1", profile: "from-env")
        #expect(fromEnvironment.credentialSource.roles.count == 1)
        guard case .assumeRole(_, .keys(let keys)) = fromEnvironment.credentialSource else { return }
        #expect(keys.accessKeyID == "AKIAENV0000000000000")
    }

    @Test func roleArnFlagIsAssumedWithWhateverWasFoundAndCheckedFirst() throws {
        let environment = ["HOME": "/nonexistent", "AWS_ACCESS_KEY_ID": "AKIAENV0000000000000", "AWS_SECRET_ACCESS_KEY": "envSECRET", "AWS_REGION": "us-east-1"]
        let role = RoleAssumption(roleARN: "arn:aws:iam::210987654321:role/IncidentResponse", externalID: "x-7", sessionName: "pager-42", place: "--role-arn")
        let configuration = try AWSConfiguration.resolve(environment: environment, role: role)
        #expect(configuration.credentialSource.roles == [role])
        #expect("\(configuration.credentialSource)".contains("role arn:aws:iam::210987654321:role/IncidentResponse (--role-arn), assumed with keys"))
        for bad in [
            RoleAssumption(roleARN: "arn:aws:iam::210987654321:user/alice", sessionName: "ok-name", place: "--role-arn"),
            RoleAssumption(roleARN: "IncidentResponse", sessionName: "ok-name", place: "--role-arn"),
            RoleAssumption(roleARN: role.roleARN, sessionName: "has space", place: "--role-arn"),
            RoleAssumption(roleARN: role.roleARN, externalID: "x", sessionName: "ok-name", place: "--role-arn"),
        ] {
            let error = try #require(throws: AWSConfigurationError.self) { try AWSConfiguration.resolve(environment: environment, role: bad) }
            #expect(error.code == .invalidRole)
        }
    }

    @Test func withNoKeysAnywhereTheInstanceProfileIsTheLastResortUnlessTurnedOff() throws {
        let home = try Home(config: "[default]\nregion = us-east-1\n")
        let fallback = try AWSConfiguration.resolve(environment: home.environment)
        guard case .instanceMetadata(let metadata) = fallback.credentialSource else {
            Issue.record("expected the instance profile, got \(fallback.credentialSource)")
            return
        }
        #expect(metadata.endpoint == InstanceMetadataSettings.defaultEndpoint)
        #expect(metadata.timeout == .seconds(1) && metadata.attempts == 1)
        #expect(metadata.searchedBefore?.contains { $0.contains("AWS_ACCESS_KEY_ID") } == true)
        var tuned = home.environment
        tuned["AWS_METADATA_SERVICE_TIMEOUT"] = "2.5"
        tuned["AWS_METADATA_SERVICE_NUM_ATTEMPTS"] = "3"
        tuned["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = "http://127.0.0.1:1338/"
        guard case .instanceMetadata(let custom) = try AWSConfiguration.resolve(environment: tuned).credentialSource else { return }
        #expect(custom.timeout == .milliseconds(2500) && custom.attempts == 3 && custom.endpoint.absoluteString == "http://127.0.0.1:1338/")
        var off = home.environment
        off["AWS_EC2_METADATA_DISABLED"] = "TRUE"
        #expect { try AWSConfiguration.resolve(environment: off) } throws: { ($0 as? AWSConfigurationError)?.code == .missingCredentials }
    }
}

@Suite("Fetching temporary keys: STS AssumeRole, IMDSv2 and renewal")
struct CredentialFetchTests {
    static let role = RoleAssumption(roleARN: "arn:aws:iam::210987654321:role/IncidentResponse", externalID: "case-7", sessionName: "night-shift", place: "--role-arn")

    static func assumeRoleAnswer(key: String, expiration: String = "2999-01-01T00:00:00Z") -> ScriptedTransport.Step {
        ScriptedTransport.xml("""
            <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>
            <Credentials><AccessKeyId>\(key)</AccessKeyId><SecretAccessKey>roleSECRET</SecretAccessKey><SessionToken>roleTOKEN</SessionToken>
            <Expiration>\(expiration)</Expiration></Credentials>
            <AssumedRoleUser><AssumedRoleId>AROAEXAMPLE:night-shift</AssumedRoleId><Arn>arn:aws:sts::210987654321:assumed-role/IncidentResponse/night-shift</Arn></AssumedRoleUser>
            </AssumeRoleResult></AssumeRoleResponse>
            """)
    }

    static func client(_ transport: ScriptedTransport, source: CredentialSource) -> AWSClient {
        var configuration = AWSConfiguration(credentialSource: source, region: "eu-west-1", retry: .none)
        configuration.timeout = .seconds(5)
        var environment = AWSClient.CallEnvironment()
        environment.sleep = { _ in }
        return AWSClient(configuration: configuration, transport: transport, environment: environment)
    }

    @Test func assumeRoleIsASignedSTSQueryWhoseAnswerNamesWhoActs() async throws {
        // Given a role to assume with the test keys, and STS answering once with a 503 first
        let transport = ScriptedTransport([ScriptedTransport.xml("<ErrorResponse><Error><Code>ServiceUnavailable</Code><Message>busy</Message></Error></ErrorResponse>", status: 503), Self.assumeRoleAnswer(key: "ASIAROLE000000000001")])
        let client = Self.client(transport, source: .assumeRole(Self.role, from: .keys(testCredentials)))
        // When the client needs keys
        let keys = try await client.credentials()
        // Then it asked STS's regional endpoint twice, signed for sts with the source keys, with every parameter
        let requests = await transport.requests
        #expect(requests.count == 2)
        let request = try #require(requests.last)
        #expect(request.url.absoluteString == "https://sts.eu-west-1.amazonaws.com/")
        #expect(request.header("Authorization")?.contains("Credential=AKIDEXAMPLE/") == true && request.header("Authorization")?.contains("/eu-west-1/sts/aws4_request") == true)
        let form = formParameters(request)
        #expect(form["Action"] == "AssumeRole" && form["Version"] == "2011-06-15" && form["RoleArn"] == Self.role.roleARN)
        #expect(form["ExternalId"] == "case-7" && form["RoleSessionName"] == "night-shift" && form["DurationSeconds"] == "3600")
        // And the keys are the role's, with who they act as
        #expect(keys.accessKeyID == "ASIAROLE000000000001" && keys.sessionToken == "roleTOKEN")
        #expect(keys.principal == "arn:aws:sts::210987654321:assumed-role/IncidentResponse/night-shift")
        #expect(keys.expiration == ISO8601DateFormatter().date(from: "2999-01-01T00:00:00Z"))
        // And later calls are signed with them, without asking STS again
        _ = await awsErrorCode { _ = try await client.describeInstances(.init()) }
        let sent = await transport.requests
        #expect(sent.count == 3 && sent[2].header("Authorization")?.contains("Credential=ASIAROLE000000000001/") == true)
        #expect(sent[2].header("X-Amz-Security-Token") == "roleTOKEN")
    }

    @Test func aRefusedRoleIsOneClearErrorWithSTSsCode() async throws {
        let transport = ScriptedTransport([ScriptedTransport.xml("<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform: sts:AssumeRole</Message></Error></ErrorResponse>", status: 403)])
        let client = Self.client(transport, source: .assumeRole(Self.role, from: .keys(testCredentials)))
        let error = try await #require(throws: AWSConfigurationError.self) { try await client.credentials() }
        #expect(error.code == .assumeRoleFailed)
        #expect(error.message.contains("AccessDenied") && error.message.contains(Self.role.roleARN) && error.message.contains("trust policy"))
        #expect(await transport.requests.count == 1, "a refusal is not retried")
        #expect(!error.description.contains(testCredentials.secretAccessKey))
    }

    @Test func instanceProfileKeysComeThroughTheIMDSv2TokenFlow() async throws {
        let settings = InstanceMetadataSettings(endpoint: URL(string: "http://127.0.0.1:1338")!)
        let transport = ScriptedTransport([
            .respond(HTTPResponse(status: 200, body: Data("TOKEN-1".utf8))),
            .respond(HTTPResponse(status: 200, body: Data("ir-bastion\n".utf8))),
            .respond(HTTPResponse(status: 200, body: Data(#"{"Code": "Success", "Type": "AWS-HMAC", "AccessKeyId": "ASIAIMDS000000000001", "SecretAccessKey": "imdsSECRET", "Token": "imdsTOKEN", "Expiration": "2999-01-01T00:00:00Z"}"#.utf8))),
        ])
        let keys = try await Self.client(transport, source: .instanceMetadata(settings)).credentials()
        let requests = await transport.requests
        #expect(requests.map { "\($0.method) \($0.url.absoluteString.replacingOccurrences(of: "http://127.0.0.1:1338", with: ""))" } == [
            "PUT /latest/api/token", "GET /latest/meta-data/iam/security-credentials/", "GET /latest/meta-data/iam/security-credentials/ir-bastion",
        ])
        #expect(requests[0].header("X-aws-ec2-metadata-token-ttl-seconds") == "21600" && requests[0].header("X-aws-ec2-metadata-token") == nil)
        #expect(requests[1...].allSatisfy { $0.header("X-aws-ec2-metadata-token") == "TOKEN-1" })
        #expect(keys.accessKeyID == "ASIAIMDS000000000001" && keys.sessionToken == "imdsTOKEN" && keys.principal == "instance profile role ir-bastion")
    }

    @Test func anInstanceWithoutAProfileOrAnIMDSThatIsOffSaysSo() async throws {
        let settings = InstanceMetadataSettings(endpoint: URL(string: "http://127.0.0.1:1338")!)
        let noProfile = ScriptedTransport([.respond(HTTPResponse(status: 200, body: Data("T".utf8))), .respond(HTTPResponse(status: 404))])
        let error = try await #require(throws: AWSConfigurationError.self) { try await Self.client(noProfile, source: .instanceMetadata(settings)).credentials() }
        #expect(error.code == .instanceMetadataFailed && error.message.contains("no instance profile"))
        // As the last resort, its failure is the missing-credentials error with every place searched
        var fallback = settings
        fallback.searchedBefore = ["environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"]
        let silent = ScriptedTransport([.fail(HTTPTransportError(.timeout, "no response"))])
        let missing = try await #require(throws: AWSConfigurationError.self) { try await Self.client(silent, source: .instanceMetadata(fallback)).credentials() }
        #expect(missing.code == .missingCredentials && missing.description.contains("AWS_EC2_METADATA_DISABLED=true"))
        #expect(missing.searched.last == "instance metadata service at http://127.0.0.1:1338")
    }
}

@Suite("Renewing temporary keys")
struct RefreshingCredentialsTests {
    /// A clock a test moves by hand.
    final class Clock: @unchecked Sendable {
        // @unchecked: the lock guards `time`.
        private let lock = NSLock()
        private var time = Date(timeIntervalSince1970: 1_800_000_000)
        var now: Date { lock.withLock { time } }
        func advance(_ seconds: TimeInterval) { lock.withLock { time += seconds } }
    }

    /// Counts fetches and hands out keys expiring `lifetime` after the clock's now, or fails when told to.
    actor Issuer {
        var fetches = 0
        var failing = false
        func setFailing(_ value: Bool) { failing = value }
        func issue(at now: Date, lifetime: TimeInterval) async throws -> AWSCredentials {
            fetches += 1
            if failing { throw AWSConfigurationError(.assumeRoleFailed, "STS is down") }
            try await Task.sleep(for: .milliseconds(20))
            return AWSCredentials(accessKeyID: "ASIA\(fetches)", secretAccessKey: "s", sessionToken: "t", expiration: now.addingTimeInterval(lifetime))
        }
    }

    @Test func keysAreRenewedTenMinutesBeforeTheyExpireByOneFetchForEveryWaitingCall() async throws {
        let clock = Clock(), issuer = Issuer()
        let provider = RefreshingCredentials(now: { clock.now }) { try await issuer.issue(at: clock.now, lifetime: 900) }
        #expect(try await provider.credentials().accessKeyID == "ASIA1")
        clock.advance(299)
        #expect(try await provider.credentials().accessKeyID == "ASIA1", "15-minute keys still have more than 10 minutes")
        clock.advance(2)
        // A fleet's 50 concurrent calls find the keys stale at once: one renewal serves them all
        let keys = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<50 { group.addTask { try await provider.credentials().accessKeyID } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(keys == ["ASIA2"])
        #expect(await issuer.fetches == 2)
    }

    @Test func aFailedRenewalKeepsKeysThatStillWorkButNotExpiredOnes() async throws {
        let clock = Clock(), issuer = Issuer()
        let provider = RefreshingCredentials(now: { clock.now }) { try await issuer.issue(at: clock.now, lifetime: 900) }
        _ = try await provider.credentials()
        await issuer.setFailing(true)
        clock.advance(600)
        #expect(try await provider.credentials().accessKeyID == "ASIA1", "5 minutes left: the old keys go on while STS is down")
        clock.advance(280)
        await #expect(throws: AWSConfigurationError.self) { try await provider.credentials() }
        await issuer.setFailing(false)
        #expect(try await provider.credentials().accessKeyID == "ASIA4")
    }
}
