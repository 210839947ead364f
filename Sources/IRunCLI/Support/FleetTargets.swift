import ArgumentParser
import Foundation
import Providers
import RunbookModel

/// The instances a fleet run covers: `--instance` flags, an `--instances-from` file, a `--tag`.
enum FleetTargets {
    /// Reads one instance id per line; blank lines and `#` comments are ignored.
    ///
    /// - Throws: ``ExitCode/usage`` after naming `file:line` of the first bad id.
    static func read(_ path: String) throws -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            printError("error: --instances-from: cannot read '\(path)'")
            throw ExitCode.usage
        }
        var ids: [String] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let id = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if id.isEmpty { continue }
            guard ResourceIdentifier.isInstanceID(id) else {
                printError("\(path):\(number + 1):1: error: '\(id)' is not an instance id; expected 'i-' followed by hexadecimal digits, e.g. i-0abc1234")
                throw ExitCode.usage
            }
            ids.append(id)
        }
        return ids
    }

    /// Every target, in order, without duplicates; `--tag` asks the provider for matching instances that are not terminated.
    ///
    /// - Throws: ``ExitCode/usage`` if there are no targets.
    static func resolve(instances: [String], file: [String], tag: String?, providers: some EC2) async throws -> [String] {
        var ids = instances + file
        if let tag {
            let separator = tag.firstIndex(of: "=")!
            let filters = [Filter(name: "tag:\(tag[..<separator])", values: [String(tag[tag.index(after: separator)...])]),
                           Filter(name: "instance-state-name", values: ["pending", "running", "stopping", "stopped"])]
            var token: String?
            repeat {
                let page = try await providers.describeInstances(DescribeInstancesInput(filters: filters, maxResults: 1000, nextToken: token))
                ids += page.instances.map(\.instanceId)
                token = page.nextToken
            } while token != nil
        }
        var seen: Set<String> = []
        let unique = ids.filter { seen.insert($0).inserted }
        guard !unique.isEmpty else {
            printError("error: the fleet is empty: no instance matched \(tag.map { "--tag \($0)" } ?? "the given flags")")
            throw ExitCode.usage
        }
        return unique
    }
}

extension RunHeader {
    /// The parent run's header: its parameters list the targets.
    func withFleet(_ targets: [String]) -> RunHeader {
        var header = self
        header.parameters["instance"] = nil
        header.parameters["fleet"] = .list(targets.map(Value.string))
        return header
    }
}
