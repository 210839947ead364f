/// Checks of AWS resource identifiers, applied before an identifier reaches a request.
public enum ResourceIdentifier {
    /// Whether `text` has the shape of an EC2 instance id: `i-` and 1–17 lowercase hex digits.
    ///
    /// AWS issues 8 or 17 digits; shorter ids are accepted for the simulated world (`i-123`).
    ///
    /// - Parameter text: The candidate id.
    /// - Returns: `true` when it is well formed.
    public static func isInstanceID(_ text: String) -> Bool { hasShape(text, prefix: "i-") }

    /// Whether `text` has the shape of a security group id: `sg-` and hex digits.
    ///
    /// - Parameter text: The candidate id.
    /// - Returns: `true` when it is well formed.
    public static func isSecurityGroupID(_ text: String) -> Bool { hasShape(text, prefix: "sg-") }

    static func hasShape(_ text: String, prefix: String) -> Bool {
        guard text.hasPrefix(prefix) else { return false }
        let digits = text.utf8.dropFirst(prefix.utf8.count)
        return (1...17).contains(digits.count) && digits.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
