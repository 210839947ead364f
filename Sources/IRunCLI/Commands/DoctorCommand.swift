import AWSClient
import Actions
import ArgumentParser
import Foundation
import Providers
import RunbookModel

/// `irun doctor`: checks that irun can run the shipped runbooks against the chosen provider.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check credentials, region, endpoint and the IAM permissions the runbooks need, changing nothing.",
        discussion: """
            With --provider aws: resolves credentials the way the AWS CLI does and prints where
            they came from (never the secret), the region and the endpoint; calls
            DescribeInstances to check the endpoint answers; then, for each runbook in the
            runbook directory, calls each read-only operation its actions need once (small
            pages) and reports UnauthorizedOperation / AccessDenied as missing. Permissions
            that change something cannot be checked without changing something: they are
            listed to grant (irun iam-policy NAME prints the policy).
            With --provider mock (the default) there is nothing to check.

            Exit codes: 0 everything checked is in order, 1 something is missing or failing.
            """
    )

    @OptionGroup var aws: ProviderOptions
    @OptionGroup var runbooks: RunbookDirectoryOptions

    @Option(name: .customLong("runbook"), help: ArgumentHelp("Check only these runbooks (name or file; repeatable). Default: every runbook in the directory.", valueName: "runbook"))
    var only: [String] = []

    func run() async throws {
        let locator = runbooks.locator
        let files = try only.isEmpty ? locator.runbookFiles().map(\.path) : only.map { try locator.path(for: $0) }
        guard aws.chosen == "aws" else {
            print("provider     mock: the simulated account; no credentials, region or permissions to check")
            for file in files { print("runbook      \(RunbookLocator.name(ofFile: file)): runs against the simulated account") }
            print("ok")
            return
        }
        print("provider     aws")
        var configuration: AWSConfiguration
        do {
            configuration = try AWSConfiguration.resolve(region: aws.region, endpoint: aws.endpointURL, profile: aws.profile, role: aws.role)
        } catch {
            Self.fail(error)
            throw ExitCode.failed
        }
        // Doctor answers quickly: one attempt per call, a short timeout.
        configuration.retry.maxAttempts = 1
        configuration.timeout = .seconds(5)
        let client = AWSClient.make(configuration: configuration)
        let keys: AWSCredentials
        do {
            keys = try await client.credentials()
        } catch let error as AWSConfigurationError {
            Self.fail(error)
            throw ExitCode.failed
        }
        print("credentials  ok       \(keys.source) (access key \(keys.maskedAccessKeyID)\(keys.sessionToken == nil ? "" : ", with a session token"))")
        for role in configuration.credentialSource.roles {
            print("role         ok       \(role.roleARN) (\(role.place), session \(role.sessionName)\(role.externalID == nil ? "" : ", with an external id"))")
        }
        if let principal = keys.principal { print("acting as             \(principal)") }
        if let expiration = keys.expiration { print("expires               \(expiration.formatted(.iso8601)) (renewed 10 minutes before)") }
        print("region       ok       \(configuration.region) (from \(configuration.regionSource))")
        var check = AccessCheck(providers: AWSProviders(client))
        let endpoint = configuration.endpoint(for: .ec2).absoluteString
        let started = ContinuousClock.now
        let reach = await check.probe("ec2:DescribeInstances") ?? .error("no probe")
        let elapsed = ContinuousClock.now - started
        var problems: [String] = []
        switch reach {
        case .allowed, .missing:
            let note = reach.isAllowed ? "" : " (answered, but DescribeInstances is not allowed)"
            print("endpoint     ok       \(endpoint) answered in \(Int(elapsed / .milliseconds(1))) ms\(note)")
        case .credentialsRejected(let code, let message):
            print("endpoint     ok       \(endpoint) answered, but refused the credentials")
            printError("error: AWS refused the credentials from \(keys.source): \(code): \(message)")
            throw ExitCode.failed
        case .unreachable(let reason), .error(let reason), .unverified(let reason):
            print("endpoint     FAILED   \(endpoint): \(reason)")
            printError("error: the endpoint did not answer; check --endpoint-url / AWS_ENDPOINT_URL, the network and the region")
            throw ExitCode.failed
        }
        for file in files {
            let name = RunbookLocator.name(ofFile: file)
            let compilation = RunbookCompiler.compile(contentsOf: file, catalog: BuiltinActions.catalog)
            guard let runbook = compilation.runbook, compilation.isValid else {
                print("runbook      \(name): INVALID (irun validate \(file))")
                problems.append("runbook \(name) is invalid")
                continue
            }
            let permissions = RunbookPermissions(runbook)
            print("runbook      \(runbook.name) (\(file)): \(permissions.permissions.count) permissions, \(permissions.readOnly.count) checkable")
            let width = permissions.readOnly.map(\.count).max() ?? 0
            for permission in permissions.readOnly {
                let label = permission.padding(toLength: width, withPad: " ", startingAt: 0)
                switch await check.probe(permission) {
                case .allowed(let note)?: print("  ok       \(note.map { "\(label)  (\($0))" } ?? permission)")
                case .unverified(let reason)?: print("  unknown  \(label)  not verified: \(reason)")
                case .missing(let code, let message)?:
                    print("  MISSING  \(label)  \(code): \(message)")
                    problems.append("\(permission) (\(runbook.name))")
                case .credentialsRejected(let code, let message)?:
                    print("  FAILED   \(label)  credentials refused: \(code): \(message)")
                    problems.append("\(permission) (\(runbook.name))")
                case .unreachable(let reason)?, .error(let reason)?:
                    print("  FAILED   \(label)  could not check: \(reason)")
                    problems.append("\(permission) (\(runbook.name))")
                case nil:
                    print("  unknown  \(label)  irun has no read-only probe for it; grant it")
                }
            }
            if !permissions.mutating.isEmpty {
                print("  not verifiable without changing anything; grant:")
                for permission in permissions.mutating { print("  grant    \(permission)") }
            }
        }
        if problems.isEmpty {
            print("ok: every checkable permission is granted; print the policy to attach with irun iam-policy NAME")
            return
        }
        print("missing or failing: \(problems.joined(separator: ", "))")
        printError("error: \(problems.count) check\(problems.count == 1 ? "" : "s") failed; grant what is missing (irun iam-policy NAME prints the whole policy)")
        throw ExitCode.failed
    }

    /// Prints which check failed and why.
    private static func fail(_ error: AWSConfigurationError) {
        let what = switch error.code {
        case .missingRegion, .invalidRegion: "region     "
        case .invalidEndpoint: "endpoint   "
        case .invalidRole, .assumeRoleFailed: "role       "
        default: "credentials"
        }
        print("\(what)  FAILED")
        printError("error: \(error.description)")
    }
}
