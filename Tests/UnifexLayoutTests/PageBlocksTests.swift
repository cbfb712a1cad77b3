import Testing
@testable import UnifexLayout
import UnifexCore

/// The pure layout rules, on pages made of lines whose structure is known.
@Suite struct PageBlocksTests {
    static func line(_ text: String, x: Double, y: Double, width: Double, size: Double = 10, bold: Bool = false) -> TextSpan {
        TextSpan(text: text, box: Box(x0: x, y0: y, x1: x + width, y1: y + size * 1.2), font: FontStyle(size: size, bold: bold))
    }

    /// A title across two columns of eight lines each.
    static func twoColumns() -> [TextSpan] {
        var lines = [line("A Title Across Both Columns", x: 72, y: 60, width: 400, size: 20, bold: true)]
        for i in 0..<8 { lines.append(line("left column line \(i) \(i < 7 ? "goes on" : "ends here.")", x: 72, y: 120 + Double(i) * 12, width: 220)) }
        for i in 0..<8 { lines.append(line("right column line \(i) \(i < 7 ? "goes on" : "ends too.")", x: 320, y: 120 + Double(i) * 12, width: 220)) }
        return lines
    }

    @Test func columnsAreReadOneAfterTheOtherUnderASpanningTitle() {
        let blocks = PageBlocks.blocks(.init(width: 612, height: 792, lines: Self.twoColumns(), tables: [], pageNumber: 1))
        #expect(blocks.map(\.kind) == [.title, .paragraph, .paragraph])
        #expect(blocks[1].text.hasPrefix("left column line 0") && blocks[1].text.hasSuffix("line 7 ends here."))
        #expect(blocks[2].text.hasPrefix("right column line 0"))
        // Right to left: the right column first.
        let arabic = Self.twoColumns().enumerated().map { i, l in
            TextSpan(text: i == 0 ? "عنوان طويل عبر العمودين" : "سطر عربي طويل في العمود هنا \(i)", box: l.box, font: l.font)
        }
        let rtl = PageBlocks.blocks(.init(width: 612, height: 792, lines: arabic, tables: [], pageNumber: 2))
        #expect(rtl.count == 3)
        #expect((rtl.dropFirst().first?.box.x0 ?? 0) > 300, "\(rtl.map(\.box))")
    }

    @Test func aChartsLabelsBesideAColumnDoNotHideTheGutter() {
        // Two columns of twelve lines; a chart in the right one with thirty labels of a word each.
        var lines: [TextSpan] = []
        for i in 0..<12 { lines.append(Self.line("left column prose line \(i) goes on", x: 72, y: 100 + Double(i) * 12, width: 220)) }
        for i in 0..<12 { lines.append(Self.line("right column prose line \(i) goes on", x: 320, y: 300 + Double(i) * 12, width: 220)) }
        for i in 0..<30 { lines.append(Self.line("L\(i)", x: 330 + Double(i % 6) * 35, y: 100 + Double(i / 6) * 30, width: 14, size: 7)) }
        let blocks = PageBlocks.blocks(.init(width: 612, height: 792, lines: lines, tables: [], pageNumber: 1))
        let prose = blocks.filter { $0.text.contains("prose") }
        // The left column is read whole before anything on the right.
        let firstRight = try? #require(blocks.firstIndex { $0.box.x0 >= 300 })
        let lastLeft = try? #require(blocks.lastIndex { $0.box.x1 <= 300 })
        #expect((lastLeft ?? 99) < (firstRight ?? -1), "\(blocks.map(\.text))")
        #expect(prose.first?.text.hasPrefix("left column prose line 0") == true)
        #expect(prose.first?.text.contains("line 11 goes on") == true)
    }

    @Test func sideHeadingsBodyAndASideColumnAreReadColumnByColumn() {
        // A back cover: short side headings on the left, the body in the middle, a narrow column of
        // prose on the right. The widest clear strip lies among the side headings' ragged ends and
        // parts no columns; the body's gutters are narrower.
        var lines: [TextSpan] = []
        for i in 0..<9 {
            let long = i % 3 == 2
            lines.append(Self.line(long ? "side head \(i) wide" : "side \(i)", x: 30, y: 200 + Double(i) * 14, width: long ? 110 : 50, bold: true))
        }
        for i in 0..<12 { lines.append(Self.line("body text line \(i) of the middle \(i < 11 ? "goes on" : "ends here.")", x: 165, y: 200 + Double(i) * 12, width: 250)) }
        for i in 0..<12 { lines.append(Self.line("Right prose \(i) runs", x: 470, y: 200 + Double(i) * 12, width: 120)) }
        let blocks = PageBlocks.blocks(.init(width: 612, height: 792, lines: lines, tables: [], pageNumber: 1))
        let column = { (b: Block) in b.box.x0 < 100 ? 0 : b.box.x0 < 300 ? 1 : 2 }
        let columns = blocks.map(column)
        #expect(columns == columns.sorted(), "\(blocks.map(\.text))")
        #expect(blocks.first { column($0) == 1 }?.text.hasSuffix("line 11 of the middle ends here.") == true, "\(blocks.map(\.text))")
    }

    @Test func threeJustifiedColumnsWithANarrowGutterAreReadOneAfterTheOther() {
        // Three columns 167 points wide, 8 points apart, in 9 point type; justified lines reach the
        // column's edge, some a point into the gutter (a full stop, a hyphen).
        var lines: [TextSpan] = []
        for c in 0..<3 {
            let x = 45 + Double(c) * 175
            for i in 0..<14 {
                let poke = i % 4 == 1 ? 1.0 : 0
                lines.append(Self.line("column \(c) line \(i) of justified prose \(i == 13 ? "ends." : "goes")", x: x, y: 60 + Double(i) * 10,
                                       width: 167 + poke, size: 9))
            }
        }
        let blocks = PageBlocks.blocks(.init(width: 612, height: 792, lines: lines, tables: [], pageNumber: 2))
        let text = blocks.map(\.text).joined(separator: " ")
        let order = lines.map { text.range(of: $0.text)?.lowerBound }
        #expect(order.allSatisfy { $0 != nil }, "\(blocks.map(\.text))")
        #expect(zip(order, order.dropFirst()).allSatisfy { $0! < $1! }, "\(blocks.map(\.text))")
        #expect(blocks.count == 3 && blocks.allSatisfy { $0.kind == .paragraph }, "\(blocks.map(\.text))")
    }

    @Test func footnotesOutweighingTheBodyLeaveItTheBodyAndComeLast() {
        // Two columns of 9 point body; under the first, long footnotes in 7 point, more of them
        // than of the body.
        var lines: [TextSpan] = []
        for i in 0..<6 { lines.append(Self.line("left body line \(i) of the running text \(i == 5 ? "ends." : "goes")", x: 45, y: 60 + Double(i) * 11, width: 250, size: 9)) }
        for i in 0..<6 { lines.append(Self.line("right body line \(i) of the running text \(i == 5 ? "ends." : "goes")", x: 320, y: 60 + Double(i) * 11, width: 250, size: 9)) }
        for n in 1...4 {
            for i in 0..<4 {
                lines.append(Self.line("\(i == 0 ? "\(n) " : "")footnote \(n) says a great deal in small type, line \(i)\(i == 3 ? "." : "")",
                                       x: 45, y: 400 + Double(n * 4 + i) * 8.5, width: 250, size: 7))
            }
        }
        let blocks = PageBlocks.blocks(.init(width: 612, height: 792, lines: lines, tables: [], pageNumber: 2))
        #expect(!blocks.contains { $0.kind == .heading }, "\(blocks.map { ($0.kind, $0.text) })")
        let kinds = blocks.map(\.kind)
        #expect(kinds.count >= 3 && kinds.prefix(2) == [.paragraph, .paragraph] && kinds.dropFirst(2).allSatisfy { $0 == .footnote },
                "\(blocks.map { ($0.kind, $0.text) })")
    }

    @Test func aParagraphGoesOnIntoTheNextColumnPastTheFootnotesUnderIt() {
        var lines: [TextSpan] = []
        for i in 0..<8 { lines.append(Self.line("left column line \(i) of one paragraph that", x: 72, y: 100 + Double(i) * 12, width: 220)) }
        lines.append(Self.line("1 A note set small at the foot of the column.", x: 72, y: 400, width: 220, size: 8))
        for i in 0..<8 { lines.append(Self.line("goes on in the right column line \(i)\(i == 7 ? "." : "")", x: 320, y: 100 + Double(i) * 12, width: 220)) }
        let blocks = PageBlocks.blocks(.init(width: 612, height: 792, lines: lines, tables: [], pageNumber: 2))
        #expect(blocks.map(\.kind) == [.paragraph, .footnote], "\(blocks.map { ($0.kind, $0.text) })")
        #expect(blocks.first?.text.hasSuffix("right column line 7.") == true)
    }

    @Test func wordsSetApartAreMarkedInTheBlocksMarkdown() {
        // A list item whose label is bold, and a paragraph starting with a plain `#` and an italic word.
        func words(_ texts: [(String, Emphasis)], y: Double) -> [TextSpan] {
            var x = 72.0
            return texts.map { text, emphasis in
                defer { x += Double(text.count) * 5 + 5 }
                return TextSpan(text: text, box: Box(x0: x, y0: y + 1, x1: x + Double(text.count) * 5, y1: y + 11), emphasis: emphasis)
            }
        }
        let item = words([("•", []), ("Label:", .bold), ("the", []), ("rest", []), ("of", []), ("it.", [])], y: 100)
        let paragraph = words([("#3", []), ("is", []), ("an", []), ("italic", .italic), ("word.", [])], y: 130)
        let lines = [item, paragraph].map { ws in
            TextSpan(text: ws.map(\.text).joined(separator: " "), box: ws.dropFirst().reduce(ws[0].box) { $0.union($1.box) }, font: FontStyle(size: 10))
        }
        let blocks = PageBlocks.blocks(.init(width: 612, height: 792, lines: lines, words: item + paragraph, tables: [], pageNumber: 2))
        #expect(blocks.map(\.kind) == [.listItem, .paragraph], "\(blocks)")
        #expect(blocks.first?.markdown == "**Label:** the rest of it.", "\(blocks)")
        #expect(blocks.last?.markdown == "\\#3 is an *italic* word.", "\(blocks)")
        // Without emphasis there is no Markdown of the block's own.
        let plain = PageBlocks.blocks(.init(width: 612, height: 792, lines: lines, tables: [], pageNumber: 2))
        #expect(plain.allSatisfy { $0.markdown == nil })
    }

    @Test func aTableSetInOneColumnIsNotTakenForColumns() {
        // One column of prose with a two-column table in its middle: the gap between the table's
        // columns is crossed by most of the page's lines, so it is no gutter.
        var lines: [TextSpan] = []
        for i in 0..<10 { lines.append(Self.line("a long line of prose number \(i) running across", x: 72, y: 100 + Double(i) * 12, width: 400)) }
        for i in 0..<8 {
            lines.append(Self.line("cell \(i) left", x: 90, y: 240 + Double(i) * 12, width: 120))
            lines.append(Self.line("cell \(i) right", x: 300, y: 240 + Double(i) * 12, width: 120))
        }
        for i in 0..<10 { lines.append(Self.line("more prose after the table line \(i) runs on", x: 72, y: 350 + Double(i) * 12, width: 400)) }
        let blocks = PageBlocks.blocks(.init(width: 612, height: 792, lines: lines, tables: [], pageNumber: 1))
        let cells = blocks.map(\.text).joined(separator: " ").components(separatedBy: "cell ").dropFirst().map { String($0.prefix(7)) }
        #expect(cells == (0..<8).flatMap { ["\($0) left ", "\($0) right"] }, "\(blocks.map(\.text))")
    }

    @Test func aCaptionsLabelSetATabBeforeItsTextIsOneCaption() {
        var lines: [TextSpan] = []
        for i in 0..<6 { lines.append(Self.line("a line of the body text number \(i) that runs on", x: 137, y: 100 + Double(i) * 12, width: 400)) }
        lines.append(Self.line("Table 2-2", x: 65, y: 190, width: 36, size: 9))
        lines.append(Self.line("Comparison of the function usage IDs", x: 112, y: 190, width: 280, size: 9))
        let blocks = PageBlocks.blocks(.init(width: 612, height: 792, lines: lines, tables: [], pageNumber: 1))
        #expect(blocks.last?.kind == .caption && blocks.last?.text == "Table 2-2 Comparison of the function usage IDs",
                "\(blocks.map { ($0.kind, $0.text) })")
        // A label is not a sentence: "Table 3 shows" is text, and stays apart from a piece far right.
        #expect(!Classify.isCaptionLabelOnly("Table 3 shows"))
        #expect(Classify.isCaptionLabelOnly("Figure 3:") && Classify.isCaptionLabelOnly("Table IV") && Classify.isCaptionLabelOnly("Fig. 2"))
    }

    @Test func aSmallLabelBesideATitlesFirstLineDoesNotCutTheTitle() {
        var lines = [Self.line("Chapter 1.", x: 81, y: 269, width: 34, size: 7, bold: true),
                     Self.line("Securing and protecting IBM DB2", x: 137, y: 255, width: 405, size: 26, bold: true),
                     Self.line("data", x: 137, y: 286, width: 53, size: 26, bold: true)]
        for i in 0..<8 { lines.append(Self.line("body text line \(i) of the chapter runs on and on", x: 137, y: 349 + Double(i) * 12, width: 400)) }
        let blocks = PageBlocks.blocks(.init(width: 612, height: 792, lines: lines, tables: [], pageNumber: 5))
        #expect(blocks.contains { $0.kind == .heading && $0.text == "Securing and protecting IBM DB2 data" },
                "\(blocks.map { ($0.kind, $0.text) })")
    }

    @Test func aParagraphCutByTheColumnsFootIsOne() {
        var lines = Self.twoColumns()
        lines[8].text = "and the last line of the left goes"
        lines[9].text = "on at the top of the right column and"
        let blocks = PageBlocks.blocks(.init(width: 612, height: 792, lines: lines, tables: [], pageNumber: 1))
        #expect(blocks.map(\.kind) == [.title, .paragraph], "\(blocks.map(\.text))")
        #expect(blocks.last?.text.contains("left goes on at the top of the right column and") == true)
        // A sentence that ends at the foot: two paragraphs.
        lines[8].text = "and the left column ends here."
        #expect(PageBlocks.blocks(.init(width: 612, height: 792, lines: lines, tables: [], pageNumber: 1)).count == 3)
    }

    @Test func everyLineIsInExactlyOneBlockWhateverThePage() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let count = Int.random(in: 0...60, using: &generator)
            let lines = (0..<count).map { i -> TextSpan in
                let x = Double.random(in: -50...600, using: &generator), y = Double.random(in: -50...800, using: &generator)
                let words = ["•", "1.", "Figure 2:", "Table", "exam-", "ple", "3.1", "Heading", "text", "", " "]
                let text = (0..<Int.random(in: 1...5, using: &generator)).map { _ in words.randomElement(using: &generator)! }.joined(separator: " ")
                let size = [6.0, 9, 10, 12, 18, .nan, 0, 1e300].randomElement(using: &generator)!
                return TextSpan(text: text + " \(i)", box: Box(x0: x, y0: y, x1: x + Double.random(in: 0...400, using: &generator),
                                                                y1: y + Double.random(in: 0...30, using: &generator)),
                                font: Bool.random(using: &generator) ? FontStyle(size: size, bold: Bool.random(using: &generator)) : nil)
            }
            let blocks = PageBlocks.blocks(.init(width: 612, height: 792, lines: lines, tables: [], pageNumber: 1))
            let used = blocks.flatMap(\.lines)
            let usable = lines.indices.filter { lines[$0].box.isUsable && !lines[$0].text.trimmingWhitespace().isEmpty
                && lines[$0].box.x1 > -1 && lines[$0].box.x0 < 613 && lines[$0].box.y1 > -1 && lines[$0].box.y0 < 793 }
            #expect(used.sorted() == usable, "\(lines)")
        }
    }

    @Test func aBrokenWordIsJoinedAndACompoundKeepsItsHyphen() {
        let words = Words(known: ["example", "heavy", "duty", "state", "of", "light", "compute"])
        #expect(TextJoin.join(["one exam-", "ple here"], words: words) == "one example here")
        #expect(TextJoin.join(["the heavy-", "duty ones"], words: words) == "the heavy-duty ones")
        #expect(TextJoin.join(["light-", "and heavy-duty"], words: words) == "light- and heavy-duty")
        #expect(TextJoin.join(["comput-", "ing power"], words: words) == "computing power")
        #expect(TextJoin.join(["Name:", "Ann"], words: words) == "Name: Ann")
        #expect(TextJoin.join(["a dash -", "Next"], words: words) == "a dash - Next")
    }

    @Test func aHyphenOrADashEndingALineBeforeACapitalOrADigitIsKeptWithNoSpace() {
        let words = Words(known: ["trace", "monkey", "example"])
        #expect(TextJoin.join(["of Trace-", "Monkey and"], words: words) == "of Trace-Monkey and")
        #expect(TextJoin.join(["64-bit IEEE-", "754 numbers"], words: words) == "64-bit IEEE-754 numbers")
        #expect(TextJoin.join(["Docket No. FAA\u{2013}2020\u{2013}", "0686; or"], words: words) == "Docket No. FAA\u{2013}2020\u{2013}0686; or")
        #expect(TextJoin.join(["Since AD 2018\u{2013}", "23\u{2013}51 was"], words: words) == "Since AD 2018\u{2013}23\u{2013}51 was")
        // A dash set close to its words is no break of a word, whatever follows it.
        #expect(TextJoin.join(["free for anyone\u{2014}", "whether connected"], words: words) == "free for anyone\u{2014}whether connected")
        // Before a lowercase letter a hyphen is still a word's break, and a dash set apart stays apart.
        #expect(TextJoin.join(["an exam-", "ple of"], words: words) == "an example of")
        #expect(TextJoin.join(["a pause \u{2013}", "Then"], words: words) == "a pause \u{2013} Then")
        #expect(TextJoin.join(["a pause -", "then"], words: words) == "a pause - then")
    }

    @Test func labelsMarkersAndNumbersAreToldFromText() {
        for caption in ["Figure 3: A plot", "Fig. 2. Results", "Table 1. HPO", "Tab. 4", "[표 1] 비교", "Table 2-2 Comparison"] {
            #expect(Classify.isCaption(caption), "\(caption)")
        }
        for text in ["Table 3 shows the results", "Figures are drawn", "Tables of contents", "Figure it out"] {
            #expect(!Classify.isCaption(text), "\(text)")
        }
        #expect(ListMarker.split("• item")?.marker == "•")
        #expect(ListMarker.split("© Copyright IBM Corp. 2014. All rights reserved.") == nil)
        // OCR reads a round bullet as ©, but not before a copyright notice.
        #expect(Fragment.bulletRead("© Install the package") == "• Install the package")
        #expect(Fragment.bulletRead("© Copyright IBM Corp. 2014.") == "© Copyright IBM Corp. 2014.")
        #expect(Fragment.bulletRead("© 2014 IBM Corporation") == "© 2014 IBM Corporation")
        #expect(ListMarker.split("\u{F0B7} item")?.marker == "\u{F0B7}")
        #expect(ListMarker.split("(a) first")?.marker == "(a)")
        #expect(ListMarker.split("iv. fourth")?.marker == "iv.")
        #expect(ListMarker.split("12) twelfth")?.marker == "12)")
        #expect(ListMarker.split("(12) twelfth")?.marker == "(12)")
        #expect(ListMarker.split("(818) 708-8131 TELEX #298949") == nil, "a telephone number's area code")
        #expect(ListMarker.split("-5 degrees") == nil)
        #expect(ListMarker.split("2020.3.30. 0시") == nil)
        #expect(SectionNumber.parse("4.1.2") == 3)
        #expect(SectionNumber.parse("A.1") == 2)
        #expect(SectionNumber.parse("A") == nil)
        #expect(SectionNumber.parse("IV.") == 1)
        for number in ["12", "- 3 -", "Page 4", "5 of 20", "xii"] { #expect(Furniture.isPageNumber(number), "\(number)") }
        for text in ["12 apples", "Chapter", "2024-01-01"] { #expect(!Furniture.isPageNumber(text), "\(text)") }
    }

    @Test func aPageOfManyLinesKeepsItsPace() {
        // 20,000 lines in 40 columns of 500: no step may cost the square of the lines.
        var lines: [TextSpan] = []
        for c in 0..<40 { for r in 0..<500 { lines.append(Self.line("w\(c).\(r)", x: Double(c) * 15, y: Double(r) * 1.5, width: 10, size: 1)) } }
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = PageBlocks.blocks(.init(width: 612, height: 792, lines: lines, tables: [], pageNumber: 1)) }
        #expect(elapsed < .seconds(20), "\(elapsed)")
        // Seven ragged columns of 3000 lines, whose gaps part nothing that fills: every gap is
        // tried, each side looked into for columns of its own, and that search stays bounded.
        var ragged: [TextSpan] = []
        for c in 0..<7 { for r in 0..<430 { ragged.append(Self.line("w", x: Double(c) * 100, y: Double(r) * 1.8, width: r % 3 == 0 ? 80 : 16, size: 1.5)) } }
        let raggedElapsed = clock.measure { _ = PageBlocks.blocks(.init(width: 812, height: 792, lines: ragged, tables: [], pageNumber: 1)) }
        #expect(raggedElapsed < .seconds(20), "\(raggedElapsed)")
    }

    /// A printer's stamp set sideways in the left margin, beside the page's foot line: furniture,
    /// and no part of the row it crosses. A page set in vertical lines keeps its outer line.
    @Test func aSidewaysStampInTheMarginIsFurniture() {
        var lines = (0..<12).map { i in
            Self.line("body line \(i) of the notice \(i < 11 ? "goes on" : "ends here.")", x: 72, y: 600 + Double(i) * 12, width: 460)
        }
        lines.append(TextSpan(text: "jbell on DSKJLSW7X2PROD with PROPOSALS", box: Box(x0: 18, y0: 667, x1: 23, y1: 774),
                              font: FontStyle(size: 5)))
        lines.append(Self.line("VerDate Sep<11>2014", x: 25, y: 767, width: 66, size: 6.5))
        let blocks = PageBlocks.blocks(.init(width: 612, height: 792, lines: lines, tables: [], pageNumber: 2))
        let body = blocks.filter { $0.kind == .paragraph }
        #expect(body.count == 1 && body[0].text.hasSuffix("ends here."), "\(blocks.map { ($0.kind, $0.text) })")
        #expect(!body.contains { $0.text.contains("DSKJ") || $0.text.contains("VerDate") })
        #expect(blocks.contains { $0.text == "jbell on DSKJLSW7X2PROD with PROPOSALS" && $0.kind == .pageFooter },
                "\(blocks.map { ($0.kind, $0.text) })")
        // Vertical writing: every line sideways, the first in the margin too.
        let vertical = (0..<10).map { i in
            TextSpan(text: "縦書きの行\(i)です", box: Box(x0: 560 - Double(i) * 50, y0: 72, x1: 572 - Double(i) * 50, y1: 400),
                     font: FontStyle(size: 12))
        }
        let upright = PageBlocks.blocks(.init(width: 612, height: 792, lines: vertical, tables: [], pageNumber: 1))
        #expect(upright.contains { $0.text.contains("縦書きの行0です") && $0.kind != .pageFooter && $0.kind != .pageHeader },
                "\(upright.map { ($0.kind, $0.text) })")
    }

    /// OCR sizes lines by their ink: a brochure's lead paragraph of long lines in larger type is a
    /// paragraph, not two headings, while a short large line still heads.
    @Test func longOCRLinesMeasuredLargeAreAParagraph() {
        func ocr(_ text: String, y: Double, height: Double) -> TextSpan {
            TextSpan(text: text, box: Box(x0: 83, y0: y, x1: 83 + Double(text.count) * 4.2, y1: y + height), confidence: 0.95)
        }
        var lines = [ocr("The Sequencer is a state-of-the-art composition and performance tool for the professional musician. It is", y: 91, height: 13),
                     ocr("extremely powerful, yet amazingly simple to learn and use. Its many remarkable features include these", y: 106, height: 11.5),
                     ocr("Recording a Sequence", y: 140, height: 12)]
        for i in 0..<8 { lines.append(ocr("To record a sequence simply press record and play then keep going \(i)", y: 160 + Double(i) * 12, height: 9)) }
        let blocks = PageBlocks.blocks(.init(width: 612, height: 792, lines: lines, tables: [], pageNumber: 1))
        #expect(blocks.first?.kind == .paragraph, "\(blocks.map { ($0.kind, $0.text) })")
        #expect(blocks.first?.text.hasSuffix("features include these") == true, "\(blocks.map { ($0.kind, $0.text) })")
        #expect(blocks.contains { $0.kind == .heading && $0.text == "Recording a Sequence" }, "\(blocks.map { ($0.kind, $0.text) })")
    }

    /// Under two columns, a list across the page whose items' second lines are short enough to
    /// fit in the left column: each item keeps its second line.
    @Test func anItemAcrossTheColumnsKeepsItsShortSecondLine() {
        var lines = Self.twoColumns()
        let items = [("• Simple, easy to learn operation: the display clearly guides you through all operations, the",
                      "HELP button displays additional explanations."),
                     ("• Two FOOTSWITCH INPUTS may be assigned to remotely control many of the commonly used functions:",
                      "ERASE, REPEAT, PLAY/STOP, or LOCATE.")]
        var y = 240.0
        for (first, second) in items {
            lines.append(Self.line(first, x: 72, y: y, width: 470))
            lines.append(Self.line(second, x: 80, y: y + 12, width: 180))
            y += 30
        }
        let blocks = PageBlocks.blocks(.init(width: 612, height: 792, lines: lines, tables: [], pageNumber: 1))
        let listed = blocks.filter { $0.kind == .listItem }
        #expect(listed.count == 2, "\(blocks.map { ($0.kind, $0.text) })")
        #expect(listed.first?.text.hasSuffix("HELP button displays additional explanations.") == true, "\(listed.map(\.text))")
        #expect(listed.last?.text.hasSuffix("ERASE, REPEAT, PLAY/STOP, or LOCATE.") == true, "\(listed.map(\.text))")
    }

    /// A heading at the foot of the left column, under everything of the right one, over a list
    /// across the page: it heads the list, after the right column.
    @Test func aHeadingUnderBothColumnsHeadsWhatSpansBelowIt() {
        var lines = Self.twoColumns()
        lines.append(Self.line("Additional Features", x: 72, y: 230, width: 120, size: 12, bold: true))
        lines.append(Self.line("• Simple, easy to learn operation: the display clearly guides you through all operations.", x: 72, y: 250, width: 470))
        lines.append(Self.line("• Non-destructive recording: existing notes are not erased while recording, ever again.", x: 72, y: 264, width: 470))
        let blocks = PageBlocks.blocks(.init(width: 612, height: 792, lines: lines, tables: [], pageNumber: 1))
        let texts = blocks.map(\.text)
        let heading = texts.firstIndex(of: "Additional Features"), right = texts.firstIndex { $0.hasPrefix("right column line 0") }
        #expect(heading != nil && right != nil && heading! > right!, "\(blocks.map { ($0.kind, $0.text) })")
        #expect(blocks.firstIndex { $0.kind == .listItem } == heading.map { $0 + 1 }, "\(blocks.map { ($0.kind, $0.text) })")
    }
}
