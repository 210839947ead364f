@testable import AWSClient
import Foundation
import Providers
import Testing

@Suite("Configuration the way the AWS CLI resolves it")
struct ConfigurationTests {
    /// A temporary home with `.aws/credentials` and `.aws/config`.
    struct Home {
        let path: String
        init(credentials: String? = nil, config: String? = nil) throws {
            path = NSTemporaryDirectory() + "irun-aws-home-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: path + "/.aws", withIntermediateDirectories: true)
            if let credentials { try credentials.write(toFile: path + "/.aws/credentials", atomically: true, encoding: .utf8) }
            if let config { try config.write(toFile: path + "/.aws/config", atomically: true, encoding: .utf8) }
        }
        var environment: [String: String] { ["HOME": path] }
    }

    static let credentialsFile = """
        [default]
        aws_access_key_id = AKIADEFAULT00000000
        aws_secret_access_key = defaultSECRETdefaultSECRET

        # the incident-response role's keys
        [ir]
        aws_access_key_id=ASIAIR0000000000IR01
        aws_secret_access_key=irSECRETirSECRET
        aws_session_token=irTOKENirTOKEN
        """
    static let configFile = """
        [default]
        region = us-west-2

        [profile ir]
        region = eu-west-1
        s3 =
          max_concurrent_requests = 20

        [profile local]
        region = us-east-1
        endpoint_url = http://127.0.0.1:5000
        aws_access_key_id = AKIALOCAL0000000000
        aws_secret_access_key = localSECRET
        max_attempts = 5

        [profile sso]
        sso_session = corp
        region = us-east-1
        """

    @Test func environmentKeysWinOverTheDefaultProfile() throws {
        let home = try Home(credentials: Self.credentialsFile, config: Self.configFile)
        var environment = home.environment
        environment["AWS_ACCESS_KEY_ID"] = "AKIAENV0000000000000"
        environment["AWS_SECRET_ACCESS_KEY"] = "envSECRET"
        environment["AWS_SESSION_TOKEN"] = "envTOKEN"
        environment["AWS_DEFAULT_REGION"] = "ap-south-1"
        let configuration = try AWSConfiguration.resolve(environment: environment)
        #expect(configuration.credentialSource.keys?.accessKeyID == "AKIAENV0000000000000")
        #expect(configuration.credentialSource.keys?.sessionToken == "envTOKEN")
        #expect(configuration.credentialSource.keys?.source == "environment")
        #expect(configuration.region == "ap-south-1")
        #expect(configuration.endpoint(for: .ec2).absoluteString == "https://ec2.ap-south-1.amazonaws.com/")
        #expect(configuration.endpoint(for: .autoscaling).absoluteString == "https://autoscaling.ap-south-1.amazonaws.com/")
        #expect(configuration.endpoint(for: .elasticloadbalancingv2).absoluteString == "https://elasticloadbalancing.ap-south-1.amazonaws.com/")
    }

    @Test func theDefaultProfileSuppliesKeysAndRegion() throws {
        let home = try Home(credentials: Self.credentialsFile, config: Self.configFile)
        let configuration = try AWSConfiguration.resolve(environment: home.environment)
        #expect(configuration.credentialSource.keys?.accessKeyID == "AKIADEFAULT00000000")
        #expect(configuration.credentialSource.keys?.sessionToken == nil)
        #expect(configuration.region == "us-west-2")
        #expect(configuration.profile == "default")
    }

    @Test func awsProfileSelectsAProfileButEnvironmentKeysStillWin() throws {
        let home = try Home(credentials: Self.credentialsFile, config: Self.configFile)
        var environment = home.environment
        environment["AWS_PROFILE"] = "ir"
        let fromProfile = try AWSConfiguration.resolve(environment: environment)
        #expect(fromProfile.credentialSource.keys?.accessKeyID == "ASIAIR0000000000IR01")
        #expect(fromProfile.credentialSource.keys?.sessionToken == "irTOKENirTOKEN")
        #expect(fromProfile.region == "eu-west-1")
        environment["AWS_ACCESS_KEY_ID"] = "AKIAENV0000000000000"
        environment["AWS_SECRET_ACCESS_KEY"] = "envSECRET"
        #expect(try AWSConfiguration.resolve(environment: environment).credentialSource.keys?.accessKeyID == "AKIAENV0000000000000")
    }

    @Test func anExplicitProfileWinsOverEnvironmentKeysAndRegionOptionWinsOverAll() throws {
        let home = try Home(credentials: Self.credentialsFile, config: Self.configFile)
        var environment = home.environment
        environment["AWS_ACCESS_KEY_ID"] = "AKIAENV0000000000000"
        environment["AWS_SECRET_ACCESS_KEY"] = "envSECRET"
        environment["AWS_REGION"] = "sa-east-1"
        let configuration = try AWSConfiguration.resolve(environment: environment, region: "ca-central-1", profile: "ir")
        #expect(configuration.credentialSource.keys?.accessKeyID == "ASIAIR0000000000IR01")
        #expect(configuration.region == "ca-central-1")
        #expect(configuration.regionSource == "--region")
    }

    @Test func configFileProfilesCanHoldKeysEndpointAndAttempts() throws {
        let home = try Home(credentials: Self.credentialsFile, config: Self.configFile)
        let configuration = try AWSConfiguration.resolve(environment: home.environment, profile: "local")
        #expect(configuration.credentialSource.keys?.accessKeyID == "AKIALOCAL0000000000")
        #expect(configuration.endpoint(for: .ec2).absoluteString == "http://127.0.0.1:5000")
        #expect(configuration.retry.maxAttempts == 5)
    }

    @Test func filesCanBeMovedWithEnvironmentVariables() throws {
        let elsewhere = try Home(credentials: "[default]\naws_access_key_id = AKIAMOVED0000000000\naws_secret_access_key = s\n", config: "[default]\nregion = eu-north-1\n")
        let home = try Home()
        var environment = home.environment
        environment["AWS_SHARED_CREDENTIALS_FILE"] = elsewhere.path + "/.aws/credentials"
        environment["AWS_CONFIG_FILE"] = elsewhere.path + "/.aws/config"
        let configuration = try AWSConfiguration.resolve(environment: environment)
        #expect(configuration.credentialSource.keys?.accessKeyID == "AKIAMOVED0000000000")
        #expect(configuration.region == "eu-north-1")
    }

    @Test func endpointOverridesApplyInTheCLIsOrder() throws {
        let home = try Home(credentials: Self.credentialsFile, config: Self.configFile)
        var environment = home.environment
        environment["AWS_ENDPOINT_URL"] = "http://127.0.0.1:4566"
        environment["AWS_ENDPOINT_URL_EC2"] = "http://127.0.0.1:5001"
        let fromEnvironment = try AWSConfiguration.resolve(environment: environment)
        #expect(fromEnvironment.endpoint(for: .ec2).absoluteString == "http://127.0.0.1:5001")
        #expect(fromEnvironment.endpoint(for: .autoscaling).absoluteString == "http://127.0.0.1:4566")
        let explicit = try AWSConfiguration.resolve(environment: environment, endpoint: "http://localhost:5000")
        #expect(explicit.endpoint(for: .ec2).absoluteString == "http://localhost:5000")
        #expect(throws: AWSConfigurationError.self) { try AWSConfiguration.resolve(environment: environment, endpoint: "localhost:5000") }
    }

    @Test func missingCredentialsGiveOneErrorListingEveryPlaceSearched() throws {
        let home = try Home(config: "[default]\nregion = us-east-1\n")
        do {
            _ = try AWSConfiguration.resolve(environment: home.environment.merging(["AWS_EC2_METADATA_DISABLED": "true"]) { $1 })
            Issue.record("expected missing credentials")
        } catch {
            #expect(error.code == .missingCredentials)
            let text = String(describing: error)
            #expect(text.contains("AWS_ACCESS_KEY_ID"))
            #expect(text.contains(home.path + "/.aws/credentials, profile \"default\" (not found)"))
            #expect(text.contains(home.path + "/.aws/config, profile \"default\""))
            #expect(text.contains("instance metadata service (skipped: AWS_EC2_METADATA_DISABLED is true)"))
        }
    }

    /// A home whose profile `helper` runs `script` (a shell script written beside it) as its credential_process.
    static func credentialProcessHome(_ script: String) throws -> Home {
        let home = try Home(config: "[profile helper]\nregion = eu-west-1\ncredential_process = sh '{HOME}/print keys.sh' --role ir\n")
        try script.write(toFile: home.path + "/print keys.sh", atomically: true, encoding: .utf8)
        let config = try String(contentsOfFile: home.path + "/.aws/config", encoding: .utf8).replacingOccurrences(of: "{HOME}", with: home.path)
        try config.write(toFile: home.path + "/.aws/config", atomically: true, encoding: .utf8)
        return home
    }

    @Test func aCredentialProcessGivesTheKeysItPrints() async throws {
        // Given a profile whose credential_process prints temporary keys (and checks its argument)
        let home = try Self.credentialProcessHome("""
            [ "$2" = ir ] || { echo "wrong role: $2" >&2; exit 3; }
            echo '{"Version": 1, "AccessKeyId": "ASIAPROCESS000000001", "SecretAccessKey": "processSECRET", "SessionToken": "processTOKEN", "Expiration": "2999-01-01T00:00:00Z"}'
            """)
        // When irun resolves that profile and fetches its keys
        let configuration = try AWSConfiguration.resolve(environment: home.environment, profile: "helper")
        let keys = try await AWSClient.make(configuration: configuration).credentials()
        // Then it uses those keys, says where they came from, and never prints the secret
        #expect(keys.accessKeyID == "ASIAPROCESS000000001")
        #expect(keys.secretAccessKey == "processSECRET" && keys.sessionToken == "processTOKEN")
        #expect(keys.source.hasPrefix("credential_process of config file"))
        #expect(keys.expiration == ISO8601DateFormatter().date(from: "2999-01-01T00:00:00Z"))
        #expect(configuration.region == "eu-west-1")
        #expect(!"\(keys)".contains("processSECRET") && !"\(configuration)".contains("--role"))
    }

    @Test(arguments: [
        ("echo 'not allowed' >&2; exit 2", "sh exited with status 2: not allowed"),
        ("echo not json", "did not print a JSON object"),
        (#"echo '{"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "leakedSECRET"}'"#, "printed Version 2"),
        (#"echo '{"Version": 1, "AccessKeyId": "A"}'"#, "printed no AccessKeyId or no SecretAccessKey"),
        (#"echo '{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "leakedSECRET", "Expiration": "2001-01-01T00:00:00Z"}'"#, "expired at 2001-01-01T00:00:00Z"),
    ])
    func aFailingCredentialProcessIsAClearErrorThatShowsNoSecret(script: String, reason: String) async throws {
        let home = try Self.credentialProcessHome(script)
        let client = AWSClient.make(configuration: try AWSConfiguration.resolve(environment: home.environment, profile: "helper"))
        let error = try await #require(throws: AWSConfigurationError.self) { try await client.credentials() }
        #expect(error.code == .credentialProcessFailed)
        #expect(error.description.contains(reason) && error.description.contains("profile \"helper\""), "\(error.description)")
        #expect(!error.description.contains("leakedSECRET"))
    }

    @Test func aCredentialProcessCommandIsSplitAsAShellWould() {
        #expect(CredentialProcess.split(#"aws-vault exec 'ir role' --json "a \"b\"" c\ d"#) == ["aws-vault", "exec", "ir role", "--json", #"a "b""#, "c d"])
        #expect(CredentialProcess.split("  ") == [])
    }

    @Test func missingRegionUnknownProfileAndSSOAreClearErrors() throws {
        let home = try Home(credentials: Self.credentialsFile, config: Self.configFile)
        var environment = home.environment
        environment["AWS_CONFIG_FILE"] = home.path + "/nowhere"
        #expect { try AWSConfiguration.resolve(environment: environment) } throws: { ($0 as? AWSConfigurationError)?.code == .missingRegion }
        #expect { try AWSConfiguration.resolve(environment: home.environment, profile: "nope") } throws: { ($0 as? AWSConfigurationError)?.code == .profileNotFound }
        #expect { try AWSConfiguration.resolve(environment: home.environment, profile: "sso") } throws: { ($0 as? AWSConfigurationError)?.code == .unsupportedProfile }
        var halfKeys = home.environment
        halfKeys["AWS_ACCESS_KEY_ID"] = "AKIAONLYHALF"
        #expect { try AWSConfiguration.resolve(environment: halfKeys) } throws: { ($0 as? AWSConfigurationError)?.code == .incompleteCredentials }
    }

    @Test func secretsNeverAppearInDescriptionsOrErrors() async throws {
        // Given a configuration with a secret key and a session token
        let home = try Home(credentials: Self.credentialsFile, config: Self.configFile)
        let configuration = try AWSConfiguration.resolve(environment: home.environment, profile: "ir")
        // When it and its credentials are printed in every way
        var dumped = ""
        dump(configuration, to: &dumped)
        let texts = [
            String(describing: configuration), String(reflecting: configuration), String(describing: configuration.credentialSource),
            String(reflecting: configuration.credentialSource), "\(configuration.credentialSource)", dumped,
        ]
        // Then neither secret appears, and the key id is masked
        for text in texts {
            #expect(!text.contains("irSECRETirSECRET"))
            #expect(!text.contains("irTOKENirTOKEN"))
            #expect(!text.contains("ASIAIR0000000000IR01"))
        }
        #expect(String(describing: configuration).contains("****************IR01"))
        // And errors from a call carry no secret either
        let transport = ScriptedTransport([ScriptedTransport.xml("<Response><Errors><Error><Code>AuthFailure</Code><Message>AWS was not able to validate the provided access credentials</Message></Error></Errors></Response>", status: 403)])
        var scripted = configuration
        scripted.retry = .none
        let client = AWSClient(configuration: scripted, transport: transport, environment: .init())
        do {
            _ = try await client.describeInstances(.init())
        } catch {
            let text = String(describing: error) + String(reflecting: error) + error.localizedDescription
            #expect(!text.contains("irSECRETirSECRET") && !text.contains("irTOKENirTOKEN"))
        }
        // And the signed request carries the token only in its header, never in the body
        let sent = try #require(await transport.requests.first)
        #expect(!String(decoding: sent.body, as: UTF8.self).contains("irTOKEN"))
    }
}
