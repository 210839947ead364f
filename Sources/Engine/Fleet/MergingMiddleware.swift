import Foundation
import Providers

/// A fleet's pipeline layer that makes fewer AWS calls for the same answers.
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
/// Sends one request down the rest of the pipeline.
typealias Send<Request: AWSRequest> = @Sendable (Request) async throws -> Request.Output

struct MergingMiddleware: ProviderMiddleware {
    /// The fleet's call slots: every call below this layer holds one (a merged call one for all its requests).
    private let slots: CallSlots
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
        let slots = CallSlots(limit: maxInFlight)
        self.slots = slots
        cache = ReadCache(clock: clock, maxAge: Self.cacheAge)

        instances = RequestBatcher(maxBatch: 100, linger: linger, slots: slots) { requests, send in
            await Self.merged(requests, call: {
                try await send(DescribeInstancesInput(instanceIds: Self.unique(requests.flatMap(\.instanceIds))))
            }, split: { output, request in
                let wanted = Set(request.instanceIds)
                let reservations = output.reservations.compactMap { reservation -> Reservation? in
                    var kept = reservation
                    kept.instances = reservation.instances.filter { wanted.contains($0.instanceId) }
                    return kept.instances.isEmpty ? nil : kept
                }
                return DescribeInstancesOutput(reservations: reservations, nextToken: nil)
            }, single: send)
        }
        interfaces = RequestBatcher(maxBatch: 100, linger: linger, slots: slots) { requests, send in
            await Self.merged(requests, call: {
                let filter = [Filter(name: "attachment.instance-id", values: Self.unique(requests.flatMap { $0.filters[0].values }))]
                return try await collectPages { token in
                    let page = try await send(DescribeNetworkInterfacesInput(filters: filter, nextToken: token))
                    return (page.networkInterfaces, page.nextToken)
                }
            }, split: { all, request in
                let wanted = Set(request.filters[0].values)
                return DescribeNetworkInterfacesOutput(networkInterfaces: all.filter { $0.attachment.map { wanted.contains($0.instanceId) } ?? false }, nextToken: nil)
            }, single: send)
        }
        volumes = RequestBatcher(maxBatch: 100, linger: linger, slots: slots) { requests, send in
            await Self.merged(requests, call: {
                let filter = [Filter(name: "attachment.instance-id", values: Self.unique(requests.flatMap { $0.filters[0].values }))]
                return try await collectPages { token in
                    let page = try await send(DescribeVolumesInput(filters: filter, nextToken: token))
                    return (page.volumes, page.nextToken)
                }
            }, split: { all, request in
                let wanted = Set(request.filters[0].values)
                return DescribeVolumesOutput(volumes: all.filter { $0.attachments.contains { wanted.contains($0.instanceId) } }, nextToken: nil)
            }, single: send)
        }
        snapshots = RequestBatcher(maxBatch: 100, linger: linger, slots: slots) { requests, send in
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
                        let output = try await send(page)
                        return (output.snapshots, output.nextToken)
                    }
                }
                return found
            }, split: { all, request in
                DescribeSnapshotsOutput(snapshots: all.filter { Self.snapshot($0, matches: request) }, nextToken: nil)
            }, single: send)
        }
        tags = RequestBatcher(maxBatch: 100, linger: linger, slots: slots) { requests, send in
            await Self.merged(requests, call: {
                let filter = [Filter(name: "resource-id", values: Self.unique(requests.flatMap { $0.filters[0].values }))]
                return try await collectPages { token in
                    let page = try await send(DescribeTagsInput(filters: filter, nextToken: token))
                    return (page.tags, page.nextToken)
                }
            }, split: { all, request in
                let wanted = Set(request.filters[0].values)
                return DescribeTagsOutput(tags: all.filter { wanted.contains($0.resourceId) }, nextToken: nil)
            }, single: send)
        }
        autoScalingInstances = RequestBatcher(maxBatch: 50, linger: linger, slots: slots) { requests, send in
            await Self.merged(requests, call: {
                let ids = Self.unique(requests.flatMap(\.instanceIds))
                return try await collectPages { token in
                    let page = try await send(DescribeAutoScalingInstancesInput(instanceIds: ids, nextToken: token))
                    return (page.autoScalingInstances, page.nextToken)
                }
            }, split: { all, request in
                let wanted = Set(request.instanceIds)
                return DescribeAutoScalingInstancesOutput(autoScalingInstances: all.filter { wanted.contains($0.instanceId) }, nextToken: nil)
            }, single: send)
        }
        securityGroups = Self.shared(linger, slots)
        attributes = Self.shared(linger, slots)
        loadBalancers = Self.shared(linger, slots)
        targetGroups = Self.shared(linger, slots)
        targetHealth = Self.shared(linger, slots)

        createTagsBatcher = RequestBatcher(maxBatch: 100, linger: linger, slots: slots) { requests, send in
            await Self.merged(requests, call: {
                try await send(CreateTagsInput(resources: Self.unique(requests.flatMap(\.resources)), tags: requests[0].tags))
            }, split: { _, _ in }, single: send)
        }
        deleteTagsBatcher = RequestBatcher(maxBatch: 100, linger: linger, slots: slots) { requests, send in
            await Self.merged(requests, call: {
                try await send(DeleteTagsInput(resources: Self.unique(requests.flatMap(\.resources)), tags: requests[0].tags))
            }, split: { _, _ in }, single: send)
        }
        detach = RequestBatcher(maxBatch: 20, linger: linger, slots: slots) { requests, send in
            await Self.merged(requests, call: {
                let first = requests[0]
                return try await send(DetachInstancesInput(
                    instanceIds: Self.unique(requests.flatMap(\.instanceIds)), autoScalingGroupName: first.autoScalingGroupName,
                    shouldDecrementDesiredCapacity: first.shouldDecrementDesiredCapacity
                ))
            }, split: { output, request in
                DetachInstancesOutput(activities: output.activities.filter { activity in request.instanceIds.contains { activity.description.contains($0) } })
            }, single: send)
        }
        attach = RequestBatcher(maxBatch: 20, linger: linger, slots: slots) { requests, send in
            await Self.merged(requests, call: {
                try await send(AttachInstancesInput(instanceIds: Self.unique(requests.flatMap(\.instanceIds)), autoScalingGroupName: requests[0].autoScalingGroupName))
            }, split: { _, _ in }, single: send)
        }
        deregisterInstances = RequestBatcher(maxBatch: 100, linger: linger, slots: slots) { requests, send in
            await Self.merged(requests, call: {
                try await send(DeregisterInstancesFromLoadBalancerInput(
                    loadBalancerName: requests[0].loadBalancerName, instanceIds: Self.unique(requests.flatMap(\.instanceIds))))
            }, split: { output, _ in output }, single: send)
        }
        registerInstances = RequestBatcher(maxBatch: 100, linger: linger, slots: slots) { requests, send in
            await Self.merged(requests, call: {
                try await send(RegisterInstancesWithLoadBalancerInput(
                    loadBalancerName: requests[0].loadBalancerName, instanceIds: Self.unique(requests.flatMap(\.instanceIds))))
            }, split: { output, _ in output }, single: send)
        }
        deregisterTargetsBatcher = RequestBatcher(maxBatch: 100, linger: linger, slots: slots) { requests, send in
            await Self.merged(requests, call: {
                try await send(DeregisterTargetsInput(targetGroupArn: requests[0].targetGroupArn, targets: Self.unique(requests.flatMap(\.targets))))
            }, split: { _, _ in }, single: send)
        }
        registerTargetsBatcher = RequestBatcher(maxBatch: 100, linger: linger, slots: slots) { requests, send in
            await Self.merged(requests, call: {
                try await send(RegisterTargetsInput(targetGroupArn: requests[0].targetGroupArn, targets: Self.unique(requests.flatMap(\.targets))))
            }, split: { _, _ in }, single: send)
        }
    }

    func handle<Request: AWSRequest>(
        _ request: Request, context: CallContext, next: @escaping @Sendable (Request, CallContext) async throws -> Request.Output
    ) async throws -> Request.Output {
        let send: Send<Request> = { try await next($0, context) }
        // Each case has proved `Request` is the type it names, so the casts cannot fail.
        return switch request {
        case let input as DescribeInstancesInput: try await describeInstances(input, send: Self.typed(send)) as! Request.Output
        case let input as DescribeNetworkInterfacesInput: try await describeNetworkInterfaces(input, send: Self.typed(send)) as! Request.Output
        case let input as DescribeVolumesInput: try await describeVolumes(input, send: Self.typed(send)) as! Request.Output
        case let input as DescribeSnapshotsInput: try await describeSnapshots(input, send: Self.typed(send)) as! Request.Output
        case let input as DescribeTagsInput: try await describeTags(input, send: Self.typed(send)) as! Request.Output
        case let input as DescribeSecurityGroupsInput: try await describeSecurityGroups(input, send: Self.typed(send)) as! Request.Output
        case let input as DescribeInstanceAttributeInput: try await describeInstanceAttribute(input, send: Self.typed(send)) as! Request.Output
        case let input as ModifyInstanceAttributeInput: try await modifyInstanceAttribute(input, send: Self.typed(send)) as! Request.Output
        case let input as ModifyNetworkInterfaceAttributeInput: try await modifyNetworkInterfaceAttribute(input, send: Self.typed(send)) as! Request.Output
        case let input as CreateTagsInput: try await createTags(input, send: Self.typed(send)) as! Request.Output
        case let input as DeleteTagsInput: try await deleteTags(input, send: Self.typed(send)) as! Request.Output
        case let input as CreateSecurityGroupInput: try await createSecurityGroup(input, send: Self.typed(send)) as! Request.Output
        case let input as AuthorizeSecurityGroupIngressInput: try await authorizeSecurityGroupIngress(input, send: Self.typed(send)) as! Request.Output
        case let input as AuthorizeSecurityGroupEgressInput: try await authorizeSecurityGroupEgress(input, send: Self.typed(send)) as! Request.Output
        case let input as RevokeSecurityGroupEgressInput: try await revokeSecurityGroupEgress(input, send: Self.typed(send)) as! Request.Output
        case let input as StopInstancesInput: try await stopInstances(input, send: Self.typed(send)) as! Request.Output
        case let input as DescribeAutoScalingInstancesInput: try await describeAutoScalingInstances(input, send: Self.typed(send)) as! Request.Output
        case let input as DetachInstancesInput: try await detachInstances(input, send: Self.typed(send)) as! Request.Output
        case let input as AttachInstancesInput: try await attachInstances(input, send: Self.typed(send)) as! Request.Output
        case let input as DescribeLoadBalancersInput: try await describeLoadBalancers(input, send: Self.typed(send)) as! Request.Output
        case let input as DeregisterInstancesFromLoadBalancerInput: try await deregisterInstancesFromLoadBalancer(input, send: Self.typed(send)) as! Request.Output
        case let input as RegisterInstancesWithLoadBalancerInput: try await registerInstancesWithLoadBalancer(input, send: Self.typed(send)) as! Request.Output
        case let input as DescribeTargetGroupsInput: try await describeTargetGroups(input, send: Self.typed(send)) as! Request.Output
        case let input as DescribeTargetHealthInput: try await describeTargetHealth(input, send: Self.typed(send)) as! Request.Output
        case let input as DeregisterTargetsInput: try await deregisterTargets(input, send: Self.typed(send)) as! Request.Output
        case let input as RegisterTargetsInput: try await registerTargets(input, send: Self.typed(send)) as! Request.Output
        default: try await direct(request, send)
        }
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

    /// `send` for the type a `switch` case has proved `From` to be.
    private static func typed<From: AWSRequest, To: AWSRequest>(_ send: @escaping Send<From>) -> Send<To> {
        { try await send($0 as! From) as! To.Output }
    }

    // MARK: EC2

    func describeInstances(_ input: DescribeInstancesInput, send: @escaping Send<DescribeInstancesInput>) async throws -> DescribeInstancesOutput {
        guard !input.instanceIds.isEmpty, input.filters.isEmpty, input.maxResults == nil, input.nextToken == nil else { return try await direct(input, send) }
        // It shows the instance's tags and state and each interface's groups (not the interfaces' tags).
        return try await cache.answer(input, topics: { input, output in
            input.instanceIds + output.instances.flatMap { $0.networkInterfaces.map { Self.groupsTopic($0.networkInterfaceId) } }
        }) { try await instances.submit($0, key: "ids", send: send) }
    }

    func describeNetworkInterfaces(_ input: DescribeNetworkInterfacesInput, send: @escaping Send<DescribeNetworkInterfacesInput>) async throws -> DescribeNetworkInterfacesOutput {
        guard Self.byAttachedInstance(input.filters), input.networkInterfaceIds.isEmpty, input.maxResults == nil, input.nextToken == nil else {
            return try await direct(input, send)
        }
        return try await cache.answer(input, topics: { input, output in
            input.filters[0].values + output.networkInterfaces.flatMap { [$0.networkInterfaceId, Self.groupsTopic($0.networkInterfaceId)] }
        }) {
            try await interfaces.submit($0, key: "attachment.instance-id", send: send)
        }
    }

    func describeVolumes(_ input: DescribeVolumesInput, send: @escaping Send<DescribeVolumesInput>) async throws -> DescribeVolumesOutput {
        guard Self.byAttachedInstance(input.filters), input.volumeIds.isEmpty, input.maxResults == nil, input.nextToken == nil else {
            return try await direct(input, send)
        }
        return try await cache.answer(input, topics: { input, output in input.filters[0].values + output.volumes.map(\.volumeId) }) {
            try await volumes.submit($0, key: "attachment.instance-id", send: send)
        }
    }

    /// Never cached: the snapshot action polls it for completion.
    func describeSnapshots(_ input: DescribeSnapshotsInput, send: @escaping Send<DescribeSnapshotsInput>) async throws -> DescribeSnapshotsOutput {
        guard input.maxResults == nil, input.nextToken == nil else { return try await direct(input, send) }
        if !input.snapshotIds.isEmpty, input.filters.isEmpty {
            return try await snapshots.submit(input, key: ["ids"] + input.ownerIds, send: send)
        }
        // By volume and one tag (what ec2.snapshot looks its own snapshots up by).
        let names = input.filters.map(\.name)
        guard input.snapshotIds.isEmpty, names.count == 2, names[0] == "volume-id", names[1].hasPrefix("tag:") else {
            return try await direct(input, send)
        }
        return try await snapshots.submit(input, key: names + ["owners"] + input.ownerIds, send: send)
    }

    /// Not cached: the tags are what `ec2.tag` decides on, so it reads them live.
    func describeTags(_ input: DescribeTagsInput, send: @escaping Send<DescribeTagsInput>) async throws -> DescribeTagsOutput {
        guard input.filters.count == 1, input.filters[0].name == "resource-id", !input.filters[0].values.isEmpty,
              !input.filters[0].values.contains(where: Self.isPattern), input.maxResults == nil, input.nextToken == nil else {
            return try await direct(input, send)
        }
        return try await tags.submit(input, key: "resource-id", send: send)
    }

    func describeSecurityGroups(_ input: DescribeSecurityGroupsInput, send: @escaping Send<DescribeSecurityGroupsInput>) async throws -> DescribeSecurityGroupsOutput {
        try await cache.answer(input, topics: { _, _ in [Self.securityGroupsTopic] }) { try await securityGroups.submit($0, key: $0, send: send) }
    }

    func describeInstanceAttribute(_ input: DescribeInstanceAttributeInput, send: @escaping Send<DescribeInstanceAttributeInput>) async throws -> DescribeInstanceAttributeOutput {
        try await cache.answer(input, topics: { input, _ in [Self.attributesTopic(input.instanceId)] }) { try await attributes.submit($0, key: $0, send: send) }
    }

    func modifyInstanceAttribute(_ input: ModifyInstanceAttributeInput, send: @escaping Send<ModifyInstanceAttributeInput>) async throws {
        // Protection and shutdown behaviour are not in DescribeInstances; the groups are.
        let groups: [String] = if case .groups = input.change { [input.instanceId] } else { [] }
        try await cache.changing([Self.attributesTopic(input.instanceId)] + groups) { try await direct(input, send) }
    }

    func modifyNetworkInterfaceAttribute(_ input: ModifyNetworkInterfaceAttributeInput, send: @escaping Send<ModifyNetworkInterfaceAttributeInput>) async throws {
        try await cache.changing([input.networkInterfaceId, Self.groupsTopic(input.networkInterfaceId)]) { try await direct(input, send) }
    }

    func createTags(_ input: CreateTagsInput, send: @escaping Send<CreateTagsInput>) async throws {
        try await cache.changing(Self.topics(tagging: input.resources)) { try await createTagsBatcher.submit(input, key: input.tags, send: send) }
    }

    func deleteTags(_ input: DeleteTagsInput, send: @escaping Send<DeleteTagsInput>) async throws {
        try await cache.changing(Self.topics(tagging: input.resources)) { try await deleteTagsBatcher.submit(input, key: input.tags, send: send) }
    }

    func createSecurityGroup(_ input: CreateSecurityGroupInput, send: @escaping Send<CreateSecurityGroupInput>) async throws -> CreateSecurityGroupOutput {
        try await cache.changing([Self.securityGroupsTopic]) { try await direct(input, send) }
    }

    func authorizeSecurityGroupIngress(_ input: AuthorizeSecurityGroupIngressInput, send: @escaping Send<AuthorizeSecurityGroupIngressInput>) async throws {
        try await cache.changing([Self.securityGroupsTopic]) { try await direct(input, send) }
    }

    func authorizeSecurityGroupEgress(_ input: AuthorizeSecurityGroupEgressInput, send: @escaping Send<AuthorizeSecurityGroupEgressInput>) async throws {
        try await cache.changing([Self.securityGroupsTopic]) { try await direct(input, send) }
    }

    func revokeSecurityGroupEgress(_ input: RevokeSecurityGroupEgressInput, send: @escaping Send<RevokeSecurityGroupEgressInput>) async throws -> RevokeSecurityGroupEgressOutput {
        try await cache.changing([Self.securityGroupsTopic]) { try await direct(input, send) }
    }


    func stopInstances(_ input: StopInstancesInput, send: @escaping Send<StopInstancesInput>) async throws -> StopInstancesOutput {
        try await cache.changing(input.instanceIds + input.instanceIds.map(Self.attributesTopic)) { try await direct(input, send) }
    }

    // MARK: Auto Scaling

    /// Never cached (nor the load balancer and target group reads): isolation's in-service check
    /// always sees the live membership.
    func describeAutoScalingInstances(_ input: DescribeAutoScalingInstancesInput, send: @escaping Send<DescribeAutoScalingInstancesInput>) async throws -> DescribeAutoScalingInstancesOutput {
        guard !input.instanceIds.isEmpty, input.maxRecords == nil, input.nextToken == nil else { return try await direct(input, send) }
        return try await autoScalingInstances.submit(input, key: "ids", send: send)
    }


    func detachInstances(_ input: DetachInstancesInput, send: @escaping Send<DetachInstancesInput>) async throws -> DetachInstancesOutput {
        guard input.instanceIds.count == 1 else { return try await direct(input, send) }
        return try await detach.submit(input, key: [input.autoScalingGroupName, "\(input.shouldDecrementDesiredCapacity)"], send: send)
    }

    func attachInstances(_ input: AttachInstancesInput, send: @escaping Send<AttachInstancesInput>) async throws {
        guard input.instanceIds.count == 1 else { return try await direct(input, send) }
        try await attach.submit(input, key: input.autoScalingGroupName, send: send)
    }

    // MARK: Load balancing

    func describeLoadBalancers(_ input: DescribeLoadBalancersInput, send: @escaping Send<DescribeLoadBalancersInput>) async throws -> DescribeLoadBalancersOutput {
        try await loadBalancers.submit(input, key: input, send: send)
    }

    func deregisterInstancesFromLoadBalancer(_ input: DeregisterInstancesFromLoadBalancerInput, send: @escaping Send<DeregisterInstancesFromLoadBalancerInput>) async throws -> LoadBalancerInstancesOutput {
        try await deregisterInstances.submit(input, key: input.loadBalancerName, send: send)
    }

    func registerInstancesWithLoadBalancer(_ input: RegisterInstancesWithLoadBalancerInput, send: @escaping Send<RegisterInstancesWithLoadBalancerInput>) async throws -> LoadBalancerInstancesOutput {
        try await registerInstances.submit(input, key: input.loadBalancerName, send: send)
    }

    /// The list of target groups is cached: nothing irun does changes it.
    func describeTargetGroups(_ input: DescribeTargetGroupsInput, send: @escaping Send<DescribeTargetGroupsInput>) async throws -> DescribeTargetGroupsOutput {
        try await cache.answer(input, topics: { _, _ in [Self.targetGroupsTopic] }) { try await targetGroups.submit($0, key: $0, send: send) }
    }

    func describeTargetHealth(_ input: DescribeTargetHealthInput, send: @escaping Send<DescribeTargetHealthInput>) async throws -> DescribeTargetHealthOutput {
        try await targetHealth.submit(input, key: input, send: send)
    }

    func deregisterTargets(_ input: DeregisterTargetsInput, send: @escaping Send<DeregisterTargetsInput>) async throws {
        try await deregisterTargetsBatcher.submit(input, key: input.targetGroupArn, send: send)
    }

    func registerTargets(_ input: RegisterTargetsInput, send: @escaping Send<RegisterTargetsInput>) async throws {
        try await registerTargetsBatcher.submit(input, key: input.targetGroupArn, send: send)
    }
}

extension MergingMiddleware {
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
    static func shared<Request: Hashable & Sendable, Response: Sendable>(_ linger: Duration, _ slots: CallSlots) -> RequestBatcher<Request, Response> {
        RequestBatcher(maxBatch: 1000, linger: linger, slots: slots) { requests, send in
            let outcome = await result { try await send(requests[0]) }
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
