import Foundation
import GRDB
import RunbookModel

/// Reading stored columns back into values, turning anything unreadable into a
/// ``AuditStoreError`` `corrupt` that names the table and column rather than crashing.
enum RowReading {
    /// A required text column.
    static func text(_ row: Row, _ column: String) throws -> String {
        guard let text = try row.decode(String?.self, forColumn: column) else {
            throw AuditStoreError(.corrupt, "column \(column) is unexpectedly NULL")
        }
        return text
    }

    /// A stored time, `nil` when the column is NULL.
    static func optionalTime(_ row: Row, _ column: String) throws -> Date? {
        guard let text = try row.decode(String?.self, forColumn: column) else { return nil }
        guard let date = AuditTime.date(text) else {
            throw AuditStoreError(.corrupt, "column \(column) holds '\(text.prefix(40))', not a time like 2026-01-01T00:00:00.000Z")
        }
        return date
    }

    /// A required stored time.
    static func time(_ row: Row, _ column: String) throws -> Date {
        guard let date = try optionalTime(row, column) else { throw AuditStoreError(.corrupt, "column \(column) is unexpectedly NULL") }
        return date
    }

    /// A JSON column, `nil` when NULL.
    static func optionalJSON(_ row: Row, _ column: String) throws -> Value? {
        guard let text = try row.decode(String?.self, forColumn: column) else { return nil }
        do {
            return try Value(json: text)
        } catch {
            throw AuditStoreError(.corrupt, "column \(column) does not hold JSON", underlying: error)
        }
    }

    /// A text column holding the raw value of `T`.
    static func enumeration<T: RawRepresentable<String>>(_ row: Row, _ column: String, as type: T.Type = T.self) throws -> T {
        let text = try self.text(row, column)
        guard let value = T(rawValue: text) else {
            throw AuditStoreError(.corrupt, "column \(column) holds '\(text.prefix(40))', which this irun does not know")
        }
        return value
    }
}
