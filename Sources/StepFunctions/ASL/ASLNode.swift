public import Foundation
import RunbookModel

/// A JSON value that keeps its members in the order they were written.
///
/// Amazon States Language is JSON, but a definition people read (and golden files diff) should
/// say `Type`, then `Resource`, then `Parameters`, then `Next`, the way AWS's documentation does;
/// Foundation's encoders sort or scramble members.
public indirect enum ASLNode: Hashable, Sendable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null
    case array([ASLNode])
    case object([Member])

    /// One member of an object.
    public struct Member: Hashable, Sendable {
        public var key: String
        public var value: ASLNode

        public init(_ key: String, _ value: ASLNode) {
            self.key = key
            self.value = value
        }
    }

    /// The value of the member called `key`, for objects.
    public subscript(key: String) -> ASLNode? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The members, for objects; empty otherwise.
    public var members: [Member] {
        if case .object(let members) = self { return members }
        return []
    }

    /// The elements, for arrays; empty otherwise.
    public var elements: [ASLNode] {
        if case .array(let elements) = self { return elements }
        return []
    }

    /// The text, for strings.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// An object from members written in order; `nil` values are left out.
    public static func fields(_ pairs: KeyValuePairs<String, ASLNode?>) -> ASLNode {
        .object(pairs.compactMap { key, value in value.map { Member(key, $0) } })
    }

    /// The same object with `member` added at the end (or replacing one of the same key in place).
    public func setting(_ key: String, _ value: ASLNode) -> ASLNode {
        guard case .object(var members) = self else { return self }
        if let index = members.firstIndex(where: { $0.key == key }) {
            members[index].value = value
        } else {
            members.append(Member(key, value))
        }
        return .object(members)
    }
}

extension ASLNode {
    /// Parses JSON text. Members come out sorted by key: order matters to readers of what
    /// irun writes, not to checks of what it reads.
    ///
    /// - Parameter data: UTF-8 JSON.
    /// - Throws: Foundation's parse error for text that is not JSON.
    public init(parsing data: Data) throws {
        self = Self(foundation: try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
    }

    private init(foundation value: Any) {
        switch value {
        case let text as String: self = .string(text)
        case let number as NSNumber:
            // JSON's true and false arrive as NSNumbers of type char.
            if String(cString: number.objCType) == "c" {
                self = .bool(number.boolValue)
            } else if number.doubleValue == number.doubleValue.rounded(), abs(number.doubleValue) < 1e15 {
                self = .int(number.intValue)
            } else {
                self = .double(number.doubleValue)
            }
        case let array as [Any]: self = .array(array.map(ASLNode.init(foundation:)))
        case let object as [String: Any]:
            self = .object(object.keys.sorted().map { Member($0, ASLNode(foundation: object[$0]!)) })
        default: self = .null
        }
    }

    /// The JSON text: two-space indented, or on one line when `pretty` is false.
    public func rendered(pretty: Bool = true) -> String {
        var output = ""
        write(to: &output, indent: pretty ? 0 : nil)
        return output
    }

    private func write(to output: inout String, indent: Int?) {
        switch self {
        case .string(let text): output += Value.quoted(text)
        case .int(let number): output += String(number)
        case .double(let number): output += number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case .bool(let flag): output += flag ? "true" : "false"
        case .null: output += "null"
        case .array(let elements):
            writeContainer(open: "[", close: "]", count: elements.count, to: &output, indent: indent) { index, output, inner in
                elements[index].write(to: &output, indent: inner)
            }
        case .object(let members):
            writeContainer(open: "{", close: "}", count: members.count, to: &output, indent: indent) { index, output, inner in
                output += Value.quoted(members[index].key)
                output += inner == nil ? ":" : ": "
                members[index].value.write(to: &output, indent: inner)
            }
        }
    }

    private func writeContainer(open: String, close: String, count: Int, to output: inout String, indent: Int?,
                                element: (Int, inout String, Int?) -> Void) {
        output += open
        guard count > 0 else { output += close; return }
        let inner = indent.map { $0 + 2 }
        for index in 0..<count {
            if index > 0 { output += "," }
            if let inner { output += "\n" + String(repeating: " ", count: inner) }
            element(index, &output, inner)
        }
        if let indent { output += "\n" + String(repeating: " ", count: indent) }
        output += close
    }
}
