import Providers
import RunbookModel
import Yams

/// Reading `behaviour`: latency, rate limits, timings and faults.
extension WorldFileParser {
    static let behaviourKeys = ["latency", "rate-limits", "timings", "faults"]
    static let timingKeys = [
        "snapshot-seconds-per-gib", "snapshot-minimum", "stop", "terminate", "launch", "auto-scaling-check-interval", "terminated-visibility",
    ]
    static let faultKeys = [
        "name", "operation", "operations", "services", "resource", "probability", "first", "after", "calls", "from", "until", "error",
        "message", "delay",
    ]

    /// The `behaviour` mapping.
    mutating func behaviour(_ node: Node) -> BehaviourSpec {
        var spec = BehaviourSpec()
        guard let object = object(node, path: "behaviour", context: "`behaviour`", allowed: Self.behaviourKeys,
                                  fix: "write `behaviour: { latency: { default: 40ms }, rate-limits: aws }`") else { return spec }
        if let latencyNode = object.fields["latency"] { latency(latencyNode, into: &spec) }
        if let limitsNode = object.fields["rate-limits"] { spec.rateLimits = rateLimits(limitsNode) }
        if let timingsNode = object.fields["timings"] { spec.timings = timings(timingsNode) }
        if let faultsNode = object.fields["faults"] {
            let items = items(faultsNode, at: "behaviour.faults", "`faults` of `behaviour`",
                              fix: "write `faults: [{ operation: CreateSnapshot, first: 2, error: RequestLimitExceeded }]`") ?? []
            spec.faults = items.enumerated().map { index, item in fault(item, index: index) }
        }
        return spec
    }

    // MARK: - Latency

    /// `latency: { default: 40ms, DescribeInstances: { median: 80ms, p99: 400ms }, ec2: { min: 20ms, max: 60ms } }`.
    mutating func latency(_ node: Node, into spec: inout BehaviourSpec) {
        let path = "behaviour.latency"
        // Its keys name operations and services; they are checked here, with suggestions, not as keys.
        guard let object = object(node, path: path, context: "`latency` of `behaviour`", allowed: nil,
                                  fix: "write `latency: { default: 40ms, DescribeInstances: { median: 80ms, p99: 400ms } }`") else { return }
        let known = ["default"] + AWSOperation.all.map(\.name) + AWSService.allCases.map(\.rawValue)
        for (keyNode, valueNode) in object.fields {
            guard let name = key(keyNode) else { continue }
            let keyPath = "\(path).\(name)"
            record(keyPath, keyNode)
            guard name == "default" || AWSOperation.named(name) != nil || AWSService(rawValue: name) != nil else {
                let suggestion = Suggestion.closest(to: name, in: known)
                error(.unknownReference, "'\(name)' in `latency` is neither an operation irun calls nor a service" + Suggestion.phrase(suggesting: suggestion),
                      at: keyNode, fix: suggestion.map { "rename it to `\($0)`" } ?? "use `default`, an operation such as DescribeInstances, or a service such as ec2")
                unreadable.insert(keyPath)
                continue
            }
            guard let model = read(valueNode, at: keyPath, "latency of '\(name)'", { $0.latencyModel($1, $2) }) else { continue }
            if name == "default" { spec.defaultLatency = model } else { spec.latency[name] = model }
        }
    }

    /// A latency: `40ms` (fixed), `{ median: 80ms, p99: 400ms }` (log-normal) or `{ min: 20ms, max: 60ms }` (uniform).
    mutating func latencyModel(_ node: Node, _ what: String) -> LatencyModel? {
        if case .scalar = node { return time(node, what).map(LatencyModel.fixed) }
        let fix = "write `40ms`, `{ median: 80ms, p99: 400ms }` or `{ min: 20ms, max: 60ms }`"
        guard let fields = mapping(node, what, fix: fix) else { return nil }
        checkKeys(fields, allowed: ["median", "p99", "min", "max"], in: what)
        switch (fields["median"], fields["p99"], fields["min"], fields["max"]) {
        case (let medianNode?, let p99Node?, nil, nil):
            guard let median = time(medianNode, "`median` of \(what)"), let p99 = time(p99Node, "`p99` of \(what)") else { return nil }
            guard p99 >= median else {
                error(.invalidValue, "`p99` of \(what) is shorter than its `median`", at: p99Node, fix: "the 99th percentile is at least the median")
                return nil
            }
            return .logNormal(median: median, p99: p99)
        case (nil, nil, let minNode?, let maxNode?):
            guard let low = time(minNode, "`min` of \(what)"), let high = time(maxNode, "`max` of \(what)") else { return nil }
            guard high >= low else {
                error(.invalidValue, "`max` of \(what) is shorter than its `min`", at: maxNode, fix: "make `max` at least `min`")
                return nil
            }
            return .uniform(low, high)
        default:
            error(.wrongShape, "\(what) must have either `median` and `p99`, or `min` and `max`", at: node, fix: fix)
            return nil
        }
    }

    // MARK: - Rate limits and timings

    /// `rate-limits: aws`, `off`, or `{ ec2-mutating: { capacity: 50, refill: 5 } }` (every action of a named family gets a bucket of that size; the others keep AWS's).
    mutating func rateLimits(_ node: Node) -> RateLimits? {
        let path = "behaviour.rate-limits"
        let fix = "write `aws`, `off`, or `{ ec2-mutating: { capacity: 50, refill: 5 } }`"
        if case .scalar = node {
            record(path, node)
            return choice(node, "`rate-limits` of `behaviour`", ["aws", "off"]) == "off" ? nil : RateLimits()
        }
        var limits = RateLimits()
        guard let object = object(node, path: path, context: "`rate-limits` of `behaviour`", allowed: RateLimitFamily.allCases.map(\.rawValue), fix: fix)
        else { return limits }
        for family in RateLimitFamily.allCases {
            guard let bucketNode = object.fields[family.rawValue],
                  let bucket = self.object(bucketNode, path: "\(path).\(family.rawValue)", context: "rate limit '\(family.rawValue)'",
                                           allowed: ["capacity", "refill"], fix: "write `{ capacity: 100, refill: 20 }`: calls at once, and per second")
            else { continue }
            var spec = RateLimits.familyDefaults[family] ?? TokenBucketSpec(capacity: 40, refillPerSecond: 10)
            if let capacity = read(bucket, "capacity", { $0.positive($1, $2) }) { spec.capacity = capacity }
            if let refill = read(bucket, "refill", { $0.nonNegative($1, $2) }) { spec.refillPerSecond = refill }
            limits.buckets[family] = spec
        }
        return limits
    }

    /// A number above zero.
    mutating func positive(_ node: Node, _ what: String) -> Double? {
        guard let value = number(node, what) else { return nil }
        guard value > 0, value.isFinite else {
            error(.invalidValue, "\(what) must be more than zero, not \(value)", at: node, fix: "write a number such as 100")
            return nil
        }
        return value
    }

    /// `timings: { stop: 30s, terminate: 30s, … }`.
    mutating func timings(_ node: Node) -> Timings {
        var spec = Timings()
        guard let object = object(node, path: "behaviour.timings", context: "`timings` of `behaviour`", allowed: Self.timingKeys,
                                  fix: "write `timings: { stop: 30s, terminate: 30s }`") else { return spec }
        if let value = read(object, "snapshot-seconds-per-gib", { $0.nonNegative($1, $2) }) { spec.snapshotSecondsPerGiB = value }
        if let value = read(object, "snapshot-minimum", { $0.time($1, $2) }) { spec.snapshotMinimum = value }
        if let value = read(object, "stop", { $0.time($1, $2) }) { spec.stop = value }
        if let value = read(object, "terminate", { $0.time($1, $2) }) { spec.terminate = value }
        if let value = read(object, "launch", { $0.time($1, $2) }) { spec.launch = value }
        if let value = read(object, "auto-scaling-check-interval", { $0.time($1, $2) }) {
            if value > .zero {
                spec.autoScalingCheckInterval = value
            } else if let valueNode = object.fields["auto-scaling-check-interval"] {
                error(.invalidValue, "`auto-scaling-check-interval` must be longer than 0s", at: valueNode, fix: "write e.g. 10s")
            }
        }
        if let value = read(object, "terminated-visibility", { $0.time($1, $2) }) { spec.terminatedVisibility = value }
        return spec
    }

    // MARK: - Faults

    /// One fault rule.
    mutating func fault(_ node: Node, index: Int) -> FaultRule {
        let path = "behaviour.faults.\(index)"
        let context = "fault \(index + 1)"
        var rule = FaultRule(name: "fault-\(index + 1)", effect: .delay(.zero))
        guard let object = object(node, path: path, context: context, allowed: Self.faultKeys,
                                  fix: "write `{ operation: CreateSnapshot, first: 2, error: RequestLimitExceeded }`") else { return rule }
        if let name = read(object, "name", { $0.string($1, $2) }) { rule.name = name }

        if object.fields["operation"] != nil, let listKey = object.fields.keyNode("operations") {
            error(.wrongShape, "\(context) has both `operation` and `operations`", at: listKey, fix: "list them all under `operations`")
            unreadable.insert("\(path).operations")
        } else if let singleNode = object.fields["operation"] {
            record("\(path).operation", singleNode)
            rule.operations = [read(singleNode, at: "\(path).operations.0", "`operation` of \(context)", { $0.operation($1, $2) }) ?? ""]
        } else if let names = idList(object, "operations") {
            rule.operations = names
            for (position, name) in names.enumerated() where !name.isEmpty && AWSOperation.named(name) == nil {
                reportUnknownOperation(name, at: "\(path).operations.\(position)")
            }
        }
        if let services = idList(object, "services") {
            rule.services = services
            let known = AWSService.allCases.map(\.rawValue)
            for (position, name) in services.enumerated() where !name.isEmpty && AWSService(rawValue: name) == nil {
                let servicePath = "\(path).services.\(position)"
                appendDiagnostic(.error(.unknownReference, "unknown service '\(name)'" + Suggestion.phrase(for: name, in: known), at: locate(servicePath),
                                        fix: "use one of: \(known.joined(separator: ", "))"))
                unreadable.insert(servicePath)
            }
        }
        if let resource = read(object, "resource", { $0.string($1, $2) }) { rule.resource = resource }
        if let probability = read(object, "probability", { $0.number($1, $2) }) { rule.probability = probability }
        rule.window = window(object, context: context)
        if let from = read(object, "from", { $0.time($1, $2) }) { rule.activeFrom = from }
        if let until = read(object, "until", { $0.time($1, $2) }) {
            rule.activeUntil = until
            if let from = rule.activeFrom, until <= from, let untilNode = object.fields["until"] {
                error(.invalidValue, "`until` of \(context) is not after its `from`", at: untilNode, fix: "make `until` later than `from`, or remove one")
            }
        }
        rule.effect = effect(object, context: context) ?? rule.effect
        return rule
    }

    /// An operation name a fault matches, with a suggestion when it is misspelt.
    mutating func operation(_ node: Node, _ what: String) -> String? {
        guard let name = string(node, what) else { return nil }
        if AWSOperation.named(name) == nil {
            let known = AWSOperation.all.map(\.name)
            error(.unknownReference, "unknown operation '\(name)'" + Suggestion.phrase(for: name, in: known), at: node,
                  fix: "use one of: \(known.joined(separator: ", "))")
        }
        return name
    }

    private mutating func reportUnknownOperation(_ name: String, at path: String) {
        let known = AWSOperation.all.map(\.name)
        appendDiagnostic(.error(.unknownReference, "unknown operation '\(name)'" + Suggestion.phrase(for: name, in: known), at: locate(path),
                                fix: "use one of: \(known.joined(separator: ", "))"))
        unreadable.insert(path)
    }

    /// `first: N`, `after: N` or `calls: "3-5"`; at most one; `.always` when none.
    mutating func window(_ object: Object, context: String) -> FaultRule.Window {
        let written = ["first", "after", "calls"].filter { object.fields[$0] != nil }
        if written.count > 1, let second = object.fields.keyNode(written[1]) {
            error(.wrongShape, "\(context) has both `\(written[0])` and `\(written[1])`", at: second,
                  fix: "keep one window: `first: N` (calls 1…N), `after: N` (calls after N) or `calls: \"3-5\"`")
            return .always
        }
        if let count = read(object, "first", { $0.whole($1, $2, in: 1...Int.max) }) { return .first(count) }
        if let count = read(object, "after", { $0.whole($1, $2, in: 0...Int.max) }) { return .after(count) }
        if let range = read(object, "calls", { $0.callRange($1, $2) }) { return .calls(range) }
        return .always
    }

    /// `3` or `"3-5"`: which matching calls, counted from 1.
    mutating func callRange(_ node: Node, _ what: String) -> ClosedRange<Int>? {
        guard let text = string(node, what) else { return nil }
        let bounds = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0.filter { $0 != " " }) }
        guard (1...2).contains(bounds.count), let low = bounds.first ?? nil, let high = bounds.last ?? nil, low >= 1, low <= high else {
            error(.invalidValue, "\(what): '\(text)' is not a range of calls", at: node, fix: "write a call number such as 3, or a range in quotes such as \"3-5\" (counted from 1)")
            return nil
        }
        return low...high
    }

    /// `error: Code` (with an optional `message`) or `delay: 2s`: exactly one.
    mutating func effect(_ object: Object, context: String) -> FaultRule.Effect? {
        switch (object.fields["error"], object.fields["delay"]) {
        case (.some, .some):
            error(.wrongShape, "\(context) has both `error` and `delay`", at: object.fields.keyNode("delay") ?? object.anchor,
                  fix: "a fault either fails the call or slows it down; split it into two faults")
            return nil
        case (nil, nil):
            error(.missingKey, "\(context) has neither `error` nor `delay`", at: object.anchor,
                  fix: "add `error: RequestLimitExceeded` to fail the calls, or `delay: 2s` to slow them down")
            return nil
        case (.some, nil):
            guard let code = read(object, "error", { $0.errorCode($1, $2) }) else { return nil }
            let message = read(object, "message", { $0.string($1, $2) }) ?? Self.defaultMessage(for: code)
            return .fail(code: code, message: message)
        case (nil, .some):
            if let messageKey = object.fields.keyNode("message") {
                error(.wrongShape, "\(context) delays calls, so its `message` is never seen", at: messageKey, fix: "remove `message`, or use `error:`")
            }
            return read(object, "delay", { $0.time($1, $2) }).map(FaultRule.Effect.delay)
        }
    }

    /// An AWS error code such as `RequestLimitExceeded` or `InvalidInstanceID.NotFound`.
    mutating func errorCode(_ node: Node, _ what: String) -> String? {
        guard let text = string(node, what) else { return nil }
        let isCodeCharacter: (UInt8) -> Bool = { (65...90).contains($0) || (97...122).contains($0) || (48...57).contains($0) || $0 == UInt8(ascii: ".") }
        guard let first = text.utf8.first, (65...90).contains(first), text.utf8.allSatisfy(isCodeCharacter) else {
            error(.invalidValue, "\(what): '\(text)' is not an AWS error code", at: node, fix: "write a code such as RequestLimitExceeded, Throttling or InternalError")
            return nil
        }
        return text
    }

    /// The message AWS sends with a common error code, or a generic one.
    static func defaultMessage(for code: String) -> String {
        switch code {
        case "RequestLimitExceeded": "Request limit exceeded."
        case "Throttling": "Rate exceeded"
        case "InternalError": "An internal error has occurred."
        case "ServiceUnavailable", "Unavailable": "The service is unavailable. Please try again shortly."
        case "UnauthorizedOperation": "You are not authorized to perform this operation."
        case "AccessDenied": "User is not authorized to perform this action."
        default: "Simulated fault: \(code)."
        }
    }
}
