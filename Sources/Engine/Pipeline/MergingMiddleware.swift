import Foundation
import Providers
import Synchronization

/// A fleet's pipeline layer that makes fewer AWS calls for the same answers.
///
/// The targets of a fleet run the same steps at about the same time, so their calls come in
/// waves of the same operation. Where the API takes many resources in one call, concurrent
/// requests are merged into one call and its answer is split again (``RequestBatcher``). The
/// rules are conformances of the request types — ``MergeableRequest``, ``SharedRead``,
/// ``CachedRead``, ``StateChange`` — so this layer is one generic `handle`:
///
/// - reads: `DescribeInstances` by ids, `DescribeNetworkInterfaces` / `DescribeVolumes` by
///   `attachment.instance-id`, `DescribeAutoScalingInstances` by ids (≤ 50), `DescribeSnapshots`
///   by ids or by `volume-id` + one tag filter (at most 200 filter values a call, EC2's limit),
///   `DescribeTags` by `resource-id`; identical concurrent reads (`DescribeLoadBalancers`,
///   `DescribeTargetGroups`, `DescribeTargetHealth` of a group, `DescribeSecurityGroups`,
///   `DescribeInstanceAttribute`) share one call;
/// - writes: `CreateTags` / `DeleteTags` with the same tags on many resources, `DetachInstances`
///   / `AttachInstances` per group (≤ 20), `DeregisterInstancesFromLoadBalancer` /
///   `RegisterInstancesWithLoadBalancer` per load balancer, `DeregisterTargets` /
///   `RegisterTargets` per target group.
///
/// A request never joins a call already sent, so a read made after a write sees it. A merged
/// call that fails for a reason that concerns one of its requests (`InvalidInstanceID.NotFound`,
/// a `ValidationError`…) is retried request by request, so every request gets its own answer,
/// exactly as without batching; throttling, 5xx and network errors go to every request, whose
/// own retry policies then apply.
///
/// Reads the actions repeat about the instance itself are also answered from a ``ReadCache``
/// for up to 10 s: each step re-describes its instance (`DescribeInstances`, its interfaces and
/// volumes, its protection and shutdown behaviour), and every target's isolation looks up the same
/// two groups of its VPC (`DescribeSecurityGroups`) and scans the same list of target groups. An
/// answer is dropped as soon as this process changes what it describes, so a step always sees
/// the changes earlier steps made. A change made outside irun within those seconds is not seen
/// by a step that reuses the answer: the race every read-then-act has, widened from
/// milliseconds to at most 10 s. Service membership (Auto Scaling, classic load balancers, target
/// health), `DescribeSnapshots` and `DescribeTags` are never cached: isolation's in-service check and the wait
/// for snapshots always read the live state.
struct MergingMiddleware: ProviderMiddleware {
    /// The fleet's call slots: every call below this layer holds one (a merged call one for all its requests).
    private let slots: CallSlots
    private let linger: Duration
    private let batchers = BatcherRegistry()
    /// Answers of the reads the actions repeat, reused until this process changes what they describe.
    private let cache: ReadCache

    /// How long a cached answer is reused.
    static let cacheAge: TimeInterval = 10

    /// - Parameters:
    ///   - clock: Ages the cached answers.
    ///   - linger: How long the first request of a wave waits for others to join its call. It
    ///     only costs time when the endpoint is idle (a busy one makes the batch wait for a slot
    ///     anyway), which in a fleet is mostly while the targets capture in lock step. Against
    ///     moto, 2 ms instead of 10 ms splits those waves into ~15 more calls (~400 → ~415) and
    ///     saves no wall time, so the default stays 10 ms.
    ///   - maxInFlight: The most calls sent at once; the rest wait here, where they merge. A
    ///     fleet issues far more concurrent calls than an endpoint serves at once; holding the
    ///     surplus back keeps them queued here, where they merge into fewer calls, instead of in
    ///     the endpoint's queue (moto answers one call at a time; AWS meters calls, not
    ///     connections). A batch takes its requests only once it holds a slot, so the longer the
    ///     endpoint is busy, the more requests each call carries.
    init(clock: any ProviderClock, linger: Duration = .milliseconds(10), maxInFlight: Int = 8) {
        slots = CallSlots(limit: maxInFlight)
        self.linger = linger
        cache = ReadCache(clock: clock, maxAge: Self.cacheAge)
    }

    func handle<Request: AWSRequest>(
        _ request: Request, context: CallContext, next: @escaping @Sendable (Request, CallContext) async throws -> Request.Output
    ) async throws -> Request.Output {
        let send: Send<Request> = { try await next($0, context) }
        if let change = request as? any StateChange {
            return try await cache.changing(change.changedTopics) { try await mergedOrAlone(request, send) }
        }
        if let read = request as? any CachedRead, read.isCacheable {
            return try await cached(read, send)
        }
        return try await mergedOrAlone(request, send)
    }

    // The casts below cannot fail: each is from a request's static type to the dynamic type
    // that `as? any …` above found it to be, and back, for one and the same request.

    private func cached<Read: CachedRead, Request: AWSRequest>(_ read: Read, _ send: @escaping Send<Request>) async throws -> Request.Output {
        let output = try await cache.answer(read, topics: { $0.cacheTopics(of: $1) }) { read in
            try await mergedOrAlone(read as! Request, send) as! Read.Output
        }
        return output as! Request.Output
    }

    private func mergedOrAlone<Request: AWSRequest>(_ request: Request, _ send: @escaping Send<Request>) async throws -> Request.Output {
        if let mergeable = request as? any MergeableRequest, let key = mergeable.mergeKey {
            return try await merged(mergeable, key: key, send)
        }
        return try await direct(request, send)
    }

    private func merged<Merged: MergeableRequest, Request: AWSRequest>(_ request: Merged, key: any Hashable & Sendable, _ send: @escaping Send<Request>) async throws -> Request.Output {
        let batcher = batchers.batcher(for: Merged.self) {
            RequestBatcher(maxBatch: Merged.maxMerged, linger: linger, slots: slots) { requests, send in await Merged.sendMerged(requests, through: send) }
        }
        let output = try await batcher.submit(request, key: key) { try await send($0 as! Request) as! Merged.Output }
        return output as! Request.Output
    }

    /// A call that is not merged, holding one of the call slots while it is sent.
    private func direct<Request: AWSRequest>(_ request: Request, _ send: Send<Request>) async throws -> Request.Output {
        await slots.acquire()
        do {
            let output = try await send(request)
            await slots.release()
            return output
        } catch {
            await slots.release()
            throw error
        }
    }
}

/// One ``RequestBatcher`` per mergeable request type, made on first use.
private final class BatcherRegistry: Sendable {
    private let batchers = Mutex<[ObjectIdentifier: any Sendable]>([:])

    func batcher<Merged: MergeableRequest>(for type: Merged.Type, make: () -> RequestBatcher<Merged, Merged.Output>) -> RequestBatcher<Merged, Merged.Output> {
        batchers.withLock { batchers in
            if let batcher = batchers[ObjectIdentifier(type)] as? RequestBatcher<Merged, Merged.Output> { return batcher }
            let batcher = make()
            batchers[ObjectIdentifier(type)] = batcher
            return batcher
        }
    }
}
