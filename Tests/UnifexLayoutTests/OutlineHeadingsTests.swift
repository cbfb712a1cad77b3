import Testing
@testable import UnifexLayout
import UnifexCore

/// Headings named by the PDF's outline, on pages made of lines whose structure is known.
@Suite struct OutlineHeadingsTests {
    static func line(_ text: String, y: Double, size: Double = 10, bold: Bool = false, italic: Bool = false) -> TextSpan {
        TextSpan(text: text, box: Box(x0: 72, y0: y, x1: 72 + Double(text.count) * size * 0.5, y1: y + size * 1.2),
                 font: FontStyle(size: size, bold: bold, italic: italic))
    }

    static func blocks(_ lines: [TextSpan], outline: [OutlineEntry]) -> [Block] {
        PageBlocks.blocks(.init(width: 612, height: 792, lines: lines, tables: [], pageNumber: 3, outline: outline))
    }

    @Test func theEntryNearestTheOutlinesHeightIsTheHeading() {
        // `Results` twice in the body's font: a mention at the top, the heading lower down.
        var lines = [Self.line("Results", y: 100)]
        lines += (0..<3).map { Self.line("Some words of the body that run along the line \($0).", y: 114 + Double($0) * 12) }
        lines.append(Self.line("Results", y: 300))
        lines += (0..<3).map { Self.line("More words of the body that run along the line \($0).", y: 320 + Double($0) * 12) }
        let plain = Self.blocks(lines, outline: [])
        #expect(!plain.contains { $0.kind == .heading }, "\(plain)")
        let named = Self.blocks(lines, outline: [OutlineEntry(title: "3.2 Results", level: 2, top: 296)])
        let headings = named.filter { $0.kind == .heading }
        #expect(headings.count == 1 && headings.first?.level == 2 && headings.first?.box.y0 == 300, "\(named)")
        // Without a height the first in reading order is taken.
        let first = Self.blocks(lines, outline: [OutlineEntry(title: "Results", level: 1)]).filter { $0.kind == .heading }
        #expect(first.count == 1 && first.first?.box.y0 == 100, "\(first)")
    }

    @Test func aHeadingRunIntoItsParagraphOrBrokenOverGroupsIsOneHeading() {
        let lines = [Self.line("CHAPTER ONE: The Making", y: 100), Self.line("of Things", y: 112),
                     Self.line("In the beginning there was a line of the body.", y: 124),
                     Self.line("And it went on for a while longer than that.", y: 136)]
        let blocks = Self.blocks(lines, outline: [OutlineEntry(title: "Chapter 1: The Making of Things", level: 1)])
        #expect(blocks.map(\.kind) == [.heading, .paragraph], "\(blocks)")
        #expect(blocks.first?.text == "CHAPTER ONE: The Making of Things" && blocks.first?.lines == [0, 1], "\(blocks)")
        #expect(blocks.last?.text.hasPrefix("In the beginning") == true)
        // A title the page does not show names nothing.
        let none = Self.blocks(lines, outline: [OutlineEntry(title: "Appendix", level: 1)])
        #expect(!none.contains { $0.kind == .heading }, "\(none)")
    }

    @Test func anIndexEntryOrAContentsLineIsNoHeading() {
        for text in ["Steamboat Willie, 21–23, 309n", "Henry V, 85", "Simpsons, The, 95–98", "Methods ........ 12"] {
            let lines = [Self.line(text, y: 100, italic: true)] + (0..<3).map { Self.line("A body line of ordinary words number \($0).", y: 130 + Double($0) * 12) }
            #expect(Self.blocks(lines, outline: []).first?.kind == .paragraph, "\(text)")
        }
        let report = [Self.line("Annual Report, 2019", y: 100, bold: true)] + (0..<3).map { Self.line("A body line of ordinary words number \($0).", y: 130 + Double($0) * 12) }
        #expect(Self.blocks(report, outline: []).first?.kind == .heading)
    }
}
