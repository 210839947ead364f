import ArgumentParser
import Foundation
@testable import IRunCLI
import MockAWS
import Providers
import Testing

@Suite("--provider, --region, --endpoint-url, --profile")
struct ProviderOptionTests {
    @Test("aws is chosen only explicitly; mock stays the default")
    func defaults() throws {
        let mock = try #require(try IRun.parseAsRoot(["execute", "ec2-quarantine", "--instance", "i-0abc1234"]) as? ExecuteCommand)
        #expect(mock.run.aws.chosen == "mock")
        let aws = try #require(try IRun.parseAsRoot([
            "execute", "ec2-quarantine", "--instance", "i-0abc1234", "--provider", "aws", "--region", "eu-west-1", "--endpoint-url", "http://127.0.0.1:5000", "--profile", "ir",
        ]) as? ExecuteCommand)
        #expect(aws.run.aws.chosen == "aws" && aws.run.aws.region == "eu-west-1" && aws.run.aws.endpointURL == "http://127.0.0.1:5000" && aws.run.aws.profile == "ir")
        for command in [["resume", "r1"], ["approve", "r1", "s"], ["deny", "r1", "s"], ["doctor"]] {
            #expect(throws: Never.self) { _ = try IRun.parseAsRoot(command + ["--provider", "aws", "--region", "us-east-1"]) }
        }
    }

    @Test("provider flags that cannot apply are usage errors naming the fix", arguments: [
        (["execute", "ec2-quarantine", "--provider", "gcp"], "--provider must be mock (the simulated account) or aws"),
        (["execute", "ec2-quarantine", "--region", "us-east-1"], "--region applies to --provider aws"),
        (["resume", "r1", "--endpoint-url", "http://127.0.0.1:5000"], "--endpoint-url applies to --provider aws"),
        (["execute", "ec2-quarantine", "--provider", "aws", "--world", "default"], "--world picks a simulated world"),
        (["gameday", "Runbooks/gamedays/x.yaml", "--provider", "aws"], "game days run only against the simulated world"),
    ])
    func usageErrors(arguments: [String], message: String) {
        #expect {
            _ = try IRun.parseAsRoot(arguments)
        } throws: { error in
            IRun.exitCode(for: error) == .validationFailure && IRun.fullMessage(for: error).contains(message)
        }
    }

    @Test("the header names the region and an overridden endpoint's host, never credentials")
    func headerName() async throws {
        var options = try ProviderOptions.parse(["--provider", "aws", "--region", "eu-west-1", "--endpoint-url", "http://127.0.0.1:5000"])
        let environment = ["AWS_ACCESS_KEY_ID": "AKIAHEADER0000000000", "AWS_SECRET_ACCESS_KEY": "header-secret", "HOME": "/nonexistent"]
        #expect(try await ProviderSelection.resolve(options, environment: environment).headerName == "aws eu-west-1 127.0.0.1:5000")
        options.endpointURL = nil
        let selection = try await ProviderSelection.resolve(options, environment: environment)
        #expect(selection.headerName == "aws eu-west-1")
        #expect(!selection.headerName.contains("AKIA") && !selection.headerName.contains("secret"))
        #expect(ProviderSelection.mock.headerName == "mock")
    }

    @Test("a run continues only against the provider it was recorded with")
    func mismatch() async throws {
        let environment = ["AWS_ACCESS_KEY_ID": "AKIAHEADER0000000000", "AWS_SECRET_ACCESS_KEY": "s", "HOME": "/nonexistent"]
        let east = try await ProviderSelection.resolve(try ProviderOptions.parse(["--provider", "aws", "--region", "us-east-1"]), environment: environment)
        #expect(east.mismatch(with: "aws us-east-1") == nil)
        #expect(east.mismatch(with: "aws eu-west-1")?.contains("--provider aws --region eu-west-1") == true)
        #expect(east.mismatch(with: "mock")?.contains("without --provider aws") == true)
        #expect(ProviderSelection.mock.mismatch(with: "mock") == nil)
        #expect(ProviderSelection.mock.mismatch(with: "mock (game day storm)") == nil)
        #expect(ProviderSelection.mock.mismatch(with: "aws us-east-1 127.0.0.1:5000")?.contains("--provider aws --region us-east-1 --endpoint-url") == true)
    }

    @Test("a missing credential is the AWS client's error, listing where it looked")
    func missingCredentials() async throws {
        let options = try ProviderOptions.parse(["--provider", "aws", "--region", "us-east-1"])
        await #expect {
            _ = try await ProviderSelection.resolve(options, environment: ["HOME": "/nonexistent", "AWS_EC2_METADATA_DISABLED": "true"])
        } throws: { error in
            let text = (error as? CLIError)?.description ?? ""
            return text.contains("No AWS credentials found") && text.contains("Looked in:") && text.contains("/nonexistent/.aws/credentials")
        }
    }
}

@Suite("irun doctor's permission probes")
struct AccessCheckTests {
    static func providers(failing operation: String, code: String) throws -> AWSProviders {
        var spec = WorldSpec.defaultWorld()
        spec.behaviour.rateLimits = nil
        spec.behaviour.faults = [FaultRule(name: "deny", operations: [operation], window: .always, effect: .fail(code: code, message: "You are not authorized to perform this operation."))]
        return AWSProviders(try MockAWS(spec: spec, clock: VirtualClock(start: spec.start)))
    }

    @Test func aDeniedDescribeIsReportedMissingAndTheOthersAllowed() async throws {
        var check = AccessCheck(providers: try Self.providers(failing: "DescribeVolumes", code: "UnauthorizedOperation"))
        #expect(await check.probe("ec2:DescribeVolumes") == .missing(code: "UnauthorizedOperation", message: "You are not authorized to perform this operation."))
        #expect(await check.probe("ec2:DescribeInstances") == .allowed(note: nil))
        #expect(await check.probe("ec2:DescribeInstanceAttribute") == .allowed(note: nil))
        #expect(await check.probe("elasticloadbalancing:DescribeTargetHealth") == .allowed(note: nil))
        #expect(await check.probe("ec2:CreateSnapshot") == nil, "mutating permissions are never probed")
    }

    @Test func refusedCredentialsAndStandInResourcesAreToldApart() async throws {
        var refused = AccessCheck(providers: try Self.providers(failing: "DescribeLoadBalancers", code: "AuthFailure"))
        guard case .credentialsRejected(let code, _)? = await refused.probe("elasticloadbalancing:DescribeLoadBalancers") else {
            Issue.record("AuthFailure should be refused credentials")
            return
        }
        #expect(code == "AuthFailure")
        #expect(AccessCheck.classify(AWSError("AccessDenied", "User is not authorized")) == .missing(code: "AccessDenied", message: "User is not authorized"))
        guard case .allowed(let note) = AccessCheck.classify(AWSError(.invalidInstanceIDNotFound, "nope")) else {
            Issue.record("NotFound of a stand-in id means the call got past authorization")
            return
        }
        #expect(note?.contains("InvalidInstanceID.NotFound") == true)
    }
}
