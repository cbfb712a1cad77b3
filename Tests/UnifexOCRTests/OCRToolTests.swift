import Foundation
import Testing
import UnifexCore
import UnifexOCR
import UnifexPDF

/// ux-ocr end to end with real poppler and tesseract on pages whose true text and layout are known.
@Suite struct OCRToolTests {
    static let scanLines = """
        {"x":72,"y":100,"size":16,"text":"Invoice number 4711 is due"},
        {"x":72,"y":140,"size":16,"text":"Please transfer the amount"},
        {"x":300,"y":400,"size":20,"text":"Totals and taxes"},
        {"x":72,"y":600,"size":12,"text":"Thank you for your business"}
        """

    /// Six lines of prose on a 420×300 pt page, for pages turned or skewed in the tests.
    static let proseSpec = """
        {"pages":[{"width":420,"height":300,"lines":[
          {"x":30,"y":50,"size":14,"text":"The quick brown fox jumps over"},
          {"x":30,"y":80,"size":14,"text":"the lazy dog near the river bank"},
          {"x":30,"y":110,"size":14,"text":"while seven wizards quietly watch"},
          {"x":30,"y":140,"size":14,"text":"and count the boxes of frozen jam"},
          {"x":30,"y":170,"size":14,"text":"before the evening train departs"},
          {"x":30,"y":200,"size":14,"text":"from the small northern station"}]}]}
        """

    /// A scanned page (text drawn as an image) and a born-digital page with a usable text layer.
    static let mixedDocument = """
        {"pages":[
          {"width":612,"height":792,"image":true,"lines":[\(scanLines)]},
          {"width":400,"height":300,"lines":[{"x":40,"y":60,"size":12,"text":"Born digital page with text"}]}
        ]}
        """

    @Test func scannedPageGetsWordsAndBoxesAndTextPagePassesThrough() throws {
        let dir = try Tools.scratch()
        let (pdf, truth) = try Tools.fixture(Self.mixedDocument, name: "mixed.pdf", in: dir)
        let result = try Tools.shell("ux-split '\(pdf.path)' | ux-text | tee text.ndjson | ux-ocr -j2", in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        let records = result.records
        try #require(records.count == 2)

        let scan = records[0]
        #expect(scan["status"]?.stringValue == "ok")
        #expect(scan["text_source"]?.stringValue == "ocr")
        // 12-20 pt text on a 300 dpi scan: read at less than 300, boxes still in points.
        #expect((scan.ocr?["dpi"]?.doubleValue ?? 300) < 300 && scan.ocr?["dpi_reason"]?.stringValue == "text-height")
        #expect(scan.ocr?["lang"]?.stringValue == "eng")
        #expect(scan.ocr?["downscaled"] == nil)
        let words = scan.words
        let (matched, misplaced) = checkBoxes(words, against: truth[0])
        #expect(matched >= truth[0].count - 1, "\(words.map(\.text))")
        #expect(misplaced.isEmpty, "\(misplaced)")
        #expect(words.allSatisfy { ($0.confidence ?? -1) >= 0 && ($0.confidence ?? 2) <= 1 })
        #expect(scan["text"]?.stringValue?.contains("Totals and taxes") == true)
        let lines = scan["lines"]?.arrayValue?.compactMap { TextSpan($0) } ?? []
        #expect(lines.map(\.text).contains("Please transfer the amount"))

        // The born-digital page is written exactly as ux-text wrote it.
        #expect(records[1]["text_source"]?.stringValue == "pdf")
        let input = try String(contentsOf: dir.appendingPathComponent("text.ndjson"), encoding: .utf8)
        #expect(result.text.split(separator: "\n").last == input.split(separator: "\n").last)

        // Pages already OCRed pass through a second ux-ocr untouched; --force OCRs every page again.
        let again = try Tools.shell("ux-ocr", stdin: result.stdout)
        #expect(again.status == 0 && again.stdout == result.stdout)
        let forced = try Tools.shell("ux-ocr --force", stdin: result.stdout)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.records.map { $0["text_source"]?.stringValue } == ["ocr", "ocr"])
        #expect(forced.records[1]["text"]?.stringValue?.contains("Born digital page") == true)
    }

    @Test func aScanWithAStampedTextLayerIsOCRed() throws {
        // A scan with a Bates number added as text: the text layer is 22 characters, the page is the image.
        let dir = try Tools.scratch()
        let spec = """
            {"pages":[
              {"width":612,"height":792,"image":true,"lines":[\(Self.scanLines)],
               "stamps":[{"x":400,"y":770,"size":9,"text":"CONFIDENTIAL ABC-000123"}]},
              {"width":400,"height":300,"lines":[{"x":40,"y":60,"size":12,"text":"Short born-digital page"}]}
            ]}
            """
        let (pdf, _) = try Tools.fixture(spec, name: "stamped.pdf", in: dir)
        let result = try Tools.shell("ux-split '\(pdf.path)' | ux-text | tee text.ndjson | ux-ocr", in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let layers = try String(contentsOf: dir.appendingPathComponent("text.ndjson"), encoding: .utf8)
            .split(separator: "\n").compactMap { try? JSONValue.parse(String($0)).objectValue?["text_layer"]?.objectValue }
        try #require(layers.count == 2)
        #expect(layers[0]["reason"]?.stringValue == "mostly-image")
        #expect((layers[0]["image_coverage"]?.doubleValue ?? 0) > 0.95)
        #expect(layers[1]["usable"]?.boolValue == true)
        #expect(layers[1]["image_coverage"]?.doubleValue == 0)

        let records = result.records
        try #require(records.count == 2)
        #expect(records[0]["text_source"]?.stringValue == "ocr")
        let text = records[0]["text"]?.stringValue ?? ""
        #expect(text.contains("Invoice number 4711") && text.contains("Totals and taxes"), "\(text)")
        #expect(text.contains("ABC-000123"), "the stamp is on the page, so OCR reads it too: \(text)")
        #expect(records[1]["text_source"]?.stringValue == "pdf")
    }

    @Test func imagePagesAndThePixelBudget() throws {
        let dir = try Tools.scratch()
        let spec = #"{"pages":[{"width":500,"height":400,"lines":[\#(Self.scanLines.replacingOccurrences(of: "\"y\":600", with: "\"y\":360"))]}]}"#
        let (png, truth) = try Tools.fixture(spec, name: "scan.png", in: dir)
        let full = try Tools.shell("ux-split '\(png.path)' | ux-ocr")
        #expect(full.status == 0, "\(full.stderr)")
        let record = try #require(full.records.first)
        #expect(record["source"]?.stringValue == "image")
        #expect(record["text_source"]?.stringValue == "ocr")
        var (matched, misplaced) = checkBoxes(record.words, against: truth[0])
        #expect(matched >= truth[0].count - 1, "\(record.words.map(\.text))")
        #expect(misplaced.isEmpty, "\(misplaced)")

        // 500×400 pt at 300 dpi is 6.9 megapixels; read at its own resolution (--dpi N), a
        // 3-megapixel budget scales it down.
        let small = try Tools.shell("ux-split '\(png.path)' | ux-ocr --dpi 300 --max-pixels 3M")
        #expect(small.status == 0, "\(small.stderr)")
        let scaled = try #require(small.records.first)
        #expect(scaled.ocr?["downscaled"]?.boolValue == true)
        #expect(scaled.ocr?["dpi_reason"]?.stringValue == "max-pixels")
        let dpi = try #require(scaled.ocr?["dpi"]?.doubleValue)
        #expect(dpi < 300 && dpi > 150)
        (matched, misplaced) = checkBoxes(scaled.words, against: truth[0])
        #expect(matched >= truth[0].count - 2, "\(scaled.words.map(\.text))")
        #expect(misplaced.isEmpty, "\(misplaced)")

        // With --dpi auto the text alone would take it to 150 dpi, 0.87 megapixels: a budget of
        // 0.6 megapixels still has the last word.
        let auto = try Tools.shell("ux-split '\(png.path)' | ux-ocr --max-pixels 600k")
        let limited = try #require(auto.records.first)
        #expect(limited.ocr?["dpi_reason"]?.stringValue == "max-pixels", "\(String(describing: limited.ocr))")
        let notes = limited["warnings"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(notes.contains { $0.contains("instead of 150 to stay within the pixel limit") }, "\(notes)")
        let lowered = try #require(limited.ocr?["dpi"]?.doubleValue)
        #expect(lowered < 150 && lowered > 100)
        (matched, misplaced) = checkBoxes(limited.words, against: truth[0])
        #expect(matched >= truth[0].count - 2, "\(limited.words.map(\.text))")
        #expect(misplaced.isEmpty, "\(misplaced)")
    }

    @Test(.needsCorpus) func upsideDownScanIsTurnedUprightWithRotate() throws {
        let image = Tools.corpus.appendingPathComponent("images/tess-phototest-rotated-180.png")
        let truth = try String(contentsOf: Tools.corpus.appendingPathComponent("groundtruth/tess-phototest.txt"), encoding: .utf8)
        let result = try Tools.shell("ux-split '\(image.path)' | ux-ocr --rotate")
        #expect(result.status == 0, "\(result.stderr)")
        let record = try #require(result.records.first)
        #expect(record.ocr?["orientation"]?.intValue == 180)
        let text = record["text"]?.stringValue ?? ""
        let expected = significantWords(truth)
        let found = expected.filter { text.contains($0) }
        #expect(Double(found.count) >= 0.9 * Double(expected.count), "\(text)")
        // Boxes are on the page as displayed: the first words of the text sit near the bottom right.
        let first = try #require(record.words.first { $0.text == "This" })
        let height = try #require(record["height"]?.doubleValue), width = try #require(record["width"]?.doubleValue)
        #expect(first.box.y0 > height / 2 && first.box.x0 > width / 2, "\(first.box)")
    }

    @Test func quarterTurnedPageBoxesMapBackToTheDisplayedPage() throws {
        let dir = try Tools.scratch()
        let (png, truth) = try Tools.fixture(Self.proseSpec, name: "upright.png", in: dir)
        let turnedPath = dir.appendingPathComponent("turned.png").path
        let upright = try PageImage.load(path: png.path, page: 1, dpi: 300)
        try #require(upright.rotated(clockwiseQuadrants: 1)).writePNG(to: turnedPath)

        let result = try Tools.shell("ux-split '\(turnedPath)' | ux-ocr --rotate")
        #expect(result.status == 0, "\(result.stderr)")
        let record = try #require(result.records.first)
        #expect(record.ocr?["orientation"]?.intValue == 90)
        #expect(record["width"]?.doubleValue == 300)
        // The page turned a quarter clockwise: a point (x, y) of the upright page is now at (300 - y, x).
        let turnedTruth = truth[0].map {
            TextSpan(text: $0.text, box: Box(x0: 300 - $0.box.y1, y0: $0.box.x0, x1: 300 - $0.box.y0, y1: $0.box.x1))
        }
        let (matched, misplaced) = checkBoxes(record.words, against: turnedTruth)
        #expect(matched >= turnedTruth.count - 3, "\(record.words.map(\.text))")
        #expect(misplaced.isEmpty, "\(misplaced)")
    }

    @Test func skewedScanIsStraightenedWithDeskewAndBoxesStayOnThePage() throws {
        let dir = try Tools.scratch()
        let (png, truth) = try Tools.fixture(Self.proseSpec, name: "straight.png", in: dir)
        let skewedPath = dir.appendingPathComponent("skewed.png").path
        let degrees = 4.0
        try #require(try PageImage.load(path: png.path, page: 1, dpi: 300).rotated(byDegrees: degrees))
            .writePNG(to: skewedPath)

        let result = try Tools.shell("ux-split '\(skewedPath)' | ux-ocr --deskew")
        #expect(result.status == 0, "\(result.stderr)")
        let record = try #require(result.records.first)
        let skew = try #require(record.ocr?["skew"]?.doubleValue)
        #expect(abs(skew - degrees) < 0.3, "measured \(skew)°")
        #expect(record["width"]?.doubleValue == 420)

        // Where each word now is on the skewed page: its true box turned clockwise about the centre
        // (y points down), so a word's centre moves by up to ~12 pt at the edges of this page.
        let a = degrees * .pi / 180
        func turned(_ x: Double, _ y: Double) -> (Double, Double) {
            (210 + (x - 210) * cos(a) - (y - 150) * sin(a), 150 + (x - 210) * sin(a) + (y - 150) * cos(a))
        }
        var placed = 0, far = 0
        for expected in truth[0] {
            let (cx, cy) = turned((expected.box.x0 + expected.box.x1) / 2, (expected.box.y0 + expected.box.y1) / 2)
            // Words like "the" occur more than once: the nearest one is this one.
            let distances = record.words.filter { $0.text == expected.text }.map { word in
                let dx = (word.box.x0 + word.box.x1) / 2 - cx, dy = (word.box.y0 + word.box.y1) / 2 - cy
                return (dx * dx + dy * dy).squareRoot()
            }
            if let nearest = distances.min(), nearest < 4 { placed += 1 }
            let ux = (expected.box.x0 + expected.box.x1) / 2 - cx, uy = (expected.box.y0 + expected.box.y1) / 2 - cy
            if (ux * ux + uy * uy).squareRoot() > 6 { far += 1 }
        }
        #expect(placed >= truth[0].count - 3, "\(placed) of \(truth[0].count) words where the skewed page has them")
        #expect(far > truth[0].count / 3, "the skew moves words measurably, or this test proves nothing")

        // Without --deskew no skew is reported.
        let plain = try Tools.shell("ux-split '\(skewedPath)' | ux-ocr")
        #expect(plain.records.first?.ocr?["skew"] == nil)
    }

    @Test(.needsCorpus) func sidewaysTextOnARotatedPDFPageLandsOnTheTextLayerBoxes() throws {
        // /Rotate 90, and the table is drawn sideways on the displayed page: both turns must be undone.
        let dir = try Tools.scratch()
        let pdf = Tools.corpus.appendingPathComponent("text/pdfplumber-nics-rotated.pdf")
        let result = try Tools.shell("ux-split '\(pdf.path)' | ux-text | tee text.ndjson | ux-ocr --force --rotate", in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let record = try #require(result.records.first)
        #expect(record["rotation"]?.intValue == 90)
        #expect(record.ocr?["orientation"]?.intValue == 90)
        let textLayer = try #require(try JSONValue.parse(String(contentsOf: dir.appendingPathComponent("text.ndjson"),
                                                                  encoding: .utf8).trimmingCharacters(in: .newlines)).objectValue)
        let truth = textLayer.words.filter { $0.text.count >= 4 }
        let (matched, misplaced) = checkBoxes(record.words, against: truth)
        #expect(matched >= truth.count * 3 / 4, "matched \(matched) of \(truth.count)")
        #expect(misplaced.count <= matched / 50, "\(misplaced.prefix(10))")
    }

    @Test(.needsCorpus) func missingLanguageFailsBeforeAnyWork() throws {
        let image = Tools.corpus.appendingPathComponent("images/tess-phototest.tif")
        let result = try Tools.shell("ux-split '\(image.path)' | ux-ocr -l eng+xyz")
        #expect(result.status == 69)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("ux-ocr: error: "))
        #expect(result.stderr.contains("xyz"))
        #expect(result.stderr.contains("eng"), "the message lists the installed languages")

        let usage = try Tools.shell("ux-ocr --psm 0 < /dev/null")
        #expect(usage.status == 64)
        // `auto` picks the models page by page: in a list it is refused as such, not looked for as a model.
        for list in ["auto+deu", "eng+auto"] {
            let auto = try Tools.shell("ux-ocr -l \(list) < /dev/null")
            #expect(auto.status == 64 && auto.stderr.contains("auto stands alone") && !auto.stderr.contains("not installed"), "\(auto.stderr)")
        }
    }

    @Test func blankPageIsOkAndMarkedBlank() throws {
        let dir = try Tools.scratch()
        let (pdf, _) = try Tools.fixture(#"{"pages":[{"width":300,"height":200,"image":true,"lines":[]}]}"#,
                                            name: "blank.pdf", in: dir)
        let result = try Tools.shell("ux-split '\(pdf.path)' | ux-ocr")
        #expect(result.status == 0, "\(result.stderr)")
        let record = try #require(result.records.first)
        #expect(record["status"]?.stringValue == "ok")
        #expect(record["blank"]?.boolValue == true)
        #expect(record["text"]?.stringValue == "")
        #expect(record["words"]?.arrayValue?.isEmpty == true)
    }

    @Test(.needsCorpus) func unreadablePagesBecomeErrorRecordsAndTheBatchGoesOn() throws {
        let dir = try Tools.scratch()
        let garbage = dir.appendingPathComponent("garbage.png")
        try Data((0..<4096).map { _ in UInt8.random(in: 0...255) }).write(to: garbage)
        let good = Tools.corpus.appendingPathComponent("images/tess-phototest.tif")

        // ux-split already reports the garbage file; ux-ocr passes its error record through.
        let split = try Tools.shell("ux-split '\(garbage.path)' '\(good.path)' 2>/dev/null | ux-ocr")
        #expect(split.status == 1)
        #expect(!split.stderr.contains("ux-ocr"), "ux-ocr does not repeat another stage's error: \(split.stderr)")
        #expect(split.records.count == 2)
        #expect(split.records[0]["error"]?.objectValue?["stage"]?.stringValue == "split")
        #expect(split.records[1]["status"]?.stringValue == "ok")

        // A page that turns unreadable after ux-split saw it is an OCR error for that page only.
        let stale = """
            {"v":1,"type":"page","doc":"\(garbage.path)","source":"image","page":1,"page_count":1,"selected":1,"status":"ok","dpi":300}
            {"v":1,"type":"page","doc":"\(good.path)","source":"image","page":1,"page_count":1,"selected":1,"status":"ok","dpi":200}

            """
        let result = try Tools.shell("ux-ocr -j2", stdin: Data(stale.utf8))
        #expect(result.status == 1)
        #expect(result.records.count == 2)
        let error = result.records[0]["error"]?.objectValue
        #expect(result.records[0]["status"]?.stringValue == "error")
        #expect(error?["stage"]?.stringValue == "ocr")
        #expect(result.records[0]["text"] == nil)
        #expect(result.records[1]["status"]?.stringValue == "ok")
        #expect(result.stderr.hasPrefix("ux-ocr: error: \(garbage.path): page 1: "), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test(.needsCorpus) func corpusScansMatchTheirGroundTruth() throws {
        let linn = Tools.corpus.appendingPathComponent("scanned/ocrmypdf-linn.pdf")
        let photo = Tools.corpus.appendingPathComponent("images/tess-phototest.tif")
        let result = try Tools.shell("ux-split '\(linn.path)' '\(photo.path)' | ux-ocr -j2")
        #expect(result.status == 0, "\(result.stderr)")
        try #require(result.records.count == 2)
        for (record, truthName) in zip(result.records, ["ocrmypdf-linn.txt", "tess-phototest.txt"]) {
            let truth = try String(contentsOf: Tools.corpus.appendingPathComponent("groundtruth/" + truthName), encoding: .utf8)
            let text = record["text"]?.stringValue ?? ""
            let expected = significantWords(truth)
            let found = expected.filter { text.contains($0) }
            #expect(Double(found.count) >= 0.85 * Double(expected.count),
                    "\(truthName): missing \(expected.subtracting(found).sorted().prefix(20))")
        }
    }

    @Test(.needsCorpus) func processExecutorGivesTheSameRecords() throws {
        let photo = Tools.corpus.appendingPathComponent("images/tess-phototest.tif")
        let threads = try Tools.shell("ux-split '\(photo.path)' | ux-ocr")
        let processes = try Tools.shell("ux-split '\(photo.path)' | ux-ocr --executor process")
        #expect(processes.status == 0, "\(processes.stderr)")
        let a = try #require(threads.records.first), b = try #require(processes.records.first)
        #expect(a["text"] == b["text"] && a["words"] == b["words"] && a["ocr"] == b["ocr"])
    }

    @Test(.needsCorpus) func slowPageBecomesATimeoutRecordWithoutText() throws {
        let dir = try Tools.scratch()
        // The dense brochure at 600 dpi takes several seconds; the small image after it, a fraction of one.
        let linn = Tools.corpus.appendingPathComponent("scanned/ocrmypdf-linn.pdf")
        let (small, _) = try Tools.fixture(
            #"{"pages":[{"width":200,"height":60,"lines":[{"x":10,"y":35,"size":16,"text":"Still here"}]}]}"#,
            name: "small.png", in: dir)
        let result = try Tools.shell("ux-split '\(linn.path)' '\(small.path)' | ux-ocr -j1 --dpi 600 --timeout 2")
        #expect(result.status == 1)
        try #require(result.records.count == 2)
        let slow = result.records[0]
        #expect(slow["status"]?.stringValue == "timeout")
        #expect(slow["error"]?.objectValue?["code"]?.stringValue == "timeout")
        #expect(slow["text"] == nil && slow["words"] == nil)
        #expect(result.records[1]["status"]?.stringValue == "ok")
        #expect(result.records[1]["text"]?.stringValue?.contains("Still here") == true)
        #expect(result.stderr.contains("page 1: page took longer than 2 s"), "\(result.stderr)")
    }
}

/// The rendering and engine libraries, in process.
@Suite struct OCRLibraryTests {
    @Test func renderedPageHasTheRequestedResolutionAndOCRs() throws {
        let dir = try Tools.scratch()
        let (pdf, truth) = try Tools.fixture(
            #"{"pages":[{"width":612,"height":792,"lines":[{"x":100,"y":120,"size":24,"text":"Rendering check"}]}]}"#,
            name: "render.pdf", in: dir)
        let document = try PDFTextDocument(path: pdf.path)
        let rendered = try document.render(page: 1, dpi: 150)
        #expect(rendered.width == 1275 && rendered.height == 1650)
        #expect(rendered.pixels.count == 1275 * 1650)
        #expect(!rendered.downscaled)
        let limited = try document.render(page: 1, dpi: 300, maxPixels: 1_000_000)
        #expect(limited.downscaled && limited.width * limited.height <= 1_000_000)

        let engine = try OCREngine(languages: "eng", pageSegmentationMode: 3)
        let image = try PageImage(raster: rendered.raster, dpi: rendered.dpi)
        let result = try engine.recognize(image)
        let (matched, misplaced) = checkBoxes(result.text.words, against: truth[0])
        #expect(matched == 2, "\(result.text.words.map(\.text))")
        #expect(misplaced.isEmpty, "\(misplaced)")
        #expect(throws: UnifexError.self) { try OCREngine(languages: "xyz") }
        #expect(OCREngine.installedLanguages().contains("eng"))
    }
}
