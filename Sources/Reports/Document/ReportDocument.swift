/// A report as format-neutral blocks: what Markdown and HTML render.
///
/// Anything that wants a human-readable export (a run report today, a game-day scorecard
/// later) builds one of these; ``MarkdownRenderer`` and ``HTMLRenderer`` then draw any
/// document the same way, graph included.
public struct ReportDocument: Hashable, Sendable {
    /// The page title.
    public var title: String
    /// The blocks, in reading order.
    public var blocks: [ReportBlock]

    /// Creates a document.
    ///
    /// - Parameters:
    ///   - title: The title.
    ///   - blocks: The blocks.
    public init(title: String, blocks: [ReportBlock]) {
        self.title = title
        self.blocks = blocks
    }
}

/// One block of a ``ReportDocument``.
public enum ReportBlock: Hashable, Sendable {
    /// A section heading (level 2) or sub-heading (level 3), with an anchor id.
    case heading(level: Int, text: String, anchor: String)
    /// A paragraph of plain text.
    case paragraph(String)
    /// A prominent notice, such as a broken audit chain.
    case alert(ReportTone, title: String, text: String)
    /// Label and value pairs.
    case facts([ReportFact])
    /// A table.
    case table(ReportTable)
    /// A graph of steps.
    case graph(ReportGraph)
    /// Preformatted text (such as the runbook YAML) in a language (`yaml`, or empty for none),
    /// collapsed in HTML under `summary`.
    case preformatted(summary: String, language: String, text: String)
}

/// A label and its value.
public struct ReportFact: Hashable, Sendable {
    /// The label.
    public var label: String
    /// The value.
    public var value: ReportCell

    /// Creates a fact.
    ///
    /// - Parameters:
    ///   - label: The label.
    ///   - value: The value.
    public init(_ label: String, _ value: ReportCell) {
        self.label = label
        self.value = value
    }
}

/// A table: a header row, then rows of cells, with a sentence for when it is empty.
public struct ReportTable: Hashable, Sendable {
    /// The column headings.
    public var columns: [String]
    /// The rows; each has one cell per column.
    public var rows: [[ReportCell]]
    /// What to print instead of an empty table.
    public var emptyText: String

    /// Creates a table.
    ///
    /// - Parameters:
    ///   - columns: The headings.
    ///   - rows: The rows.
    ///   - emptyText: The sentence for no rows.
    public init(columns: [String], rows: [[ReportCell]], emptyText: String) {
        self.columns = columns
        self.rows = rows
        self.emptyText = emptyText
    }
}

/// A table cell or fact value: text with a style.
public struct ReportCell: Hashable, Sendable, ExpressibleByStringLiteral {
    /// How the text is shown.
    public enum Style: Hashable, Sendable {
        /// Plain text.
        case plain
        /// Monospace: identifiers, hashes, JSON.
        case code
        /// A status badge coloured by its tone.
        case status(ReportTone)
    }

    /// The text.
    public var text: String
    /// Its style.
    public var style: Style

    /// Creates a cell.
    ///
    /// - Parameters:
    ///   - text: The text.
    ///   - style: The style.
    public init(_ text: String, _ style: Style = .plain) {
        self.text = text
        self.style = style
    }

    /// A plain cell.
    ///
    /// - Parameter value: The text.
    public init(stringLiteral value: String) {
        self.init(value)
    }

    /// A monospace cell.
    ///
    /// - Parameter text: The text.
    /// - Returns: The cell.
    public static func code(_ text: String) -> ReportCell { ReportCell(text, .code) }

    /// A status badge.
    ///
    /// - Parameters:
    ///   - text: The status.
    ///   - tone: Its colour.
    /// - Returns: The cell.
    public static func status(_ text: String, _ tone: ReportTone) -> ReportCell { ReportCell(text, .status(tone)) }
}

/// The colour family of a status: the same outcome looks the same everywhere.
public enum ReportTone: String, Hashable, Sendable, CaseIterable {
    /// Done as intended.
    case success
    /// Failed, broken, or changed when it should not have.
    case failure
    /// Done, but worth a look (tolerated failure, undone).
    case warning
    /// A choice or a plan rather than an action.
    case info
    /// Did not run.
    case neutral
    /// Still open.
    case pending
}
