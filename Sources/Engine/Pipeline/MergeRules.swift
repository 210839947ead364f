import Providers

/// Sends one request down the rest of the pipeline.
typealias Send<Request: AWSRequest> = @Sendable (Request) async throws -> Request.Output

/// A request that concurrent callers' requests of the same type can be merged with: one AWS
/// call for many (``MergingMiddleware``).
protocol MergeableRequest: AWSRequest {
    /// Requests with equal keys may go out in one call; `nil` sends this one alone.
    var mergeKey: (any Hashable & Sendable)? { get }
    /// The most requests one call carries (the API's limit).
    static var maxMerged: Int { get }
    /// Sends `requests` (one or more, with equal keys) as one call — or as few as the API's limits
    /// allow — through `send`, and returns each request's share of the answer, in order.
    ///
    /// A merged call that fails for a reason that may concern only some requests is retried
    /// request by request (see ``MergeRules/merged(_:call:split:single:)``).
    static func sendMerged(_ requests: [Self], through send: @escaping Send<Self>) async -> [Result<Output, any Error>]
}

/// A read that identical concurrent requests share: one call, the same answer to each.
protocol SharedRead: MergeableRequest, Hashable {}

extension SharedRead {
    var mergeKey: (any Hashable & Sendable)? { self }
    static var maxMerged: Int { 1000 }

    static func sendMerged(_ requests: [Self], through send: @escaping Send<Self>) async -> [Result<Output, any Error>] {
        let outcome = await MergeRules.result { try await send(requests[0]) }
        return requests.map { _ in outcome }
    }
}

/// A read whose answer the actions ask for again within seconds, kept in a ``ReadCache``.
protocol CachedRead: AWSRequest, Hashable {
    /// Whether this request's answer may be kept (the look-ups the actions repeat).
    var isCacheable: Bool { get }
    /// What the answer describes, as cache topics: resource ids, or a whole listing's name. A
    /// change to any of them drops the answer.
    func cacheTopics(of output: Output) -> [String]
}

/// A call that changes what cached answers describe.
protocol StateChange: AWSRequest {
    /// The cache topics it changes (their answers are dropped before and after it).
    var changedTopics: [String] { get }
}

/// The helpers the merge rules share.
enum MergeRules {
    /// Cache topics: a resource's id stands for the resource; these stand for whole listings.
    static let securityGroupsTopic = "security-groups", targetGroupsTopic = "target-groups"

    /// The topic of an instance's attributes (`DescribeInstanceAttribute`).
    static func attributesTopic(_ instance: String) -> String { "attributes:" + instance }

    /// The topic of an interface's security groups (which `DescribeInstances` shows too).
    static func groupsTopic(_ interface: String) -> String { "groups:" + interface }

    /// What tagging resources changes: the resources, and the group listing if a group is among them.
    static func topics(tagging resources: [String]) -> [String] {
        resources + (resources.contains { $0.hasPrefix("sg-") } ? [securityGroupsTopic] : [])
    }

    /// Sends one merged call for `requests` and splits its answer.
    ///
    /// When the merged call fails for a reason that may concern only some requests (a
    /// non-retryable AWS error), each request is sent on its own, so each gets the answer it
    /// would have got alone. Throttling, 5xx and network errors are every request's.
    static func merged<Request: Sendable, Merged: Sendable, Response: Sendable>(
        _ requests: [Request],
        call: @Sendable () async throws -> Merged,
        split: @Sendable (Merged, Request) -> Response,
        single: @escaping @Sendable (Request) async throws -> Response
    ) async -> [Result<Response, any Error>] {
        if requests.count == 1 { return [await result { try await single(requests[0]) }] }
        do {
            let merged = try await call()
            return requests.map { .success(split(merged, $0)) }
        } catch {
            guard let failure = error as? AWSError, !failure.isRetryable, !failure.isThrottling else { return requests.map { _ in .failure(error) } }
            return await withTaskGroup(of: (Int, Result<Response, any Error>).self) { group in
                for (index, request) in requests.enumerated() {
                    group.addTask { (index, await result { try await single(request) }) }
                }
                var results = [Result<Response, any Error>?](repeating: nil, count: requests.count)
                for await (index, outcome) in group { results[index] = outcome }
                return results.map { $0 ?? .failure(BatchError()) }
            }
        }
    }

    static func result<Response>(_ body: () async throws -> Response) async -> Result<Response, any Error> {
        do { return .success(try await body()) } catch { return .failure(error) }
    }

    static func unique<Item: Hashable>(_ items: [Item]) -> [Item] {
        var seen: Set<Item> = []
        return items.filter { seen.insert($0).inserted }
    }

    /// Whether the filters are exactly `attachment.instance-id` (the look-up by instance the actions make).
    static func byAttachedInstance(_ filters: [Filter]) -> Bool {
        filters.count == 1 && filters[0].name == "attachment.instance-id" && !filters[0].values.isEmpty
    }

    /// The most filter values EC2 takes in one call (`FilterLimitExceeded` beyond).
    static let maxFilterValues = 200

    /// Whether a filter value is a pattern (`*`, `?`) rather than an exact value.
    static func isPattern(_ value: String) -> Bool { value.contains("*") || value.contains("?") }
}
