import Foundation
import Reports
import Testing

/// The headless browser, if installed (Debian's `chromium`; `Scripts/test` installs it).
let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }

@Suite("The HTML report in a real browser")
struct HTMLRenderingTests {
    /// Renders `html` with headless Chromium to a PNG and returns its bytes.
    func screenshot(_ html: String, in database: FixtureDatabase, name: String) throws -> Data {
        let page = database.file("\(name).html"), png = database.file("\(name).png")
        try Data(html.utf8).write(to: URL(fileURLWithPath: page))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium!)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--disable-extensions",
            "--user-data-dir=\(database.file("chromium-\(name)"))", "--window-size=1280,1600", "--screenshot=\(png)",
            URL(fileURLWithPath: page).absoluteString,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "chromium exited \(process.terminationStatus)")
        return try Data(contentsOf: URL(fileURLWithPath: png))
    }

    @Test("the page renders, and its graph draws visible pixels: a real PNG, which changes when the graph is removed",
          .enabled(if: chromium != nil, "chromium is not installed (Scripts/test installs it with apt-get install chromium)"),
          .timeLimit(.minutes(2)))
    func rendersWithGraph() async throws {
        // Given the HTML report of the quarantine run
        let database = try await FixtureDatabase.make()
        defer { database.cleanup() }
        let html = ReportExporter.render(try await database.report(), as: .html)
        // The markup holds an SVG with a box per step, and nothing that would load or run anything
        #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graph\""))
        #expect(html.components(separatedBy: "<g class=\"node ").count - 1 == 10)
        for forbidden in ["<script", "http://", "https://", "src=", "@import", "url("] {
            let count = html.components(separatedBy: forbidden).count - 1
            // The SVG namespace, and the arrowhead marker of each edge.
            let allowed = forbidden == "http://" ? 1 : forbidden == "url(" ? html.components(separatedBy: "url(#arrow)").count - 1 : 0
            #expect(count == allowed, "\(forbidden) appears \(count) times")
        }
        // And the top of the page (summary and graph), and the same without the graph
        let steps = try #require(html.range(of: "<h2 id=\"steps\">"))
        let top = String(html[..<steps.lowerBound]) + "</main>\n</body>\n</html>\n"
        let figure = try #require(top.range(of: "<figure class=\"graph\">")), end = try #require(top.range(of: "</figure>\n"))
        let topWithoutGraph = top.replacingCharacters(in: figure.lowerBound..<end.upperBound, with: "")

        // When they are rendered by headless Chromium
        let page = try screenshot(html, in: database, name: "report")
        let withGraph = try screenshot(top, in: database, name: "top")
        let withoutGraph = try screenshot(topWithoutGraph, in: database, name: "bare")

        // Then each is a PNG of the window's size; the whole page is far from blank
        for image in [page, withGraph, withoutGraph] {
            #expect(image.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "PNG signature")
            #expect(pngSize(image) == (1280, 1600))
        }
        #expect(page.count > 40_000, "a rendered report, not a blank page (\(page.count) bytes)")
        // And the graph adds drawn content where the page would otherwise be empty
        #expect(withGraph != withoutGraph)
        #expect(withGraph.count > withoutGraph.count + 10_000, "the graph's pixels (\(withGraph.count) vs \(withoutGraph.count) bytes)")
    }

    /// Width and height from a PNG's IHDR chunk.
    func pngSize(_ data: Data) -> (Int, Int) {
        guard data.count >= 24 else { return (0, 0) }
        let bytes = Array(data[16..<24])
        let width = bytes[0..<4].reduce(0) { $0 << 8 | Int($1) }, height = bytes[4..<8].reduce(0) { $0 << 8 | Int($1) }
        return (width, height)
    }
}
