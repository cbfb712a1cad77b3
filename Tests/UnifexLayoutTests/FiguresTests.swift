import Testing
@testable import UnifexLayout
import UnifexCore

/// Pictures from the images a page draws, on pages made of lines whose structure is known.
@Suite struct FiguresTests {
    static func line(_ text: String, x: Double = 72, y: Double, size: Double = 10) -> TextSpan {
        TextSpan(text: text, box: Box(x0: x, y0: y, x1: x + Double(text.count) * size * 0.5, y1: y + size * 1.2),
                 font: FontStyle(size: size))
    }

    static func prose(from y: Double, count: Int, _ name: String) -> [TextSpan] {
        (0..<count).map { line("\(name) line \($0) of running text goes on here\($0 == count - 1 ? "." : "")", y: y + Double($0) * 12) }
    }

    static func blocks(_ lines: [TextSpan], images: [Box]) -> [Block] {
        PageBlocks.blocks(.init(width: 612, height: 792, lines: lines, tables: [], pageNumber: 2, images: images))
    }

    @Test func aPictureStandsInReadingOrderWithItsCaptionAndLabels() {
        var lines = Self.prose(from: 100, count: 4, "Before")
        lines.append(Self.line("Valve", x: 200, y: 250, size: 7))              // a label inside the picture
        lines.append(Self.line("Figure 3: A valve, cut open.", y: 372))
        lines += Self.prose(from: 400, count: 4, "After")
        // Two tiles of one picture, touching.
        let images = [Box(x0: 72, y0: 160, x1: 300, y1: 260), Box(x0: 72, y0: 260, x1: 300, y1: 360)]
        let blocks = Self.blocks(lines, images: images)
        #expect(blocks.map(\.kind) == [.paragraph, .figure, .caption, .paragraph], "\(blocks)")
        let figure = blocks[1]
        #expect(figure.box == Box(x0: 72, y0: 160, x1: 300, y1: 360))
        #expect(figure.lines == [4], "the label belongs to the picture")
        #expect(figure.caption == 2)
        // Without images the page reads as before, the label a paragraph of its own.
        let plain = Self.blocks(lines, images: [])
        #expect(!plain.contains { $0.kind == .figure } && plain.contains { $0.text == "Valve" })
    }

    @Test func imagesUnderTextOrTooSmallAreNoPictures() {
        let lines = Self.prose(from: 100, count: 6, "Body") + [Self.line("Results", y: 300, size: 14)]
            + Self.prose(from: 330, count: 3, "More")
        let images = [
            Box(x0: 60, y0: 90, x1: 560, y1: 180),   // a tint under the running text
            Box(x0: 66, y0: 294, x1: 300, y1: 322),  // a band behind a heading
            Box(x0: 400, y0: 500, x1: 410, y1: 510), // a bullet-sized mark
        ]
        let blocks = Self.blocks(lines, images: images)
        #expect(!blocks.contains { $0.kind == .figure }, "\(blocks)")
        #expect(blocks.flatMap(\.lines).sorted() == Array(0..<lines.count), "every line is in a block")
        #expect(blocks.contains { $0.text == "Results" })
    }

    @Test func aTablesCaptionIsNotAPictures() {
        let lines = Self.prose(from: 100, count: 3, "Body") + [Self.line("Table 2: Counts by year.", y: 262)]
        let blocks = Self.blocks(lines, images: [Box(x0: 72, y0: 150, x1: 300, y1: 250)])
        let figure = blocks.first { $0.kind == .figure }
        #expect(figure != nil && figure?.caption == nil, "\(blocks)")
    }

    /// A scanned book's page: OCR lines (no font) set around a drawn picture on their left, a
    /// paragraph ending in a short line under the picture's edge, then the text below it at the
    /// column's full width.
    @Test func textSetAroundAPictureIsProseWithAllItsLines() {
        // OCR's boxes hold the ink: a line's top is its ascenders' (or its x-height's), its
        // bottom its descenders' (or its baseline); the baseline is 7 points below `y`.
        func ocr(_ text: String, x: Double, y: Double, x1: Double) -> TextSpan {
            let ascends = text.contains { "bdfhklt".contains($0) || $0.isUppercase || $0.isNumber }
            let descends = text.contains { "gjpqy,;".contains($0) }
            return TextSpan(text: text, box: Box(x0: x, y0: y + (ascends ? 0 : 2), x1: x1, y1: y + (descends ? 9 : 7)), confidence: 0.95)
        }
        var lines: [TextSpan] = []
        let beside = ["the trees back towards the end of the", "garden, stooping down so as the branches",
                      "would not scrape our heads. When we was", "passing by the kitchen I fell over a root",
                      "and made a noise. We scrouched down and", "laid still. Then he got up and stretched",
                      "his neck out about a minute, listening. Then he"]
        for (i, text) in beside.enumerated() { lines.append(ocr(text, x: 200, y: 100 + Double(i) * 13, x1: 370)) }
        lines.append(ocr("says,", x: 200, y: 100 + 7 * 13, x1: 218))
        let next = ["He listened some more; then he come down", "and stood right between us; we could a",
                    "touched him, nearly. Well, likely it was", "minutes and minutes that there was not a"]
        for (i, text) in next.enumerated() { lines.append(ocr(text, x: i == 0 ? 212 : 200, y: 210 + Double(i) * 13, x1: 370)) }
        let below = ["sound, and we all there so close together. There was a place on my ankle that got",
                     "to itching, but I dasn't scratch it; and then my ear begun to itch; and next my back."]
        for (i, text) in below.enumerated() { lines.append(ocr(text, x: 21, y: 300 + Double(i) * 13, x1: 371)) }
        let picture = Box(x0: 20, y0: 90, x1: 193, y1: 306)
        let blocks = PageBlocks.blocks(.init(width: 384, height: 470, lines: lines, tables: [], drawings: [picture]))
        let figure = blocks.first { $0.kind == .figure }
        #expect(figure != nil, "\(blocks)")
        #expect(figure?.lines.isEmpty == true, "a paragraph's last line is no label: \(figure?.lines ?? [])")
        #expect(blocks.contains { $0.text.contains("listening. Then he says,") }, "\(blocks.map { ($0.kind, $0.text) })")
        #expect(!blocks.contains { $0.kind == .listItem }, "lines set beside a picture are no list: \(blocks.map(\.kind))")
        #expect(blocks.flatMap(\.lines).sorted() == Array(0..<lines.count), "every line is in a block")
    }
}
