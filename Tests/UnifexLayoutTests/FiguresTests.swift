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
}
