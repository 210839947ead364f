/// The spelling rules for names in runbooks, checked without regular expressions.
package enum NameRules {
    /// A runbook name: lowercase letters, digits, `-`, `.` and `_`, starting with a letter or digit.
    package static func isRunbookName(_ text: String) -> Bool {
        guard let first = text.utf8.first, isLower(first) || isDigit(first) else { return false }
        return text.utf8.allSatisfy { isLower($0) || isDigit($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") }
    }

    /// A step or parameter name: a letter or `_`, then letters, digits, `-` and `_`, not ending in `-`.
    package static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.utf8.first, isLetter(first) || first == UInt8(ascii: "_"), text.utf8.last != UInt8(ascii: "-") else { return false }
        return text.utf8.allSatisfy { isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
    }

    /// A YAML 1.2 core-schema integer: optional sign, then digits.
    package static func isInteger(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        return !bytes.isEmpty && bytes.allSatisfy(isDigit)
    }

    /// A YAML 1.2 core-schema float such as `1.5`, `-.5`, `2e3` (no `.inf`/`.nan`).
    package static func isFloat(_ text: String) -> Bool {
        var bytes = Array(text.utf8)
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") { bytes.removeFirst() }
        var index = 0, mantissaDigits = 0
        while index < bytes.count, isDigit(bytes[index]) { index += 1; mantissaDigits += 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.count, isDigit(bytes[index]) { index += 1; mantissaDigits += 1 }
        }
        guard mantissaDigits > 0 else { return false }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") { index += 1 }
            let exponentStart = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            guard index > exponentStart else { return false }
        }
        return index == bytes.count
    }

    private static func isLower(_ byte: UInt8) -> Bool { (97...122).contains(byte) }
    private static func isLetter(_ byte: UInt8) -> Bool { isLower(byte) || (65...90).contains(byte) }
    private static func isDigit(_ byte: UInt8) -> Bool { (48...57).contains(byte) }
}
