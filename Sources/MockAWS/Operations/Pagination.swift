import Foundation
import Providers

/// Pages through a listing the way AWS does: an opaque token that resumes after the last item.
struct Pagination {
    /// The error code this service uses for a token it did not issue.
    let invalidTokenCode: AWSError.Code

    /// The page of `items` that `token` points at, and the token for the next page.
    ///
    /// - Parameters:
    ///   - items: The full, ordered listing.
    ///   - limit: The page size; everything when `nil`.
    ///   - token: The token of a previous page, or `nil` for the first.
    /// - Returns: The page and the next token (`nil` on the last page).
    /// - Throws: ``AWSError`` with `invalidTokenCode` for a token this listing did not issue.
    func page<Item>(_ items: [Item], limit: Int?, token: String?) throws(AWSError) -> (page: [Item], next: String?) {
        var offset = 0
        if let token {
            guard let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8),
                  text.hasPrefix("page:"), let value = Int(text.dropFirst(5)), (0...items.count).contains(value) else {
                throw AWSError(invalidTokenCode, "The token '\(token.prefix(40))' is not valid.")
            }
            offset = value
        }
        let end = limit.map { min(items.count, offset + $0) } ?? items.count
        let next = end < items.count ? Data("page:\(end)".utf8).base64EncodedString() : nil
        return (Array(items[offset..<end]), next)
    }

    static let ec2 = Pagination(invalidTokenCode: .invalidPaginationToken)
    static let autoScaling = Pagination(invalidTokenCode: "InvalidNextToken")
    static let loadBalancing = Pagination(invalidTokenCode: .validationError)
}

/// Matches EC2 filter values, which may use `*` (any run of characters) and `?` (one character).
enum FilterMatch {
    /// Whether `value` matches any of `patterns`.
    static func any(_ patterns: [String], _ value: String?) -> Bool {
        guard let value else { return false }
        return patterns.contains { matches($0, value) }
    }

    static func matches(_ pattern: String, _ value: String) -> Bool {
        guard pattern.utf8.contains(where: { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") }) else { return pattern == value }
        let p = Array(pattern), v = Array(value)
        var pi = 0, vi = 0, star = -1, mark = 0
        while vi < v.count {
            if pi < p.count, p[pi] == "?" || p[pi] == v[vi] { pi += 1; vi += 1 }
            else if pi < p.count, p[pi] == "*" { star = pi; mark = vi; pi += 1 }
            else if star >= 0 { pi = star + 1; mark += 1; vi = mark }
            else { return false }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }

    /// Whether `tags` satisfy a `tag:KEY` or `tag-key` / `tag-value` filter.
    static func tags(_ filter: Filter, _ tags: [Tag]) -> Bool? {
        if filter.name.hasPrefix("tag:") {
            let key = String(filter.name.dropFirst(4))
            return any(filter.values, tags.value(of: key))
        }
        if filter.name == "tag-key" { return tags.contains { any(filter.values, $0.key) } }
        if filter.name == "tag-value" { return tags.contains { any(filter.values, $0.value) } }
        return nil
    }
}

/// Checks of id shapes, answering as EC2 does for a malformed id.
enum IDShape {
    /// Whether `id` is `prefix-` followed by 1–17 lowercase hex digits.
    static func isValid(_ id: String, prefix: String) -> Bool {
        guard id.hasPrefix(prefix + "-") else { return false }
        let digits = id.utf8.dropFirst(prefix.utf8.count + 1)
        return (1...17).contains(digits.count) && digits.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// Throws `code` unless `id` has the shape.
    static func require(_ id: String, prefix: String, code: AWSError.Code) throws(AWSError) {
        guard isValid(id, prefix: prefix) else { throw AWSError(code, "Invalid id: \"\(id)\" (expecting \"\(prefix)-...\")") }
    }

    /// "The X ID 'a' does not exist" / "The X IDs 'a, b' do not exist".
    static func notFound(_ code: AWSError.Code, noun: String, _ ids: [String]) -> AWSError {
        ids.count == 1
            ? AWSError(code, "The \(noun) ID '\(ids[0])' does not exist")
            : AWSError(code, "The \(noun) IDs '\(ids.joined(separator: ", "))' do not exist")
    }
}

extension World {
    /// Rejects filter names this operation does not know, as EC2 does.
    func requireKnown(_ filters: [Filter], _ known: Set<String>) throws(AWSError) {
        for filter in filters where !known.contains(filter.name) && !filter.name.hasPrefix("tag:") && filter.name != "tag-key" && filter.name != "tag-value" {
            throw AWSError(.invalidParameterValue, "The filter '\(filter.name)' is invalid")
        }
    }
}
