import Foundation
public import RunbookModel
import Providers

/// `ec2.tag`: tags the instance as quarantined: `<prefix>=true`, `<prefix>-case`,
/// `<prefix>-run` (this run's id) and `<prefix>-time` (ISO 8601, UTC, on the run's clock).
///
/// When `<prefix>-run` already names this run (a retry or resume), nothing is written.
///
/// It reads the instance's tags with `DescribeTags`, which answers exactly that, rather than
/// `DescribeInstances`, which describes the whole instance (and whose answer a fleet cannot
/// reuse here: isolation has just changed the interfaces it shows). An unknown instance is
/// then reported by `CreateTags` (`InvalidInstanceID.NotFound`); the dry run, which writes
/// nothing, still describes the instance to report it.
public struct EC2TagAction: ActionImplementation {
    public init() {}
    public var signature: ActionSignature { EC2Signatures.tag }

    /// Tags the instance.
    ///
    /// - Parameter context: Inputs `instance`, `case` (default: the run id), `prefix`.
    /// - Returns: `tags`: the four tags as they now are.
    /// - Throws: ``ActionError`` `InvalidInput`; `AWSError`.
    public func run(_ context: ActionContext) async throws -> [String: Value] {
        let request = try Request(context)
        let existing = try await request.currentTags()
        if let tags = request.written(existing) { return ["tags": tags] }
        let tags = request.tags(at: context.clock.now)
        try await request.providers.ec2.createTags(CreateTagsInput(resources: [request.instanceId], tags: tags))
        return ["tags": Self.value(tags)]
    }

    /// Describes the tags it would write.
    public func plan(_ context: ActionContext) async throws -> [String: Value] {
        let request = try Request(context)
        let existing = try await request.inspection.instance().tags
        if let tags = request.written(existing) {
            return ["wouldDo": .string("\(request.instanceId) is already tagged by this run: nothing to change"), "tags": tags]
        }
        let tags = request.tags(at: context.clock.now)
        let changes = tags.map { tag in
            existing.value(of: tag.key).map { "\(tag.key)=\($0) → \(tag.value)" } ?? "\(tag.key)=\(tag.value)"
        }
        return ["wouldDo": .string("tag \(request.instanceId) with " + changes.joined(separator: ", ")), "tags": Self.value(tags)]
    }

    /// Deletes the tags it wrote (each only while it still has the value written).
    ///
    /// - Parameter outputs: `tags` of the run being undone.
    public func undo(_ context: ActionContext, outputs: [String: Value]) async throws -> [String: Value] {
        let request = try Request(context)
        guard case .object(let written)? = outputs["tags"], !written.isEmpty else { return ["deleted": .list([])] }
        let existing = try await request.currentTags()
        let deleting = written.keys.sorted().compactMap { key -> TagToDelete? in
            guard let value = written[key]?.stringValue, existing.value(of: key) == value else { return nil }
            return TagToDelete(key: key, value: value)
        }
        if !deleting.isEmpty {
            try await request.providers.ec2.deleteTags(DeleteTagsInput(resources: [request.instanceId], tags: deleting))
        }
        return ["deleted": .strings(deleting.map(\.key))]
    }

    /// Completed when `<prefix>-run` names this run.
    public func reconcile(_ context: ActionContext) async throws -> Reconciliation {
        let request = try Request(context)
        guard let tags = request.written(try await request.currentTags()) else { return .notDone }
        return .completed(["tags": tags])
    }

    static func value(_ tags: [Tag]) -> Value {
        .object(Dictionary(tags.map { ($0.key, Value.string($0.value)) }, uniquingKeysWith: { _, last in last }))
    }

    /// `2026-01-01T00:00:00Z`.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    private struct Request {
        let instanceId: String
        let runID: String
        let caseID: String
        let prefix: String
        let providers: AWSProviders
        let clock: any ProviderClock
        var inspection: EC2Inspection { EC2Inspection(providers: providers, instanceId: instanceId, clock: clock) }

        init(_ context: ActionContext) throws {
            instanceId = try context.instanceID()
            runID = context.runID
            caseID = try context.optionalString("case") ?? context.runID
            prefix = try context.optionalString("prefix") ?? "quarantine"
            guard !prefix.lowercased().hasPrefix("aws:"), prefix.count <= 100 else {
                throw ActionError(code: "InvalidInput", message: "input 'prefix' of step '\(context.step)' must be at most 100 characters and not start with 'aws:'")
            }
            providers = try context.requireProviders()
            clock = context.clock
        }

        var keys: [String] { [prefix, "\(prefix)-case", "\(prefix)-run", "\(prefix)-time"] }

        /// The instance's tags, as they are now.
        func currentTags() async throws -> [Tag] {
            let filters = [Filter(name: "resource-id", values: [instanceId])]
            let found = try await collectPages { token in
                let page = try await providers.ec2.describeTags(DescribeTagsInput(filters: filters, nextToken: token))
                return (page.tags, page.nextToken)
            }
            return found.filter { $0.resourceId == instanceId }.map(\.tag)
        }

        func tags(at time: Date) -> [Tag] {
            [Tag(key: prefix, value: "true"), Tag(key: "\(prefix)-case", value: caseID), Tag(key: "\(prefix)-run", value: runID),
             Tag(key: "\(prefix)-time", value: EC2TagAction.timestamp(time))]
        }

        /// The quarantine tags present when this run already wrote them, else `nil`.
        func written(_ existing: [Tag]) -> Value? {
            guard existing.value(of: "\(prefix)-run") == runID else { return nil }
            return EC2TagAction.value(keys.compactMap { key in existing.value(of: key).map { Tag(key: key, value: $0) } })
        }
    }
}
