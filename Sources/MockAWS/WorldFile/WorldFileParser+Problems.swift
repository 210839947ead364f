import RunbookModel

/// Turning ``WorldSpec/problems()`` into diagnostics at the place each problem was written.
extension WorldFileParser {
    /// Adds a diagnostic for each problem, at the location recorded for its path, unless the
    /// problem follows from a value already reported as wrong.
    mutating func report(_ problems: [WorldSpecProblem]) {
        let reported = Set(diagnostics.compactMap(\.location))
        // When a whole section could not be read, every reference into it looks dangling.
        for problem in problems {
            if unreadable.contains(where: { problem.path == $0 || problem.path.hasPrefix($0 + ".") }) { continue }
            if case .unknownReference(let section?) = problem.kind, unreadable.contains(section) { continue }
            let location = locate(problem.path)
            if reported.contains(location) { continue }
            let code = Self.code(for: problem)
            var message = problem.message
            if message.hasPrefix("must "), let key = problem.path.split(separator: ".").last { message = "`\(key)` \(message)" }
            appendDiagnostic(.error(code, message, at: location, fix: problem.fix ?? Self.fix(for: problem, code: code)))
        }
    }

    /// The diagnostic code of a spec problem.
    static func code(for problem: WorldSpecProblem) -> Diagnostic.Code {
        switch problem.kind {
        case .unknownReference: .unknownReference
        case .invalidID: .invalidName
        case .duplicate: .duplicateName
        case .missing: .missingKey
        case .invalidValue: .invalidValue
        }
    }

    /// A fix for a problem that came without one, by the key it concerns.
    static func fix(for problem: WorldSpecProblem, code: Diagnostic.Code) -> String {
        let key = problem.path.split(separator: ".").last.map(String.init) ?? ""
        switch key {
        case "desired": return "set `desired` between `min` and `max`, or raise `max`"
        case "min": return "make `min` zero or more, and at most `max`"
        case "count": return "write a count from 1 to 100000"
        case "probability": return "write a probability from 0 to 1, e.g. 0.3"
        case "shutdown-behavior": return "write `stop` or `terminate`"
        case "health-check-type": return "write `EC2` or `ELB`"
        case "tracked-connections": return "write 0 or more connections"
        case "size": return "write a size in GiB from 1 to 65536"
        case "port": return "write a port from 1 to 65535"
        case "health-check-port": return "write `traffic-port` or a port from 1 to 65535"
        case "healthy-threshold", "unhealthy-threshold": return "write a count from 2 to 10"
        case "health-check-interval": return "write 5s to 300s"
        case "subnets": return "list at least one subnet, e.g. [subnet-0a1]"
        default: break
        }
        switch code {
        case .unknownReference: return "define it in this file, or correct the name"
        case .invalidName: return "write the prefix followed by 1 to 17 lowercase hex digits"
        default: return "see Runbooks/worlds/README.md for what this key accepts"
        }
    }
}
