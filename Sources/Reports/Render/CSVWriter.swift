/// CSV as RFC 4180 says: CRLF line ends, and a field in double quotes (its quotes doubled)
/// when it holds a comma, a quote, CR or LF.
public enum CSVWriter {
    /// One record.
    ///
    /// - Parameter fields: The fields.
    /// - Returns: The line, ending with CRLF.
    public static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// A whole table: the header record, then one record per row.
    ///
    /// - Parameters:
    ///   - header: The column names.
    ///   - rows: The rows.
    /// - Returns: The CSV text.
    public static func table(_ header: [String], _ rows: [[String]]) -> String {
        ([header] + rows).map(record).joined()
    }

    /// One field, quoted when needed.
    ///
    /// - Parameter text: The field.
    /// - Returns: The field as it goes in the record.
    public static func field(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0D || $0 == 0x0A }) else { return text }
        return "\"" + text.replacingAll("\"", with: "\"\"") + "\""
    }

    /// Appends one field (UTF-8), quoted when needed, to `buffer`: the allocation-free path of exports.
    static func appendField<Text: Collection<UInt8>>(_ text: Text, to buffer: inout [UInt8]) {
        guard text.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0D || $0 == 0x0A }) else {
            buffer.append(contentsOf: text)
            return
        }
        buffer.append(UInt8(ascii: "\""))
        for byte in text {
            if byte == UInt8(ascii: "\"") { buffer.append(byte) }
            buffer.append(byte)
        }
        buffer.append(UInt8(ascii: "\""))
    }
}
