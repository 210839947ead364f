/// How much a line an action logs matters: recorded with it as an `action-logged` event.
public enum LogLevel: String, Hashable, Sendable, CaseIterable, Codable {
    case info
    case warning
    case error
}
