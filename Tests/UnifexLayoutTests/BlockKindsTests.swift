import Testing
@testable import UnifexLayout
import UnifexCore

/// Code, formulas, a page's foot and captions, on pages whose structure is known.
@Suite struct BlockKindsTests {
    /// Prose lines of the body, ten points, from `y` down.
    static func prose(_ count: Int, y: Double) -> [TextSpan] {
        (0..<count).map { i in
            PageBlocksTests.line("body prose line \(i) of the paragraph \(i + 1 < count ? "goes on" : "ends here.")", x: 72, y: y + Double(i) * 12, width: 400)
        }
    }

    /// Code set as listings set it: each character in a column `pitch` wide, the glyphs narrower
    /// than the columns, and the text layer breaking words inside a token (`add` `(a,`).
    static func code(_ source: [String], x: Double, y: Double, pitch: Double = 6, glyph: Double = 5)
        -> (lines: [TextSpan], words: [TextSpan]) {
        var lines: [TextSpan] = [], words: [TextSpan] = []
        let font = FontStyle(size: 9, mono: true)
        for (row, text) in source.enumerated() {
            let top = y + Double(row) * 11
            var lineWords: [TextSpan] = []
            var column = 0
            for piece in text.split(separator: " ", omittingEmptySubsequences: false) {
                defer { column += piece.count + 1 }
                guard !piece.isEmpty else { continue }
                // The text layer breaks before an opening bracket.
                var parts = [Substring(piece)]
                if let open = piece.firstIndex(of: "("), open != piece.startIndex {
                    parts = [piece[..<open], piece[open...]]
                }
                var c = column
                for part in parts {
                    let x0 = x + Double(c) * pitch
                    lineWords.append(TextSpan(text: String(part), box: Box(x0: x0, y0: top, x1: x0 + Double(part.count - 1) * pitch + glyph, y1: top + 9)))
                    c += part.count
                }
            }
            let box = lineWords.dropFirst().reduce(lineWords[0].box) { $0.union($1.box) }
            lines.append(TextSpan(text: lineWords.map(\.text).joined(separator: " "), box: box, font: font))
            words += lineWords
        }
        return (lines, words)
    }

    @Test func codeKeepsItsIndentationAndTheSpacingOfItsTokens() {
        let source = ["def add(a, b):", "    if a > b:", "        return a + b", "    return b", "print(add(3, 5))"]
        let listing = Self.code(source, x: 90, y: 200)
        let lines = Self.prose(4, y: 100) + listing.lines + Self.prose(4, y: 280)
        let words = lines.prefix(4).map { $0 } + listing.words + lines.suffix(4)
        let blocks = PageBlocks.blocks(.init(width: 612, height: 792, lines: lines, words: words, tables: []))
        let code = blocks.filter { $0.kind == .code }
        #expect(code.count == 1, "\(blocks.map(\.kind))")
        #expect(code.first?.text == source.joined(separator: "\n"))
    }

    @Test func aPageTypedInAFixedPitchFontIsProse() {
        let font = FontStyle(size: 10, mono: true)
        let lines = (0..<10).map { i -> TextSpan in
            let end = i < 9 ? "on the" : "there."
            let top = 100 + Double(i) * 12
            return TextSpan(text: "the witness said that he had seen the defendant " + end, box: Box(x0: 72, y0: top, x1: 472, y1: top + 12), font: font)
        }
        let blocks = PageBlocks.blocks(.init(width: 612, height: 792, lines: lines, tables: []))
        #expect(blocks.map(\.kind) == [.paragraph], "\(blocks.map(\.kind))")
    }

    @Test func aDisplayedFormulaStandsApartAsAFormula() {
        var lines = Self.prose(3, y: 100)
        lines[2] = PageBlocksTests.line("body prose line 2 of the paragraph goes on", x: 72, y: 124, width: 400)
        lines.append(PageBlocksTests.line("E = mc2 + Σ xi (3)", x: 250, y: 140, width: 90))
        lines.append(PageBlocksTests.line("where E is the energy and the rest goes on as prose does", x: 72, y: 156, width: 400))
        lines.append(PageBlocksTests.line("until the paragraph ends here.", x: 72, y: 168, width: 200))
        let blocks = PageBlocks.blocks(.init(width: 612, height: 792, lines: lines, tables: []))
        #expect(blocks.map(\.kind) == [.paragraph, .formula, .paragraph], "\(blocks.map(\.text))")
        #expect(blocks.dropFirst().first?.text == "E = mc2 + Σ xi (3)")

        #expect(Formula.looksLike("a2 + 8 = 12"))
        #expect(Formula.looksLike("f(x) = sin(x) / x, x ≠ 0"))
        #expect(!Formula.looksLike("the rain = 12 days"))
        #expect(!Formula.looksLike("√ 适用 □ 不适用"))
        #expect(!Formula.looksLike("EP06AU20.010</GPH>"))
        #expect(!Formula.looksLike("x + y"))
    }

    @Test func aCodeOrANumberAloneAtThePagesFootIsAFooter() {
        func blocks(_ foot: String, y: Double) -> [Block] {
            let lines = Self.prose(10, y: 100) + [PageBlocksTests.line(foot, x: 170, y: y, width: 60)]
            return PageBlocks.blocks(.init(width: 612, height: 792, lines: lines, tables: []))
        }
        // Under the body by far, in the lower quarter, above the running footers' margin.
        #expect(blocks("REDP-5110-00", y: 630).last?.kind == .pageFooter)
        #expect(blocks("17", y: 650).last?.kind == .pageFooter)
        // A sentence there is the page's own; a code right under the body is the body's.
        #expect(blocks("Thank you.", y: 630).last?.kind == .paragraph)
        #expect(blocks("REDP-5110-00", y: 236).last?.kind == .paragraph)
        #expect(blocks("REDP-5110-00", y: 500).last?.kind == .paragraph)
    }

    @Test func captionsInOtherLanguagesNameWhatTheyCaption() {
        #expect(Classify.isCaption("Tableau 3 : Résultats par région"))
        #expect(Classify.isCaption("Tabelle 2. Ergebnisse"))
        #expect(Classify.isCaption("Tabla 1 Resultados"))
        #expect(Classify.namesTable("Tableau 3 : Résultats"))
        #expect(Classify.namesTable("표 1 결과"))
        #expect(!Classify.namesTable("Figure 2: A chart"))
        #expect(!Classify.isCaption("Table 3 shows the results"))
    }

    @Test func anOCRedLineOfDottedLettersIsSizedByTheirDots() {
        // `iii` as a page number beside a footer line of 8.6 points: its box runs from the dots
        // (an ascender's height) to the baseline, so it is set about as large, not half again.
        let footer = Fragment.size(ofOCRLine: "© Copyright IBM Corp. 2014.", height: 8.6)
        let number = Fragment.size(ofOCRLine: "iii", height: 7.4)
        #expect(abs(number - footer) < 0.15 * footer, "\(number) against \(footer)")
    }
}
