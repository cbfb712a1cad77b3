import Foundation
import Testing
import UnifexCore
import UnifexTestSupport

/// Debian's chromium, where it is installed.
let installedChromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
    FileManager.default.isExecutableFile(atPath: $0)
}

/// ux-draw --html's index.html loaded from disk by a real browser (Debian's headless chromium):
/// the page the browser builds lists the documents with their status and the broken one's
/// error, its script runs without an error, and a screenshot is taken.
@Suite(.enabled(if: installedChromium != nil || Tools.underCI,
                "chromium is not installed (scripts/install-deps installs it); the browser test of index.html is skipped"))
struct DrawIndexTests {
    static let chromium = installedChromium

    /// chromium's arguments for one headless load of a file, with a profile of its own so that
    /// tests running side by side do not share one.
    static func browser(_ dir: URL) -> String {
        "timeout 120 \(chromium ?? "chromium") --headless --disable-gpu --no-sandbox --no-first-run "
            + "--user-data-dir='\(dir.path)/profile' --enable-logging=stderr --v=0"
    }

    @Test func indexListsDocumentsAndErrorsInABrowser() throws {
        let dir = try Tools.scratch()
        let (_, _) = try Tools.fixture(DrawTests.tableSpec, name: "table.pdf", in: dir)
        try Data("%PDF-1.4\nthis is no PDF at all\n".utf8).write(to: dir.appendingPathComponent("broken.pdf"))
        let pipeline = try Tools.shell("""
            ux-split table.pdf broken.pdf | ux-text | ux-table > pages.jsonl
            ux-merge --report r.json > /dev/null < pages.jsonl
            ux-draw --html --report r.json --report r.json < pages.jsonl > /dev/null
            """, in: dir)
        #expect(pipeline.status == 1, "\(pipeline.stderr)")
        let index = dir.appendingPathComponent("draw/index.html")
        #expect(FileManager.default.fileExists(atPath: index.path))

        let dom = try Tools.shell("\(Self.browser(dir)) --dump-dom 'file://\(index.path)'", in: dir)
        #expect(dom.status == 0, "\(dom.stderr)")
        let page = dom.text
        // The script ran (it marks the body with the number of pages it can step through) and
        // met no error; the browser logged nothing from the page's console.
        #expect(page.contains(#"data-ready="1""#), "the page's script did not run")
        #expect(page.contains(#"<div id="script-errors" hidden=""></div>"#), "script errors: \(page)")
        let console = dom.stderr.split(separator: "\n").filter { $0.contains("CONSOLE") || $0.contains("Uncaught") }
        #expect(console.isEmpty, "\(console)")
        // Both documents are listed, each with its status; the broken one with its error.
        #expect(page.contains(##"<li class="doc ok" data-status="ok"><a href="#d1">table.pdf</a>"##))
        #expect(page.contains(##"<li class="doc error" data-status="error"><a href="#d2">broken.pdf</a>"##))
        #expect(page.contains("cannot open PDF"))
        // The report's sum of its two parts, and the page's picture as a thumbnail.
        #expect(page.contains("Batch reports (2 parts)"))
        #expect(page.contains(#"src="./table.pdf.p1.png""#))

        let shot = dir.appendingPathComponent("index.png")
        let screenshot = try Tools.shell("\(Self.browser(dir)) --window-size=1200,900 --virtual-time-budget=5000 --screenshot='\(shot.path)' 'file://\(index.path)#d1p1'", in: dir)
        #expect(screenshot.status == 0, "\(screenshot.stderr)")
        let bytes = [UInt8]((try? Data(contentsOf: shot)) ?? Data())
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]), "no screenshot at \(shot.path)")
        try? FileManager.default.removeItem(at: dir)
    }
}
