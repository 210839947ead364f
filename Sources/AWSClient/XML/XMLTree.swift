import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// One element of a parsed XML response: its name (without namespace prefix), text and child elements.
///
/// AWS Query responses are small, so the whole document is read into this tree and decoders
/// walk it by element name.
struct XMLTree: Sendable, Hashable {
    var name: String
    var text: String = ""
    var children: [XMLTree] = []

    /// The first child called `name`.
    subscript(_ name: String) -> XMLTree? { children.first { $0.name == name } }

    /// The children called `name`.
    func all(_ name: String) -> [XMLTree] { children.filter { $0.name == name } }

    /// The elements of a list: `<name><item>…</item></name>` (EC2) or `<name><member>…</member></name>`.
    func list(_ name: String) -> [XMLTree] {
        guard let container = self[name] else { return [] }
        return container.children.filter { $0.name == "item" || $0.name == "member" }
    }

    /// The first element called `name` anywhere below (depth first), or this one.
    func find(_ name: String) -> XMLTree? {
        if self.name == name { return self }
        for child in children {
            if let found = child.find(name) { return found }
        }
        return nil
    }

    /// Parses a document.
    ///
    /// - Parameter data: The bytes.
    /// - Returns: The root element, or `nil` when the bytes are not well-formed XML.
    static func parse(_ data: Data) -> XMLTree? {
        let parser = XMLParser(data: data)
        let builder = TreeBuilder()
        parser.delegate = builder
        parser.shouldProcessNamespaces = false
        guard parser.parse(), let root = builder.root else { return nil }
        return root
    }
}

/// Builds an ``XMLTree`` from parser events; used by one parse on one thread.
private final class TreeBuilder: NSObject, XMLParserDelegate {
    var stack: [XMLTree] = []
    var root: XMLTree?

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
        stack.append(XMLTree(name: local))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard !stack.isEmpty, let text = String(data: CDATABlock, encoding: .utf8) else { return }
        stack[stack.count - 1].text += text
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        guard var element = stack.popLast() else { return }
        if !element.children.isEmpty { element.text = element.text.trimmingCharacters(in: .whitespacesAndNewlines) }
        if stack.isEmpty {
            root = element
        } else {
            stack[stack.count - 1].children.append(element)
        }
    }
}
