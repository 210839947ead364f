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
            configuration = try AWSConfiguration.resolve(region: aws.region, endpoint: aws.endpointURL, profile: aws.profile)
        } catch {
            let what = switch error.code {
            case .missingRegion, .invalidRegion: "region     "
            case .invalidEndpoint: "endpoint   "
            default: "credentials"
            }
            print("\(what)  FAILED")
            printError("error: \(error.description)")
            throw ExitCode.failed
        }
        print("credentials  ok       \(configuration.credentials.source) (access key \(configuration.credentials.maskedAccessKeyID)\(configuration.credentials.sessionToken == nil ? "" : ", with a session token"))")
        print("region       ok       \(configuration.region) (from \(configuration.regionSource))")
        // Doctor answers quickly: one attempt per call, a short timeout.
        configuration.retry.maxAttempts = 1
        configuration.timeout = .seconds(5)
        let client = AWSClient.make(configuration: configuration)
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
            printError("error: AWS refused the credentials from \(configuration.credentials.source): \(code): \(message)")
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
}
