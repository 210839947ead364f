/// Records by id that remember insertion order, so every listing is deterministic.
public struct OrderedRecords<Record: Sendable & Codable & Hashable>: Sendable, Codable, Hashable {
    private(set) var order: [String] = []
    private var byID: [String: Record] = [:]

    public init() {}

    /// The record with `id`.
    public subscript(id: String) -> Record? {
        get { byID[id] }
        set {
            switch (byID[id], newValue) {
            case (nil, let record?): order.append(id); byID[id] = record
            case (_?, let record?): byID[id] = record
            case (_?, nil): byID[id] = nil; order.removeAll { $0 == id }
            case (nil, nil): break
            }
        }
    }

    /// Every record, in insertion order.
    public var values: [Record] { order.compactMap { byID[$0] } }
    /// Every id, in insertion order.
    public var ids: [String] { order }
    public var count: Int { order.count }

    /// Whether there is a record with `id`.
    public func contains(_ id: String) -> Bool { byID[id] != nil }
}
