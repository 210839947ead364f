public import RunbookModel

/// Pretty JSON for reports: two-space indent, keys sorted, so the same value always prints
/// the same bytes.
public enum JSONWriter {
    /// `value` as pretty JSON.
    ///
    /// - Parameter value: The value.
    /// - Returns: The text, ending with a newline.
    public static func pretty(_ value: Value) -> String {
        var out = ""
        write(value, indent: "", into: &out)
        return out + "\n"
    }

    private static func write(_ value: Value, indent: String, into out: inout String) {
        let inner = indent + "  "
        switch value {
        case .list(let items) where !items.isEmpty:
            out += "[\n"
            for (index, item) in items.enumerated() {
                out += inner
                write(item, indent: inner, into: &out)
                out += index == items.count - 1 ? "\n" : ",\n"
            }
            out += indent + "]"
        case .object(let members) where !members.isEmpty:
            out += "{\n"
            let keys = members.keys.sorted()
            for (index, key) in keys.enumerated() {
                out += inner + Value.string(key).json + ": "
                write(members[key]!, indent: inner, into: &out)
                out += index == keys.count - 1 ? "\n" : ",\n"
            }
            out += indent + "}"
        default:
            out += value.json
        }
    }
}
