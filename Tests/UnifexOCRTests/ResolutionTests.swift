import Foundation
import Testing
import UnifexCore
import UnifexOCR
import UnifexPDF

/// `--dpi auto`: each page read at the resolution its text needs, measured on real renders.
@Suite struct ResolutionTests {
    /// Prose of one size on a page, drawn as an image (a scan) at `dpi`, or as text.
    static func prose(size: Double, dpi: Double = 300, image: Bool = true, width: Double = 612, height: Double = 792) -> String {
        let words = "the quick brown fox jumps over a lazy dog while seven wizards count boxes of frozen jam"
            .split(separator: " ")
        var lines: [String] = []
        var y = 40 + size, i = 0
        let perLine = Int((width - 80) / (0.6 * size))
        while y < height - 40, lines.count < 30 {
            var line = ""
            while line.count + words[i % words.count].count + 1 <= perLine {
                line += (line.isEmpty ? "" : " ") + words[i % words.count]
                i += 1
            }
            lines.append(#"{"x":40,"y":\#(y),"size":\#(size),"text":"\#(line)"}"#)
            y += size * 1.4
        }
        return #"{"pages":[{"width":\#(width),"height":\#(height),"image":\#(image),"dpi":\#(dpi),"lines":[\#(lines.joined(separator: ","))]}]}"#
    }

    @Test func theChoiceFollowsTheTextAndStopsAtTheScansResolution() {
        let ten = ResolutionChoice.forText(xHeightPoints: 2.5, imageDPI: nil)
        #expect(ten.reason == .textHeight && ten.dpi == (ResolutionChoice.targetXHeight * 72 / 2.5).rounded(.up))
        #expect(abs((ten.xHeight ?? 0) - ResolutionChoice.targetXHeight) < 0.1)
        let tiny = ResolutionChoice.forText(xHeightPoints: 2, imageDPI: 300)
        #expect(tiny.reason == .imageResolution && tiny.dpi == 300 && abs((tiny.xHeight ?? 0) - 2.0 * 300 / 72) < 0.01)
        #expect(ResolutionChoice.forText(xHeightPoints: nil, imageDPI: nil) == ResolutionChoice(dpi: 300, reason: .unmeasured))
        #expect(ResolutionChoice.forText(xHeightPoints: nil, imageDPI: 150) == ResolutionChoice(dpi: 150, reason: .imageResolution))
        #expect(ResolutionChoice.forText(xHeightPoints: .nan, imageDPI: 2400).reason == .unmeasured)
        #expect(ResolutionChoice.forText(xHeightPoints: 1e-9, imageDPI: nil).dpi == ResolutionChoice.range.upperBound)
        #expect(ResolutionChoice.forText(xHeightPoints: 1e9, imageDPI: nil).dpi == ResolutionChoice.range.lowerBound)
        // Too few letters to be worth reading lower: the default resolution, or the scan's own.
        let sparse = ResolutionChoice.forText(xHeightPoints: 7.6, imageDPI: 600, letters: ResolutionChoice.fewestLettersToLower - 1)
        #expect(sparse.reason == .sparseText && sparse.dpi == ResolutionChoice.defaultDPI, "\(sparse)")
        #expect(ResolutionChoice.forText(xHeightPoints: 7.6, imageDPI: 150, letters: 10) == ResolutionChoice(dpi: 150, reason: .imageResolution, xHeight: 7.6 * 150 / 72))
        #expect(ResolutionChoice.forText(xHeightPoints: 7.6, imageDPI: 600, letters: ResolutionChoice.fewestLettersToLower).reason == .textHeight)
        let lowered = ten.lowered(to: 100)
        #expect(lowered.reason == .maxPixels && lowered.dpi == 100 && lowered.wanted == ten.dpi)
        #expect(ten.lowered(to: ten.dpi * 0.9999) == ten)
        // Body text decides, not the title or a footnote.
        let sizes = Array(repeating: 24.0, count: 20) + Array(repeating: 10.0, count: 200) + Array(repeating: 7.0, count: 30)
        #expect(ResolutionChoice.xHeightPoints(fontSizes: sizes) == 5)
        #expect(ResolutionChoice.xHeightPoints(fontSizes: [10, 10, 10]) == nil)
    }

    @Test(arguments: [8.0, 12.0, 24.0])
    func theXHeightIsMeasuredFromThePixels(size: Double) throws {
        let dir = try Tools.scratch()
        let (png, _) = try Tools.fixture(Self.prose(size: size, image: false), name: "prose.png", in: dir)
        let image = try PageImage.load(path: png.path, page: 1, dpi: 300)
        let measured = try #require(image.xHeight())
        // DejaVu Sans, the fixtures' face: x-height 1118/2048 of the size.
        let expected = size * 1118 / 2048 * 300 / 72
        #expect(abs(measured - expected) / expected < 0.12, "\(measured) px, expected \(expected)")
        // Half the pixels, half the height.
        let half = try #require(image.scaled(by: 0.5))
        #expect(half.dpi == 150)
        let halfMeasured = try #require(half.xHeight())
        #expect(abs(halfMeasured - expected / 2) / (expected / 2) < 0.15, "\(halfMeasured) px at 150 dpi")
    }

    @Test(arguments: [1, 3])
    func textRunningUpOrDownThePageMeasuresAsUpright(quadrants: Int) throws {
        let dir = try Tools.scratch()
        let (png, _) = try Tools.fixture(Self.prose(size: 10, image: false), name: "prose.png", in: dir)
        let image = try PageImage.load(path: png.path, page: 1, dpi: 300)
        let upright = try #require(image.xHeight())
        let sideways = try #require(image.rotated(clockwiseQuadrants: quadrants))
        let measured = try #require(sideways.xHeight())
        #expect(abs(measured - upright) / upright < 0.05, "\(measured) px sideways, \(upright) upright")
        // At the floor of auto's range too, where a scan is first measured.
        let small = try #require(sideways.scaled(by: ResolutionChoice.range.lowerBound / 300))
        let smallMeasured = try #require(small.xHeight())
        #expect(abs(smallMeasured * 2 - upright) / upright < 0.15, "\(smallMeasured) px at 150 dpi sideways")
    }

    /// The corpus's cardinal scan: the Linn brochure upright on page 1, turned a quarter on page 2.
    @Test(.needsCorpus) func aSidewaysScanIsReadAtTheResolutionOfTheSameScanUpright() throws {
        let cardinal = Tools.corpus.appendingPathComponent("scanned/ocrmypdf-cardinal.pdf")
        let result = try Tools.shell("ux-split --pages 1-2 '\(cardinal.path)' | ux-ocr -j2")
        #expect(result.status == 0, "\(result.stderr)")
        try #require(result.records.count == 2)
        let dpis = try result.records.map { try #require($0.ocr?["dpi"]?.doubleValue) }
        #expect(result.records.allSatisfy { $0.ocr?["dpi_reason"]?.stringValue == "text-height" }, "\(result.records.map(\.ocr))")
        #expect(abs(dpis[1] - dpis[0]) / dpis[0] < 0.1, "\(dpis)")
    }

    /// A scan of gray or colour samples is drawn once at its own resolution and scaled, a bilevel
    /// one measured on a smaller drawing first: the choice rests on what its pixels hold.
    @Test func aScanSaysHowManyBitsItsPixelsHold() throws {
        let dir = try Tools.scratch()
        let (gray, _) = try Tools.fixture(Self.prose(size: 10, width: 300, height: 200), name: "gray.pdf", in: dir)
        #expect(try PDFTextDocument(path: gray.path).imageResolution(page: 1)?.bitsPerPixel == 8)
        let (text, _) = try Tools.fixture(Self.prose(size: 10, image: false, width: 300, height: 200), name: "text.pdf", in: dir)
        #expect(try PDFTextDocument(path: text.path).imageResolution(page: 1) == nil)
    }

    @Test(.needsCorpus) func corpusScansSayHowManyBitsTheirPixelsHold() throws {
        for (name, bits) in [("ocrmypdf-jbig2.pdf", 1), ("ocrmypdf-ccitt.pdf", 1), ("ocrmypdf-francais.pdf", 8),
                             ("ocrmypdf-c02-22.pdf", 24)] {
            let document = try PDFTextDocument(path: Tools.corpus.appendingPathComponent("scanned/\(name)").path)
            #expect(document.imageResolution(page: 1)?.bitsPerPixel == bits, "\(name)")
        }
    }

    @Test func aChoiceKeptAtALowerRenderKeepsItsReason() {
        let choice = ResolutionChoice.forText(xHeightPoints: 4.6, imageDPI: 300)
        let kept = choice.kept(at: 150)
        #expect(kept.dpi == 150 && kept.reason == choice.reason && kept.wanted == choice.dpi)
        #expect(abs((kept.xHeight ?? 0) - 4.6 * 150 / 72) < 0.01)
    }

    @Test func aBlankPageHasNoXHeight() throws {
        let dir = try Tools.scratch()
        let (png, _) = try Tools.fixture(#"{"pages":[{"width":300,"height":200,"lines":[]}]}"#, name: "blank.png", in: dir)
        #expect(try PageImage.load(path: png.path, page: 1, dpi: 300).xHeight() == nil)
    }

    @Test func largePrintIsReadAtLessAndSmallPrintAtMoreThan300Dpi() throws {
        let dir = try Tools.scratch()
        let (large, largeTruth) = try Tools.fixture(Self.prose(size: 28), name: "large.pdf", in: dir)
        let (small, smallTruth) = try Tools.fixture(Self.prose(size: 4, dpi: 600, width: 300, height: 200), name: "small.pdf", in: dir)
        let result = try Tools.shell("ux-split '\(large.path)' '\(small.path)' | ux-ocr -j2")
        #expect(result.status == 0, "\(result.stderr)")
        try #require(result.records.count == 2)
        for (record, truth, isSmall) in [(result.records[0], largeTruth[0], false), (result.records[1], smallTruth[0], true)] {
            let ocr = try #require(record.ocr)
            let dpi = try #require(ocr["dpi"]?.doubleValue)
            let x = try #require(ocr["x_height"]?.doubleValue)
            #expect(ocr["dpi_reason"]?.stringValue == "text-height", "\(ocr)")
            if isSmall {
                // A scan wants a 14-pixel x-height; 400 dpi, the top of the range, gives it 12.
                #expect(dpi > 300 && dpi <= 400 && x > ResolutionChoice.targetXHeight && x <= ResolutionChoice.scanXHeight, "\(ocr)")
            } else {
                // As low as the resolutions go, the letters still far above the target.
                #expect(dpi == ResolutionChoice.range.lowerBound && x > 2 * ResolutionChoice.targetXHeight, "\(ocr)")
            }
            // Boxes are in points on the page whatever the resolution.
            let (matched, misplaced) = placed(record.words, truth)
            #expect(Double(matched) >= 0.8 * Double(truth.count), "\(record["text"] ?? .null)")
            #expect(misplaced.isEmpty, "\(misplaced)")
        }
    }

    /// A table of figures and capitals, scanned at 300 dpi in 12 pt: large enough for 150 dpi by
    /// its height, but digits are what tesseract misreads first.
    static func figures(size: Double = 12) -> String {
        var lines: [String] = []
        for row in 0..<24 {
            let y = 60 + Double(row) * size * 1.6
            let cells = ["\(1000 + row * 37)", "\(row * 413 % 997).\(row % 10)\(row * 7 % 10)", "\((row * 2903) % 100_000)",
                         "NY \(10 + row)", "\(row * 61 % 89),\(row * 17 % 900 + 100)"]
            for (c, text) in cells.enumerated() {
                lines.append(#"{"x":\#(50 + Double(c) * 100),"y":\#(y),"size":\#(size),"text":"\#(text)"}"#)
            }
        }
        return #"{"pages":[{"width":612,"height":792,"image":true,"dpi":300,"lines":[\#(lines.joined(separator: ","))]}]}"#
    }

    @Test func aPageOfFiguresIsReadAtTheDefaultResolutionAndProseOfTheSameSizeIsNot() throws {
        let dir = try Tools.scratch()
        let (table, _) = try Tools.fixture(Self.figures(), name: "figures.pdf", in: dir)
        let (prose, _) = try Tools.fixture(Self.prose(size: 12), name: "prose.pdf", in: dir)
        let result = try Tools.shell("ux-split '\(table.path)' '\(prose.path)' | ux-ocr -j2")
        #expect(result.status == 0, "\(result.stderr)")
        try #require(result.records.count == 2)
        let figures = try #require(result.records[0].ocr), words = try #require(result.records[1].ocr)
        #expect(figures["dpi_reason"]?.stringValue == "figures" && figures["dpi"]?.doubleValue ?? 0 >= 295, "\(figures)")
        #expect(words["dpi_reason"]?.stringValue == "text-height" && words["dpi"]?.doubleValue ?? 0 < 200, "\(words)")
        #expect(result.records[0]["text"]?.stringValue?.contains("1037") == true)
        // The choice itself: figures are not read below the default resolution, nor above a scan's own.
        #expect(ResolutionChoice.forText(xHeightPoints: 6, imageDPI: 600, figures: true).reason == .figures)
        #expect(ResolutionChoice.forText(xHeightPoints: 6, imageDPI: 200, figures: true) == ResolutionChoice(dpi: 200, reason: .imageResolution, xHeight: 6 * 200 / 72))
    }

    @Test func aScanIsNeverReadAboveItsOwnResolution() throws {
        let dir = try Tools.scratch()
        let (pdf, truth) = try Tools.fixture(Self.prose(size: 7, dpi: 150, width: 400, height: 300), name: "coarse.pdf", in: dir)
        let result = try Tools.shell("ux-split '\(pdf.path)' | ux-ocr")
        #expect(result.status == 0, "\(result.stderr)")
        let record = try #require(result.records.first)
        let ocr = try #require(record.ocr)
        #expect(ocr["dpi"]?.doubleValue == 150 && ocr["dpi_reason"]?.stringValue == "image-resolution", "\(ocr)")
        let (matched, misplaced) = placed(record.words, truth[0])
        #expect(Double(matched) >= 0.8 * Double(truth[0].count), "\(record["text"] ?? .null)")
        #expect(misplaced.isEmpty, "\(misplaced)")

        // --dpi N is what it was: every PDF page rendered at N.
        let fixed = try Tools.shell("ux-split '\(pdf.path)' | ux-ocr --dpi 300")
        #expect(fixed.records.first?.ocr?["dpi"]?.doubleValue == 300)
        #expect(fixed.records.first?.ocr?["dpi_reason"]?.stringValue == "fixed")
        #expect(fixed.records.first?.ocr?["x_height"] == nil)
    }

    /// A scan is not resampled to the 10-pixel x-height that serves a clean render: a 200 dpi
    /// scan of 9 pt print (13.6 pixels) is read at its own resolution, not at 150 dpi; a 300 dpi
    /// scan of it is brought down to 14 pixels; the same print drawn from its text layer to 10.
    @Test func aScanIsReadWithMorePixelsThanACleanRender() throws {
        #expect(ResolutionChoice.forText(xHeightPoints: 5, imageDPI: 200) == ResolutionChoice(dpi: 200, reason: .imageResolution, xHeight: 5 * 200 / 72))
        let fine = ResolutionChoice.forText(xHeightPoints: 5, imageDPI: 300)
        #expect(fine.reason == .textHeight && fine.dpi == (ResolutionChoice.scanXHeight * 72 / 5).rounded(.up), "\(fine)")
        #expect(ResolutionChoice.forText(xHeightPoints: 5, imageDPI: nil).dpi == ResolutionChoice.range.lowerBound)
        // Text that would take a 200 dpi scan to 184 dpi: too small a saving for the blur.
        #expect(ResolutionChoice.forText(xHeightPoints: 5.5, imageDPI: 200) == ResolutionChoice(dpi: 200, reason: .imageResolution, xHeight: 5.5 * 200 / 72))
        #expect(ResolutionChoice.forText(xHeightPoints: 5.5, imageDPI: 300).dpi == (ResolutionChoice.scanXHeight * 72 / 5.5).rounded(.up))

        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (coarse, truth) = try Tools.fixture(Self.prose(size: 9, dpi: 200, width: 400, height: 300), name: "coarse.pdf", in: dir)
        let (finer, _) = try Tools.fixture(Self.prose(size: 9, dpi: 300, width: 400, height: 300), name: "finer.pdf", in: dir)
        let (drawn, _) = try Tools.fixture(Self.prose(size: 9, image: false, width: 400, height: 300), name: "drawn.pdf", in: dir)
        let result = try Tools.shell("ux-split '\(coarse.path)' '\(finer.path)' '\(drawn.path)' | ux-text | ux-ocr -j2 --force")
        #expect(result.status == 0, "\(result.stderr)")
        try #require(result.records.count == 3)
        let ocr = result.records.map { $0.ocr ?? JSONObject() }
        #expect((ocr[0]["dpi"]?.doubleValue ?? 0) >= 199 && ocr[0]["dpi_reason"]?.stringValue == "image-resolution", "\(ocr[0])")
        #expect(abs((ocr[1]["x_height"]?.doubleValue ?? 0) - ResolutionChoice.scanXHeight) < 1 && ocr[1]["dpi_reason"]?.stringValue == "text-height", "\(ocr[1])")
        // From the text layer's 9 pt: an x-height of 4.5 pt brought to 10 pixels.
        #expect(ocr[2]["dpi"]?.doubleValue == (ResolutionChoice.targetXHeight * 72 / 4.5).rounded(.up) && ocr[2]["dpi_reason"]?.stringValue == "text-height", "\(ocr[2])")
        let (matched, misplaced) = placed(result.records[0].words, truth[0])
        #expect(Double(matched) >= 0.8 * Double(truth[0].count), "\(result.records[0]["text"] ?? .null)")
        #expect(misplaced.isEmpty, "\(misplaced)")
    }

    @Test func aTextLayerSaysHowLargeTheTextIsWithoutARender() throws {
        let dir = try Tools.scratch()
        let (pdf, truth) = try Tools.fixture(Self.prose(size: 8, image: false, width: 400, height: 200), name: "text.pdf", in: dir)
        let result = try Tools.shell("ux-split '\(pdf.path)' | ux-ocr --force")
        #expect(result.status == 0, "\(result.stderr)")
        let ocr = try #require(result.records.first?.ocr)
        // 8 pt at half its size for the x-height: 4 pt.
        #expect(ocr["dpi"]?.doubleValue == (ResolutionChoice.targetXHeight * 72 / 4).rounded(.up), "\(ocr)")
        #expect(ocr["dpi_reason"]?.stringValue == "text-height")
        let (matched, _) = placed(result.records.first?.words ?? [], truth[0])
        #expect(Double(matched) >= 0.8 * Double(truth[0].count))
    }

    @Test func theDpiOptionTakesAutoOrANumber() throws {
        let bad = try Tools.shell("ux-ocr --dpi fine < /dev/null")
        #expect(bad.status == 64 && bad.stderr.contains("--dpi"), "\(bad.stderr)")
        let low = try Tools.shell("ux-ocr --dpi 5 < /dev/null")
        #expect(low.status == 64, "\(low.stderr)")
        let ok = try Tools.shell("ux-ocr --dpi auto < /dev/null")
        #expect(ok.status == 0, "\(ok.stderr)")
    }
}

/// How many true words OCR found where they are (same text, boxes overlapping by half), and the
/// found words that match a true word's text but none of its places. Words repeat in the prose.
/// Words of one or two letters are left out: at 150 dpi their boxes are a pixel or two narrower.
func placed(_ found: [TextSpan], _ truth: [TextSpan]) -> (matched: Int, misplaced: [String]) {
    let found = found.filter { $0.text.count >= 3 }, truth = truth.filter { $0.text.count >= 3 }
    let matched = truth.filter { t in found.contains { $0.text == t.text && $0.box.overlapRatio(t.box) > 0.5 } }.count
    let misplaced = found.filter { f in
        let same = truth.filter { $0.text == f.text }
        return !same.isEmpty && !same.contains { $0.box.overlapRatio(f.box) > 0.5 }
    }
    return (matched, misplaced.map { "\($0.text): \($0.box)" })
}
