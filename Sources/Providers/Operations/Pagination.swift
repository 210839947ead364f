/// Collects every page of a paginated AWS listing (`NextToken` / `Marker`).
///
/// A token seen before would loop forever; the listing stops there instead.
///
/// - Parameter fetch: Fetches the page after a token (`nil` for the first) and returns its
///   items and the next token, `nil` on the last page.
/// - Returns: The items of every page, in order.
public func collectPages<Item>(_ fetch: (String?) async throws -> ([Item], String?)) async throws -> [Item] {
    var items: [Item] = []
    var token: String?
    var seen: Set<String> = []
    repeat {
        let (page, next) = try await fetch(token)
        items += page
        token = next
        if let next, !seen.insert(next).inserted { break }
    } while token != nil
    return items
}
