import Foundation
import Testing
import UnifexCore
import UnifexDraw
import UnifexTestSupport

/// ux-draw: pictures of pages with what the records hold drawn over them, records passed
/// through, hostile records drawn as far as they go, and index.html in a real browser.
@Suite struct DrawTests {
    /// A picture written by ux-draw, read back.
    static func picture(_ url: URL) throws -> Canvas {
        let bytes = [UInt8](try Data(contentsOf: url))
        let size = try #require(Canvas.pngSize(bytes))
        return try Canvas(png: bytes, width: size.width, height: size.height)
    }

    static func isRed(_ p: (r: UInt8, g: UInt8, b: UInt8)?) -> Bool {
        guard let p else { return false }
        return p.r > 180 && p.g < 90 && p.b < 90
    }

    static func isPurple(_ p: (r: UInt8, g: UInt8, b: UInt8)?) -> Bool {
        guard let p else { return false }
        return p.r > 100 && p.b > 150 && p.g < 110
    }

    /// A word OCR was unsure of gets a red frame, one it was sure of does not.
    @Test func lowConfidenceWordIsFramedRed() throws {
        let record = try PageRecord.decode(Array(#"""
            {"v":1,"type":"page","doc":"a.png","source":"image","page":1,"status":"ok","width":720,"height":720,
             "words":[{"text":"blurred","box":[72,72,216,108],"conf":0.21},{"text":"clear","box":[72,288,216,324],"conf":0.97}]}
            """#.utf8))
        let canvas = try Canvas(width: 1000, height: 1000)
        OverlayPainter(canvas: canvas, pageWidth: 720, pageHeight: 720).draw(Overlay(record, show: [.words]), on: canvas)
        // 100 pixels an inch: the unsure word's left edge is at x = 100, from y = 100 to 150.
        #expect(Self.isRed(canvas.pixel(x: 100, y: 125)))
        #expect(Self.isRed(canvas.pixel(x: 200, y: 100)))
        #expect(!Self.isRed(canvas.pixel(x: 100, y: 425)))
        #expect(!Self.isRed(canvas.pixel(x: 500, y: 700)))
    }

    /// Hostile boxes (±1e300, inverted, strings, NaN written as text) draw what they can and
    /// never trap; a box past the page is cut at its edge.
    @Test func hostileBoxesDrawWithoutTrapping() throws {
        let record = try PageRecord.decode(Array(#"""
            {"v":1,"type":"page","doc":"a.pdf","source":"pdf","page":1,"status":"ok","width":1e300,"height":-5,
             "words":[{"text":"x","box":[-1e300,-1e300,1e300,1e300],"conf":-1e300},{"text":"y","box":["NaN",0,1,1]},
                      {"text":"z","box":[500,500,10,10],"conf":1e300}],
             "blocks":[{"kind":"heading","box":[1e308,1e308,-1e308,-1e308],"text":"h","lines":[],"level":99}],
             "tables":[{"box":[0,0,1e300,1e300],"rows":2,"cols":2,"cells":[{"row":0,"col":0,"rowspan":99999999,"colspan":2,"box":[0,0,1e300,5],"text":"a"}]}],
             "ocr":{"dpi":1e300,"conf":"NaN"},"text_layer":{"chars":-1,"usable":false,"reason":"<script>"}}
            """#.utf8))
        let canvas = try Canvas(width: 300, height: 300)
        OverlayPainter(canvas: canvas, pageWidth: 1e300, pageHeight: -5).draw(Overlay(record, show: Set(Layer.allCases)), on: canvas)
        #expect(try canvas.png().count > 100)
    }

    /// The corner note says what the record says of the page: the text-layer verdict, the OCR
    /// resolution and confidence, and damage.
    @Test func cornerNoteSaysVerdictResolutionAndDamage() throws {
        let record = try PageRecord.decode(Array(#"""
            {"v":1,"type":"page","doc":"a.pdf","source":"pdf","page":1,"status":"ok","damaged":true,"warnings":["w1","w2"],
             "text_layer":{"chars":5,"usable":false,"reason":"too-few-characters"},"text_source":"ocr",
             "ocr":{"engine":"tesseract","dpi":216,"conf":0.912}}
            """#.utf8))
        #expect(Overlay(record, show: []).notes == [
            "text layer not usable: too-few-characters, 5 chars", "OCR 216 dpi, conf 91%", "text from ocr",
            "damaged: repaired while read", "2 warnings from the PDF library",
        ])
    }

    /// A document is ok when every page asked for was read, partial when some were, error when
    /// none was; names become links that cannot run script or leave the folder.
    @Test func indexStatusesAndLinks() throws {
        var partial = DocumentEntry(doc: "javascript:alert(1)//a b#?.pdf", selected: 3)
        partial.pages = [PageEntry(page: 1, status: "ok", error: nil, picture: "javascript:alert(1)//a b#?.pdf.p1.png",
                                   text: "</pre><script>x</script>", isMarkdown: false),
                         PageEntry(page: 2, status: "timeout", error: "ocr: page took longer than 60 s", picture: nil,
                                   text: "", isMarkdown: false)]
        var short = DocumentEntry(doc: "short.pdf", selected: 2)
        short.pages = [PageEntry(page: 1, status: "ok", error: nil, picture: "short.pdf.p1.png", text: "", isMarkdown: false)]
        var failed = DocumentEntry(doc: "failed.pdf", selected: nil)
        failed.error = "split: empty file (0 bytes)"
        #expect(partial.status == "partial" && partial.reason == "page 2: ocr: page took longer than 60 s")
        #expect(short.status == "partial" && short.reason == "1 of 2 pages never arrived")
        #expect(failed.status == "error")
        let html = BatchIndex(documents: [partial, short, failed], reports: [], unreadReports: []).html()
        #expect(html.contains(#"src="./javascript%3Aalert%281%29//a%20b%23%3F.pdf.p1.png""#))
        #expect(!html.contains("<script>x"))
        #expect(html.contains("&lt;/pre&gt;&lt;script&gt;x&lt;/script&gt;"))
        #expect(html.contains(#"<span class="status partial">2 partial</span>"#))
        #expect(html.contains(#"<span class="status error">1 error</span>"#))
    }

    static let rows = ["Region Sales Share", "North 120 40%", "South 95 32%", "East 85 28%"]

    /// A ruled table of 4 rows and 3 columns, 100 pt wide columns from x = 72, 20 pt rows from y = 100.
    static var tableSpec: String {
        let xs = [72, 172, 272, 372], ys = [100, 120, 140, 160, 180]
        var lines: [String] = []
        for (r, row) in rows.enumerated() {
            for (c, word) in row.split(separator: " ").enumerated() {
                lines.append(#"{"x":\#(xs[c] + 6),"y":\#(ys[r] + 15),"size":11,"text":"\#(word)"}"#)
            }
        }
        let rules = xs.map { #"{"x0":\#($0),"y0":100,"x1":\#($0),"y1":180,"width":0.8}"# }
            + ys.map { #"{"x0":72,"y0":\#($0),"x1":372,"y1":\#($0),"width":0.8}"# }
        return #"{"pages":[{"lines":[\#(lines.joined(separator: ","))],"rules":[\#(rules.joined(separator: ","))]}]}"#
    }

    /// The grid of a known ruled table is drawn where the table is, and records pass through.
    @Test func tableGridIsDrawnAndRecordsPassThrough() throws {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (pdf, _) = try Tools.fixture(Self.tableSpec, name: "table.pdf", in: dir)
        let found = try Tools.shell("ux-split table.pdf | ux-text | ux-table > pages.jsonl", in: dir)
        #expect(found.status == 0, "\(found.stderr)")
        let input = try Data(contentsOf: dir.appendingPathComponent("pages.jsonl"))
        let drawn = try Tools.shell("ux-draw --show tables", stdin: input, in: dir)
        #expect(drawn.status == 0, "\(drawn.stderr)")
        // Records come out as they went in, with this stage's time.
        let before = String(decoding: input, as: UTF8.self).split(separator: "\n").compactMap { try? JSONValue.parse(String($0)).objectValue }
        var after = drawn.records
        for i in after.indices { after[i]["timings"] = before[i]["timings"] }
        #expect(after.map { JSONValue.object($0).serialized() } == before.map { JSONValue.object($0).serialized() })
        #expect(drawn.records.first?["timings"]?.objectValue?["draw"] != nil)

        let table = try #require(before.first?["tables"]?.arrayValue?.first.flatMap { Table($0) }, "ux-table found no table")
        #expect(table.rows == 4 && table.cols == 3)
        let canvas = try Self.picture(dir.appendingPathComponent("draw/table.pdf.p1.png"))
        #expect(canvas.width == 850 && canvas.height == 1100)
        // At 100 dpi a point is 100/72 pixels: each ruling of the grid is purple halfway along
        // its cells; the middle of a cell is not.
        let s = 100.0 / 72
        func px(_ v: Double) -> Int { Int((v * s).rounded()) }
        for x in [72.0, 172, 272, 372] {
            let hits = (-2...2).filter { Self.isPurple(canvas.pixel(x: px(x) + $0, y: px(130))) }
            #expect(!hits.isEmpty, "no grid line at x = \(x) pt")
        }
        for y in [100.0, 120, 140, 160, 180] {
            let hits = (-2...2).filter { Self.isPurple(canvas.pixel(x: px(222), y: px(y) + $0)) }
            #expect(!hits.isEmpty, "no grid line at y = \(y) pt")
        }
        #expect(!Self.isPurple(canvas.pixel(x: px(140), y: px(150))))
        _ = pdf
    }

    /// A scanned page: the image is the background, OCR words are shaded by confidence, and the
    /// OCR resolution is noted in the corner (dark box at the top right).
    @Test func scannedPageIsDrawnOverItsImage() throws {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let spec = #"{"pages":[{"width":400,"height":300,"image":true,"dpi":200,"lines":[{"x":30,"y":60,"size":24,"text":"Scanned words here"}]}]}"#
        _ = try Tools.fixture(spec, name: "scan.png", in: dir)
        let run = try Tools.shell("ux-split scan.png | ux-ocr | ux-draw --output-dir out --dpi 72", in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let record = try #require(run.records.first)
        let width = try #require(record["width"]?.doubleValue), height = try #require(record["height"]?.doubleValue)
        let canvas = try Self.picture(dir.appendingPathComponent("out/scan.png.p1.png"))
        // At 72 dpi a pixel is a point.
        #expect(canvas.width == Int(width.rounded()) && canvas.height == Int(height.rounded()))
        let corner = try #require(canvas.pixel(x: canvas.width - 5, y: 10))
        #expect(corner.r < 130 && corner.g < 130 && corner.b < 130, "no note in the corner: \(corner)")
        // An OCR word is shaded (green for a sure word) over the image's dark text.
        let word = try #require(record["words"]?.arrayValue?.first.flatMap { TextSpan($0) })
        #expect((word.confidence ?? 0) > 0.6)
        let x = Int(((word.box.x0 + word.box.x1) / 2).rounded()), y = Int(((word.box.y0 + word.box.y1) / 2).rounded())
        let shaded = (-4...4).contains { dx in canvas.pixel(x: x + dx, y: y).map { $0.g > $0.b + 20 && $0.g > 150 } ?? false }
        #expect(shaded, "no shading on the word \(word.text)")
        // The image is under the overlay: dark pixels of its text in the word's box.
        let dark = (Int(word.box.x0)..<Int(word.box.x1)).contains { x in
            (Int(word.box.y0)..<Int(word.box.y1)).contains { y in (canvas.pixel(x: x, y: y)?.g ?? 255) < 60 }
        }
        #expect(dark)
    }

    /// A record of hostile values: a document named with markup and `..`, a page far outside
    /// any range, 150,000 words. The picture lands inside the output folder, the run goes on,
    /// and index.html escapes the name.
    @Test func twoDocumentsOfOneNameKeepTheirOwnPictures() throws {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        // x/a.pdf and ../x/a.pdf, two files: one picture name; the second gets ~2, and each page's
        // pictures stay with their document.
        let lines = [("x/a.pdf", "7:1"), ("../x/a.pdf", "7:2"), ("x/a.pdf", "7:1")].map { doc, id in
            #"{"v":1,"type":"page","doc":"\#(doc)","file_id":"\#(id)","source":"pdf","page":1,"page_count":1,"selected":1,"status":"ok","width":200,"height":100,"words":[]}"#
        }
        let run = try Tools.shell("ux-draw -j1 --html > /dev/null", stdin: Data((lines.joined(separator: "\n") + "\n").utf8), in: dir)
        #expect(run.stderr.contains("this one as x/a.pdf~2.p*.png"), "\(run.stderr)")
        let written = try FileManager.default.subpathsOfDirectory(atPath: dir.appendingPathComponent("draw").path).sorted()
        #expect(written.contains("x/a.pdf.p1.png") && written.contains("x/a.pdf~2.p1.png"), "\(written)")
        let html = try String(contentsOf: dir.appendingPathComponent("draw/index.html"), encoding: .utf8)
        #expect(html.contains("a.pdf~2.p1.png"))
    }

    @Test func hostileRecordsStayInsideTheFolderAndAreEscaped() throws {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let words = (0..<150_000).map { i in #"{"text":"w","box":[\#(i % 600),\#(i % 780),\#(i % 600 + 5),\#(i % 780 + 5)],"conf":0.5}"# }
        let lines = [
            #"{"v":1,"type":"page","doc":"../../<script>alert(1)</script>.pdf","source":"pdf","page":1,"page_count":1,"selected":1,"status":"ok","width":612,"height":792,"text":"<img src=x onerror=alert(1)>","words":[\#(words.joined(separator: ","))]}"#,
            #"{"v":1,"type":"page","doc":"/etc/x.png","source":"image","page":2,"status":"ok","width":1e300,"height":1e300,"words":[{"text":"a","box":[1,1,"x",2]}]}"#,
            #"{"v":1,"type":"page","doc":"broken.pdf","source":"pdf","page":null,"page_count":null,"selected":1,"status":"error","error":{"stage":"split","code":"damaged","message":"not a PDF <b>"}}"#,
        ]
        let run = try Tools.shell("mkdir -p work && cd work && ux-draw --html > ../out.jsonl", stdin: Data((lines.joined(separator: "\n") + "\n").utf8),
                                  in: dir)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("left out"), "\(run.stderr)")
        let out = dir.appendingPathComponent("work/draw")
        let written = try FileManager.default.subpathsOfDirectory(atPath: out.path).sorted()
        #expect(written.contains("index.html"))
        #expect(written.contains { $0.hasSuffix(".pdf.p1.png") && $0.contains("script>") })
        #expect(written.contains("etc/x.png.p2.png"))
        let outside = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(outside == ["out.jsonl", "work"])
        let html = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<img src=x"))
        #expect(!html.contains("<b>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("not a PDF &lt;b&gt;"))
    }
}

