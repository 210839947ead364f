public import RunbookModel

/// The formats of `irun report --format`.
public enum ReportFormat: String, Hashable, Sendable, CaseIterable {
    /// GitHub-flavoured Markdown with a Mermaid graph.
    case md
    /// One self-contained HTML page with an inline SVG graph.
    case html
    /// JSON following a versioned schema in `Schemas/`.
    case json
    /// CSV, RFC 4180, one row per event.
    case csv
}

/// Something that exports through every ``ReportFormat``: a run report today, a game-day
/// scorecard later.
///
/// A new kind of report conforms by building its ``document`` (Markdown and HTML come from
/// it, graph included), its ``json`` (with its own versioned schema in `Schemas/`) and its
/// ``csv`` rows; ``ReportExporter`` does the rest.
public protocol ExportableReport: Sendable {
    /// The human-readable form.
    var document: ReportDocument { get }
    /// The machine-readable form.
    var json: Value { get }
    /// The tabular form, RFC 4180.
    var csv: String { get }
}

extension RunReport: ExportableReport {}

/// Renders any ``ExportableReport`` in a format.
public enum ReportExporter {
    /// The report as text in `format`.
    ///
    /// - Parameters:
    ///   - report: The report.
    ///   - format: The format.
    /// - Returns: The text.
    public static func render(_ report: some ExportableReport, as format: ReportFormat) -> String {
        switch format {
        case .md: MarkdownRenderer.render(report.document)
        case .html: HTMLRenderer.render(report.document)
        case .json: JSONWriter.pretty(report.json)
        case .csv: report.csv
        }
    }
}
