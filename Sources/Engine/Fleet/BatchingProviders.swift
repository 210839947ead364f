import Foundation
import Providers

/// A fleet's providers, making fewer AWS calls for the same answers.
///
/// The targets of a fleet run the same steps at about the same time, so their calls come in
/// waves of the same operation. Where the API takes many resources in one call, concurrent
/// requests are merged into one call and its answer is split again (``RequestBatcher``):
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
struct BatchingProviders: EC2, AutoScaling, ElasticLoadBalancing, ElasticLoadBalancingV2 {
    let base: AWSProviders
    private let instances: RequestBatcher<DescribeInstancesInput, DescribeInstancesOutput>
    private let interfaces: RequestBatcher<DescribeNetworkInterfacesInput, DescribeNetworkInterfacesOutput>
    private let volumes: RequestBatcher<DescribeVolumesInput, DescribeVolumesOutput>
    private let snapshots: RequestBatcher<DescribeSnapshotsInput, DescribeSnapshotsOutput>
    private let tags: RequestBatcher<DescribeTagsInput, DescribeTagsOutput>
    private let autoScalingInstances: RequestBatcher<DescribeAutoScalingInstancesInput, DescribeAutoScalingInstancesOutput>
    private let securityGroups: RequestBatcher<DescribeSecurityGroupsInput, DescribeSecurityGroupsOutput>
    private let attributes: RequestBatcher<DescribeInstanceAttributeInput, DescribeInstanceAttributeOutput>
    private let loadBalancers: RequestBatcher<DescribeLoadBalancersInput, DescribeLoadBalancersOutput>
    private let targetGroups: RequestBatcher<DescribeTargetGroupsInput, DescribeTargetGroupsOutput>
    private let targetHealth: RequestBatcher<DescribeTargetHealthInput, DescribeTargetHealthOutput>
    private let createTagsBatcher: RequestBatcher<CreateTagsInput, Void>
    private let deleteTagsBatcher: RequestBatcher<DeleteTagsInput, Void>
    private let detach: RequestBatcher<DetachInstancesInput, DetachInstancesOutput>
    private let attach: RequestBatcher<AttachInstancesInput, Void>
    private let deregisterInstances: RequestBatcher<DeregisterInstancesFromLoadBalancerInput, LoadBalancerInstancesOutput>
    private let registerInstances: RequestBatcher<RegisterInstancesWithLoadBalancerInput, LoadBalancerInstancesOutput>
    private let deregisterTargetsBatcher: RequestBatcher<DeregisterTargetsInput, Void>
    private let registerTargetsBatcher: RequestBatcher<RegisterTargetsInput, Void>
    /// Answers of the reads the actions repeat, reused until this process changes what they describe.
    private let cache: ReadCache

    /// Wraps `base`.
    ///
    /// - Parameters:
    ///   - base: The providers calls finally go to.
    ///   - clock: Ages the cached answers.
    ///   - linger: How long the first request of a wave waits for others to join its call. It
    ///     only costs time when the endpoint is idle (a busy one makes the batch wait for a slot
    ///     anyway), which in a fleet is mostly while the targets capture in lock step. Against
    ///     moto, 2 ms instead of 10 ms splits those waves into ~15 more calls (~400 → ~415) and
    ///     saves no wall time, so the default stays 10 ms.
    ///   - maxInFlight: The most calls sent at once; the rest wait here, where they merge
    ///     (see ``LimitedProviders``). A batch takes its requests when it gets its slot.
    init(base unlimited: AWSProviders, clock: any ProviderClock, linger: Duration = .milliseconds(10), maxInFlight: Int = 8) {
        let slots = CallSlots(limit: maxInFlight)
        self.base = LimitedProviders(base: unlimited, slots: slots).providers
        // The batchers hold a slot per batch themselves, so their calls go to the unlimited providers.
        let ec2 = unlimited.ec2, autoScaling = unlimited.autoScaling, elb = unlimited.loadBalancing, elbv2 = unlimited.loadBalancingV2
        cache = ReadCache(clock: clock, maxAge: Self.cacheAge)

        instances = RequestBatcher(maxBatch: 100, linger: linger, slots: slots) { requests in
            await Self.merged(requests, call: {
                try await ec2.describeInstances(DescribeInstancesInput(instanceIds: Self.unique(requests.flatMap(\.instanceIds))))
            }, split: { output, request in
                let wanted = Set(request.instanceIds)
                let reservations = output.reservations.compactMap { reservation -> Reservation? in
                    var kept = reservation
                    kept.instances = reservation.instances.filter { wanted.contains($0.instanceId) }
                    return kept.instances.isEmpty ? nil : kept
                }
                return DescribeInstancesOutput(reservations: reservations, nextToken: nil)
            }, single: { try await ec2.describeInstances($0) })
        }
        interfaces = RequestBatcher(maxBatch: 100, linger: linger, slots: slots) { requests in
            await Self.merged(requests, call: {
                let filter = [Filter(name: "attachment.instance-id", values: Self.unique(requests.flatMap { $0.filters[0].values }))]
                return try await collectPages { token in
                    let page = try await ec2.describeNetworkInterfaces(DescribeNetworkInterfacesInput(filters: filter, nextToken: token))
                    return (page.networkInterfaces, page.nextToken)
                }
            }, split: { all, request in
                let wanted = Set(request.filters[0].values)
                return DescribeNetworkInterfacesOutput(networkInterfaces: all.filter { $0.attachment.map { wanted.contains($0.instanceId) } ?? false }, nextToken: nil)
            }, single: { try await ec2.describeNetworkInterfaces($0) })
        }
        volumes = RequestBatcher(maxBatch: 100, linger: linger, slots: slots) { requests in
            await Self.merged(requests, call: {
                let filter = [Filter(name: "attachment.instance-id", values: Self.unique(requests.flatMap { $0.filters[0].values }))]
                return try await collectPages { token in
                    let page = try await ec2.describeVolumes(DescribeVolumesInput(filters: filter, nextToken: token))
                    return (page.volumes, page.nextToken)
                }
            }, split: { all, request in
                let wanted = Set(request.filters[0].values)
                return DescribeVolumesOutput(volumes: all.filter { $0.attachments.contains { wanted.contains($0.instanceId) } }, nextToken: nil)
            }, single: { try await ec2.describeVolumes($0) })
        }
        snapshots = RequestBatcher(maxBatch: 100, linger: linger, slots: slots) { requests in
            await Self.merged(requests, call: {
                var found: [Snapshot] = []
                // Look-ups by volume carry one value per volume: split so no call exceeds EC2's filter values.
                for part in Self.parts(requests, maxFilterValues: Self.maxFilterValues) {
                    let first = part[0]
                    let merged: DescribeSnapshotsInput
                    if !first.snapshotIds.isEmpty {
                        merged = DescribeSnapshotsInput(snapshotIds: Self.unique(part.flatMap(\.snapshotIds)), ownerIds: first.ownerIds)
                    } else {
                        let filters = first.filters.indices.map { index in
                            Filter(name: first.filters[index].name, values: Self.unique(part.flatMap { $0.filters[index].values }))
                        }
                        merged = DescribeSnapshotsInput(filters: filters, ownerIds: first.ownerIds)
                    }
                    found += try await collectPages { token in
                        var page = merged
                        page.nextToken = token
                        let output = try await ec2.describeSnapshots(page)
                        return (output.snapshots, output.nextToken)
                    }
                }
                return found
            }, split: { all, request in
                DescribeSnapshotsOutput(snapshots: all.filter { Self.snapshot($0, matches: request) }, nextToken: nil)
            }, single: { try await ec2.describeSnapshots($0) })
        }
        tags = RequestBatcher(maxBatch: 100, linger: linger, slots: slots) { requests in
            await Self.merged(requests, call: {
                let filter = [Filter(name: "resource-id", values: Self.unique(requests.flatMap { $0.filters[0].values }))]
                return try await collectPages { token in
                    let page = try await ec2.describeTags(DescribeTagsInput(filters: filter, nextToken: token))
                    return (page.tags, page.nextToken)
                }
            }, split: { all, request in
                let wanted = Set(request.filters[0].values)
                return DescribeTagsOutput(tags: all.filter { wanted.contains($0.resourceId) }, nextToken: nil)
            }, single: { try await ec2.describeTags($0) })
        }
        autoScalingInstances = RequestBatcher(maxBatch: 50, linger: linger, slots: slots) { requests in
            await Self.merged(requests, call: {
                let ids = Self.unique(requests.flatMap(\.instanceIds))
                return try await collectPages { token in
                    let page = try await autoScaling.describeAutoScalingInstances(DescribeAutoScalingInstancesInput(instanceIds: ids, nextToken: token))
                    return (page.autoScalingInstances, page.nextToken)
                }
            }, split: { all, request in
                let wanted = Set(request.instanceIds)
                return DescribeAutoScalingInstancesOutput(autoScalingInstances: all.filter { wanted.contains($0.instanceId) }, nextToken: nil)
            }, single: { try await autoScaling.describeAutoScalingInstances($0) })
        }
        securityGroups = Self.shared(linger, slots) { try await ec2.describeSecurityGroups($0) }
        attributes = Self.shared(linger, slots) { try await ec2.describeInstanceAttribute($0) }
        loadBalancers = Self.shared(linger, slots) { try await elb.describeLoadBalancers($0) }
        targetGroups = Self.shared(linger, slots) { try await elbv2.describeTargetGroups($0) }
        targetHealth = Self.shared(linger, slots) { try await elbv2.describeTargetHealth($0) }

        createTagsBatcher = RequestBatcher(maxBatch: 100, linger: linger, slots: slots) { requests in
            await Self.merged(requests, call: {
                try await ec2.createTags(CreateTagsInput(resources: Self.unique(requests.flatMap(\.resources)), tags: requests[0].tags))
            }, split: { _, _ in }, single: { try await ec2.createTags($0) })
        }
        deleteTagsBatcher = RequestBatcher(maxBatch: 100, linger: linger, slots: slots) { requests in
            await Self.merged(requests, call: {
                try await ec2.deleteTags(DeleteTagsInput(resources: Self.unique(requests.flatMap(\.resources)), tags: requests[0].tags))
            }, split: { _, _ in }, single: { try await ec2.deleteTags($0) })
        }
        detach = RequestBatcher(maxBatch: 20, linger: linger, slots: slots) { requests in
            await Self.merged(requests, call: {
                let first = requests[0]
                return try await autoScaling.detachInstances(DetachInstancesInput(
                    instanceIds: Self.unique(requests.flatMap(\.instanceIds)), autoScalingGroupName: first.autoScalingGroupName,
                    shouldDecrementDesiredCapacity: first.shouldDecrementDesiredCapacity
                ))
            }, split: { output, request in
                DetachInstancesOutput(activities: output.activities.filter { activity in request.instanceIds.contains { activity.description.contains($0) } })
            }, single: { try await autoScaling.detachInstances($0) })
        }
        attach = RequestBatcher(maxBatch: 20, linger: linger, slots: slots) { requests in
            await Self.merged(requests, call: {
                try await autoScaling.attachInstances(AttachInstancesInput(instanceIds: Self.unique(requests.flatMap(\.instanceIds)), autoScalingGroupName: requests[0].autoScalingGroupName))
            }, split: { _, _ in }, single: { try await autoScaling.attachInstances($0) })
        }
        deregisterInstances = RequestBatcher(maxBatch: 100, linger: linger, slots: slots) { requests in
            await Self.merged(requests, call: {
                try await elb.deregisterInstancesFromLoadBalancer(DeregisterInstancesFromLoadBalancerInput(
                    loadBalancerName: requests[0].loadBalancerName, instanceIds: Self.unique(requests.flatMap(\.instanceIds))))
            }, split: { output, _ in output }, single: { try await elb.deregisterInstancesFromLoadBalancer($0) })
        }
        registerInstances = RequestBatcher(maxBatch: 100, linger: linger, slots: slots) { requests in
            await Self.merged(requests, call: {
                try await elb.registerInstancesWithLoadBalancer(RegisterInstancesWithLoadBalancerInput(
                    loadBalancerName: requests[0].loadBalancerName, instanceIds: Self.unique(requests.flatMap(\.instanceIds))))
            }, split: { output, _ in output }, single: { try await elb.registerInstancesWithLoadBalancer($0) })
        }
        deregisterTargetsBatcher = RequestBatcher(maxBatch: 100, linger: linger, slots: slots) { requests in
            await Self.merged(requests, call: {
                try await elbv2.deregisterTargets(DeregisterTargetsInput(targetGroupArn: requests[0].targetGroupArn, targets: Self.unique(requests.flatMap(\.targets))))
            }, split: { _, _ in }, single: { try await elbv2.deregisterTargets($0) })
        }
        registerTargetsBatcher = RequestBatcher(maxBatch: 100, linger: linger, slots: slots) { requests in
            await Self.merged(requests, call: {
                try await elbv2.registerTargets(RegisterTargetsInput(targetGroupArn: requests[0].targetGroupArn, targets: Self.unique(requests.flatMap(\.targets))))
            }, split: { _, _ in }, single: { try await elbv2.registerTargets($0) })
        }
    }

    /// The decorated providers, as actions receive them.
    var providers: AWSProviders { AWSProviders(self) }

    // MARK: EC2

    func describeInstances(_ input: DescribeInstancesInput) async throws -> DescribeInstancesOutput {
        guard !input.instanceIds.isEmpty, input.filters.isEmpty, input.maxResults == nil, input.nextToken == nil else { return try await base.ec2.describeInstances(input) }
        // It shows the instance's tags and state and each interface's groups (not the interfaces' tags).
        return try await cache.answer(input, topics: { input, output in
            input.instanceIds + output.instances.flatMap { $0.networkInterfaces.map { Self.groupsTopic($0.networkInterfaceId) } }
        }) { try await instances.submit($0, key: "ids") }
    }

    func describeNetworkInterfaces(_ input: DescribeNetworkInterfacesInput) async throws -> DescribeNetworkInterfacesOutput {
        guard Self.byAttachedInstance(input.filters), input.networkInterfaceIds.isEmpty, input.maxResults == nil, input.nextToken == nil else {
            return try await base.ec2.describeNetworkInterfaces(input)
        }
        return try await cache.answer(input, topics: { input, output in
            input.filters[0].values + output.networkInterfaces.flatMap { [$0.networkInterfaceId, Self.groupsTopic($0.networkInterfaceId)] }
        }) {
            try await interfaces.submit($0, key: "attachment.instance-id")
        }
    }

    func describeVolumes(_ input: DescribeVolumesInput) async throws -> DescribeVolumesOutput {
        guard Self.byAttachedInstance(input.filters), input.volumeIds.isEmpty, input.maxResults == nil, input.nextToken == nil else {
            return try await base.ec2.describeVolumes(input)
        }
        return try await cache.answer(input, topics: { input, output in input.filters[0].values + output.volumes.map(\.volumeId) }) {
            try await volumes.submit($0, key: "attachment.instance-id")
        }
    }

    /// Never cached: the snapshot action polls it for completion.
    func describeSnapshots(_ input: DescribeSnapshotsInput) async throws -> DescribeSnapshotsOutput {
        guard input.maxResults == nil, input.nextToken == nil else { return try await base.ec2.describeSnapshots(input) }
        if !input.snapshotIds.isEmpty, input.filters.isEmpty {
            return try await snapshots.submit(input, key: ["ids"] + input.ownerIds)
        }
        // By volume and one tag (what ec2.snapshot looks its own snapshots up by).
        let names = input.filters.map(\.name)
        guard input.snapshotIds.isEmpty, names.count == 2, names[0] == "volume-id", names[1].hasPrefix("tag:") else {
            return try await base.ec2.describeSnapshots(input)
        }
        return try await snapshots.submit(input, key: names + ["owners"] + input.ownerIds)
    }

    /// Not cached: the tags are what `ec2.tag` decides on, so it reads them live.
    func describeTags(_ input: DescribeTagsInput) async throws -> DescribeTagsOutput {
        guard input.filters.count == 1, input.filters[0].name == "resource-id", !input.filters[0].values.isEmpty,
              !input.filters[0].values.contains(where: Self.isPattern), input.maxResults == nil, input.nextToken == nil else {
            return try await base.ec2.describeTags(input)
        }
        return try await tags.submit(input, key: "resource-id")
    }

    func describeSecurityGroups(_ input: DescribeSecurityGroupsInput) async throws -> DescribeSecurityGroupsOutput {
        try await cache.answer(input, topics: { _, _ in [Self.securityGroupsTopic] }) { try await securityGroups.submit($0, key: $0) }
    }

    func describeInstanceAttribute(_ input: DescribeInstanceAttributeInput) async throws -> DescribeInstanceAttributeOutput {
        try await cache.answer(input, topics: { input, _ in [Self.attributesTopic(input.instanceId)] }) { try await attributes.submit($0, key: $0) }
    }

    func modifyInstanceAttribute(_ input: ModifyInstanceAttributeInput) async throws {
        // Protection and shutdown behaviour are not in DescribeInstances; the groups are.
        let groups: [String] = if case .groups = input.change { [input.instanceId] } else { [] }
        try await cache.changing([Self.attributesTopic(input.instanceId)] + groups) { try await base.ec2.modifyInstanceAttribute(input) }
    }

    func modifyNetworkInterfaceAttribute(_ input: ModifyNetworkInterfaceAttributeInput) async throws {
        try await cache.changing([input.networkInterfaceId, Self.groupsTopic(input.networkInterfaceId)]) { try await base.ec2.modifyNetworkInterfaceAttribute(input) }
    }

    func createTags(_ input: CreateTagsInput) async throws {
        try await cache.changing(Self.topics(tagging: input.resources)) { try await createTagsBatcher.submit(input, key: input.tags) }
    }

    func deleteTags(_ input: DeleteTagsInput) async throws {
        try await cache.changing(Self.topics(tagging: input.resources)) { try await deleteTagsBatcher.submit(input, key: input.tags) }
    }

    func createSecurityGroup(_ input: CreateSecurityGroupInput) async throws -> CreateSecurityGroupOutput {
        try await cache.changing([Self.securityGroupsTopic]) { try await base.ec2.createSecurityGroup(input) }
    }

    func authorizeSecurityGroupIngress(_ input: AuthorizeSecurityGroupIngressInput) async throws {
        try await cache.changing([Self.securityGroupsTopic]) { try await base.ec2.authorizeSecurityGroupIngress(input) }
    }

    func authorizeSecurityGroupEgress(_ input: AuthorizeSecurityGroupEgressInput) async throws {
        try await cache.changing([Self.securityGroupsTopic]) { try await base.ec2.authorizeSecurityGroupEgress(input) }
    }

    func revokeSecurityGroupEgress(_ input: RevokeSecurityGroupEgressInput) async throws -> RevokeSecurityGroupEgressOutput {
        try await cache.changing([Self.securityGroupsTopic]) { try await base.ec2.revokeSecurityGroupEgress(input) }
    }

    /// New snapshots change nothing the cache holds (snapshots are never cached). Neither call
    /// is merged: each takes one volume, or one instance.
    func createSnapshot(_ input: CreateSnapshotInput) async throws -> Snapshot { try await base.ec2.createSnapshot(input) }
    func createSnapshots(_ input: CreateSnapshotsInput) async throws -> CreateSnapshotsOutput { try await base.ec2.createSnapshots(input) }

    func stopInstances(_ input: StopInstancesInput) async throws -> StopInstancesOutput {
        try await cache.changing(input.instanceIds + input.instanceIds.map(Self.attributesTopic)) { try await base.ec2.stopInstances(input) }
    }

    // MARK: Auto Scaling

    /// Never cached (nor the load balancer and target group reads): isolation's in-service check
    /// always sees the live membership.
    func describeAutoScalingInstances(_ input: DescribeAutoScalingInstancesInput) async throws -> DescribeAutoScalingInstancesOutput {
        guard !input.instanceIds.isEmpty, input.maxRecords == nil, input.nextToken == nil else { return try await base.autoScaling.describeAutoScalingInstances(input) }
        return try await autoScalingInstances.submit(input, key: "ids")
    }

    func describeAutoScalingGroups(_ input: DescribeAutoScalingGroupsInput) async throws -> DescribeAutoScalingGroupsOutput {
        try await base.autoScaling.describeAutoScalingGroups(input)
    }

    func detachInstances(_ input: DetachInstancesInput) async throws -> DetachInstancesOutput {
        guard input.instanceIds.count == 1 else { return try await base.autoScaling.detachInstances(input) }
        return try await detach.submit(input, key: [input.autoScalingGroupName, "\(input.shouldDecrementDesiredCapacity)"])
    }

    func attachInstances(_ input: AttachInstancesInput) async throws {
        guard input.instanceIds.count == 1 else { return try await base.autoScaling.attachInstances(input) }
        try await attach.submit(input, key: input.autoScalingGroupName)
    }

    // MARK: Load balancing

    func describeLoadBalancers(_ input: DescribeLoadBalancersInput) async throws -> DescribeLoadBalancersOutput {
        try await loadBalancers.submit(input, key: input)
    }

    func deregisterInstancesFromLoadBalancer(_ input: DeregisterInstancesFromLoadBalancerInput) async throws -> LoadBalancerInstancesOutput {
        try await deregisterInstances.submit(input, key: input.loadBalancerName)
    }

    func registerInstancesWithLoadBalancer(_ input: RegisterInstancesWithLoadBalancerInput) async throws -> LoadBalancerInstancesOutput {
        try await registerInstances.submit(input, key: input.loadBalancerName)
    }

    /// The list of target groups is cached: nothing irun does changes it.
    func describeTargetGroups(_ input: DescribeTargetGroupsInput) async throws -> DescribeTargetGroupsOutput {
        try await cache.answer(input, topics: { _, _ in [Self.targetGroupsTopic] }) { try await targetGroups.submit($0, key: $0) }
    }

    func describeTargetHealth(_ input: DescribeTargetHealthInput) async throws -> DescribeTargetHealthOutput {
        try await targetHealth.submit(input, key: input)
    }

    func deregisterTargets(_ input: DeregisterTargetsInput) async throws {
        try await deregisterTargetsBatcher.submit(input, key: input.targetGroupArn)
    }

    func registerTargets(_ input: RegisterTargetsInput) async throws {
        try await registerTargetsBatcher.submit(input, key: input.targetGroupArn)
    }
}

extension BatchingProviders {
    /// How long a cached answer is reused.
    static let cacheAge: TimeInterval = 10
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

    /// Sends one merged call for `requests` and splits its answer; a lone request goes as it is.
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

    /// A batcher for reads that can only be shared when identical.
    static func shared<Request: Hashable & Sendable, Response: Sendable>(
        _ linger: Duration, _ slots: CallSlots, _ call: @escaping @Sendable (Request) async throws -> Response
    ) -> RequestBatcher<Request, Response> {
        RequestBatcher(maxBatch: 1000, linger: linger, slots: slots) { requests in
            let outcome = await result { try await call(requests[0]) }
            return requests.map { _ in outcome }
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

    /// `requests` in consecutive parts whose filter values add up to at most `maxFilterValues`
    /// (a request with more goes alone).
    static func parts(_ requests: [DescribeSnapshotsInput], maxFilterValues: Int) -> [[DescribeSnapshotsInput]] {
        var parts: [[DescribeSnapshotsInput]] = []
        var current: [DescribeSnapshotsInput] = []
        var values = 0
        for request in requests {
            let weight = request.filters.reduce(0) { $0 + $1.values.count }
            if !current.isEmpty, values + weight > maxFilterValues {
                parts.append(current)
                current = []
                values = 0
            }
            current.append(request)
            values += weight
        }
        if !current.isEmpty { parts.append(current) }
        return parts
    }

    /// Whether a filter value is a pattern (`*`, `?`) rather than an exact value.
    static func isPattern(_ value: String) -> Bool { value.contains("*") || value.contains("?") }

    /// Whether a snapshot is one `request` asked for (by id, or by volume and tag).
    static func snapshot(_ snapshot: Snapshot, matches request: DescribeSnapshotsInput) -> Bool {
        if !request.snapshotIds.isEmpty { return request.snapshotIds.contains(snapshot.snapshotId) }
        guard request.filters.count == 2, request.filters[0].values.contains(snapshot.volumeId) else { return false }
        let key = String(request.filters[1].name.dropFirst("tag:".count))
        return snapshot.tags.value(of: key).map { request.filters[1].values.contains($0) } ?? false
    }
}

/// Answers of the reads the actions repeat, kept for a few seconds and dropped whenever this
/// process changes what they describe.
///
/// Each answer belongs to topics: the ids of the resources it describes (instances, interfaces,
/// volumes) or a whole listing ("load-balancers"). A change names the topics it touches; it
/// drops their answers before it is sent and again after it returns (whatever the outcome), and
/// an answer whose read began before a change to one of its topics finished is not kept. So a
/// read made after this process changed something never sees the world from before the change.
actor ReadCache {
    private struct Entry {
        var topics: Set<String>
        var output: any Sendable
        var time: Date
    }

    private let clock: any ProviderClock
    private let maxAge: TimeInterval
    private var entries: [AnyHashable: Entry] = [:]
    /// The keys of the entries about each topic (may name entries already dropped).
    private var keysByTopic: [String: Set<AnyHashable>] = [:]
    /// A counter of changes, and the last value at which each topic changed.
    private var changes = 0
    private var changed: [String: Int] = [:]

    init(clock: any ProviderClock, maxAge: TimeInterval) {
        self.clock = clock
        self.maxAge = maxAge
    }

    /// Answers `input` from the cache while fresh, else with `read` (keeping the answer under `topics`).
    func answer<Input: Hashable & Sendable, Output: Sendable>(
        _ input: Input, topics: @Sendable (Input, Output) -> [String], _ read: @Sendable (Input) async throws -> Output
    ) async throws -> Output {
        let key = AnyHashable(input)
        if let entry = entries[key] {
            if clock.now.timeIntervalSince(entry.time) < maxAge, let output = entry.output as? Output { return output }
            entries[key] = nil
        }
        let started = changes
        let output = try await read(input)
        let about = Set(topics(input, output))
        if about.allSatisfy({ changed[$0, default: -1] < started }) {
            entries[key] = Entry(topics: about, output: output, time: clock.now)
            for topic in about { keysByTopic[topic, default: []].insert(key) }
        }
        return output
    }

    /// Drops every answer about these topics.
    func invalidate(_ topics: [String]) {
        changes += 1
        for topic in topics {
            changed[topic] = changes
            for key in keysByTopic.removeValue(forKey: topic) ?? [] { entries[key] = nil }
        }
    }

    /// Makes a change to `topics`, dropping their answers before and after it.
    func changing<Result: Sendable>(_ topics: [String], _ change: @Sendable () async throws -> Result) async throws -> Result {
        invalidate(topics)
        defer { invalidate(topics) }
        return try await change()
    }
}
