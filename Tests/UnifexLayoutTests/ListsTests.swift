import Testing
@testable import UnifexLayout
import UnifexCore

/// Lists, reference lists and lines that only look like the start of an item, on pages whose
/// structure is known.
@Suite struct ListsTests {
    /// A column of entries from `y` down, set in `size`: each entry's first line at `x`, its further
    /// lines at `x + hang`, a little more space between entries than between lines.
    static func entries(_ entries: [[String]], x: Double, hang: Double, y: Double, size: Double = 8, width: Double = 240) -> [TextSpan] {
        var lines: [TextSpan] = []
        var top = y
        for entry in entries {
            for (i, text) in entry.enumerated() {
                let left = i == 0 ? x : x + hang
                lines.append(PageBlocksTests.line(text, x: left, y: top, width: x + width - left, size: size))
                top += 1.2 * size
            }
            top += 0.3 * size
        }
        return lines
    }

    static let references = [
        ["[15] I. Piumarta and F. Riccardi. Optimizing direct threaded code by selec-",
         "tive inlining. In Proceedings of the ACM SIGPLAN 1998 conference",
         "on Programming language design and implementation, ACM New",
         "York, NY, USA, 1998."],
        ["[16] A. Rigo. Representation-Based Just-In-time Specialization and the",
         "Psyco Prototype for Python. In PEPM, 2004."],
        ["[17] M. Salib. Starkiller: A Static Type Inferencer and Compiler for",
         "Python. In Master's Thesis, 2004."],
        ["[18] T. Suganuma, T. Yasue, and T. Nakatani. A Region-Based Compila-",
         "tion Technique for Dynamic Compilers. ACM Transactions on Pro-",
         "gramming Languages and Systems (TOPLAS), 28(1):134-174, 2006."],
        ["[19] M. Zaleski, A. D. Brown, and K. Stoodley. YETI: A graduallY",
         "Extensible Trace Interpreter. In Proceedings of the International",
         "Conference on Virtual Execution Environments, pages 83-93, 2007."],
    ]

    @Test func eachEntryOfAReferenceListIsOneBlock() {
        let words = Words(known: ["selective", "compilation", "programming", "tive", "selec"])
        // Entries with hanging lines, and entries whose lines all start at the label.
        for hang in [16.0, 0] {
            var lines = [PageBlocksTests.line("References", x: 72, y: 60, width: 60, size: 11, bold: true)]
            lines += Self.entries(Self.references, x: 72, hang: hang, y: 80)
            let blocks = PageBlocks.blocks(.init(width: 612, height: 792, lines: lines, tables: [], pageNumber: 3), words: words)
            let texts = blocks.dropFirst().map(\.text)
            #expect(texts.count == Self.references.count, "hang \(hang): \(texts)")
            for (text, entry) in zip(texts, Self.references) {
                #expect(text.hasPrefix(String(entry[0].prefix(4))) && text.hasSuffix(entry.last!), "hang \(hang): \(text)")
            }
            #expect(texts.first?.contains("by selective inlining") == true, "\(texts)")
            #expect(blocks.dropFirst().allSatisfy { $0.kind == .paragraph }, "\(blocks.map(\.kind))")
        }
    }

    @Test func aLineStartingWithANumberOrALetterInTheMiddleOfASentenceStartsNoItem() {
        let words = Words(known: ["selective"])
        // A reference's page range broken after its dash, the rest of it starting a line.
        let reference = [["[15] I. Piumarta and F. Riccardi. Optimizing direct threaded code by selec-",
                          "tive inlining. In Proceedings of the ACM SIGPLAN 1998 conference",
                          "on Programming language design and implementation, pages 291\u{2013}",
                          "300. ACM New York, NY, USA, 1998."]]
        let entry = PageBlocks.blocks(.init(width: 612, height: 792, lines: Self.entries(reference, x: 72, hang: 16, y: 80),
                                            tables: [], pageNumber: 3), words: words)
        #expect(entry.map(\.kind) == [.paragraph], "\(entry.map(\.text))")
        #expect(entry.first?.text.hasSuffix("pages 291\u{2013}300. ACM New York, NY, USA, 1998.") == true, "\(entry.map(\.text))")
        // An enumeration run into a sentence, a line starting at its fifth member.
        let prose = ["times and reports the average time taken by each. We ran 4 differ-",
                     "ent configurations for comparison: (a) SpiderMonkey, the baseline",
                     "interpreter, (b) TraceMonkey, (d) SquirrelFish Extreme (SFX), the",
                     "call-threaded JavaScript interpreter used in Apple's WebKit, and",
                     "(e) V8, the method-compiling JavaScript VM from Google."]
        let paragraph = PageBlocks.blocks(.init(width: 612, height: 792, lines: Self.entries([prose], x: 72, hang: 0, y: 80, size: 9),
                                                tables: [], pageNumber: 3), words: words)
        #expect(paragraph.map(\.kind) == [.paragraph], "\(paragraph.map(\.text))")
        #expect(paragraph.first?.text.hasSuffix("WebKit, and (e) V8, the method-compiling JavaScript VM from Google.") == true)
    }

    @Test func listsAfterAColonAShortLineOrTheirItemBeforeAreLists() {
        let cases: [(lines: [String], items: [String])] = [
            // After a colon.
            (["We ran two configurations for comparison, each on the same machine:", "(a) SpiderMonkey, the baseline", "(b) TraceMonkey"],
             ["(a)", "(b)"]),
            // After a short line with no stop, the list's first item; each item after its sibling,
            // whether or not the line before fills the column and ends a sentence.
            (["The steps", "1. Open the package and read through the whole of its instructions before",
              "2. Fit the part to the frame and tighten it until it no longer moves at all and then",
              "3. Check it"], ["1.", "2.", "3."]),
        ]
        for (lines, items) in cases {
            let spans = lines.enumerated().map { i, text in
                PageBlocksTests.line(text, x: 72, y: 80 + Double(i) * 12, width: text.count > 60 ? 330 : Double(text.count) * 4.5)
            }
            let blocks = PageBlocks.blocks(.init(width: 612, height: 792, lines: spans, tables: [], pageNumber: 3))
            #expect(blocks.filter { $0.kind == .listItem }.compactMap(\.marker) == items, "\(blocks.map { ($0.kind, $0.text) })")
        }
    }

    @Test func eachLineOfATableOfContentsIsAnEntry() {
        // Entries at three indentations, some set in bold, a page number given apart on its row.
        let rows: [(String, Double, Bool)] = [("PREFACE xiii", 54, false), ("INTRODUCTION 1", 54, false), ("CHAPTER ONE: Creators 21", 68, true),
                                              ("CHAPTER TWO: \u{201C}Mere Copyists\u{201D}", 68, false), ("CHAPTER THREE: Catalogs 48", 68, true),
                                              ("CHAPTER FOUR: \u{201C}Pirates\u{201D} 53", 68, false), ("Film 53", 82, false),
                                              ("Recorded Music 55", 82, false), ("Radio 58", 82, false), ("CHAPTER FIVE: \u{201C}Piracy\u{201D} 62", 68, false)]
        var lines = [PageBlocksTests.line("CONTENTS", x: 165, y: 214, width: 72, size: 15)]
        for (i, (text, x, bold)) in rows.enumerated() {
            lines.append(PageBlocksTests.line(text, x: x, y: 290 + Double(i) * 14.5, width: Double(text.count) * 5.2, size: 9.75, bold: bold))
        }
        lines.append(PageBlocksTests.line("31", x: 243, y: 290 + 3 * 14.5, width: 11, size: 9.75))
        let blocks = PageBlocks.blocks(.init(width: 432, height: 648, lines: lines, tables: [], pageNumber: 9))
        #expect(blocks.map(\.kind) == [.heading] + rows.map { _ in .listItem }, "\(blocks.map { ($0.kind, $0.text) })")
        #expect(blocks.dropFirst().map(\.text) == rows.map { $0.0 == rows[3].0 ? $0.0 + " 31" : $0.0 })
        #expect(blocks.dropFirst().compactMap(\.depth) == [0, 0, 1, 1, 1, 1, 2, 2, 2, 1])
        // A word counted on labels things: `Trace 1`, `Trace 2`, `Trace 3` point to no pages.
        let labels = (1...3).map { PageBlocksTests.line("Trace \($0)", x: 300, y: 100 + Double($0) * 12, width: 30) }
        let labelled = PageBlocks.blocks(.init(width: 612, height: 792, lines: labels, tables: [], pageNumber: 2))
        #expect(!labelled.contains { $0.kind == .listItem }, "\(labelled.map { ($0.kind, $0.text) })")
        // Nor do lines of code that end in a number.
        let code = ["WHEN VERIFY_GROUP_FOR_USER ( SESSION_USER , 'ADMIN' ) = 1", "THEN C . NUMBER",
                    "WHEN VERIFY_GROUP_FOR_USER ( SESSION_USER , 'TELLER' ) = 1", "WHEN VERIFY_GROUP_FOR_USER ( SESSION_USER , 'USER' ) = 1"]
        let (codeLines, codeWords) = BlockKindsTests.code(code, x: 72, y: 100)
        let listing = PageBlocks.blocks(.init(width: 612, height: 792, lines: codeLines, words: codeWords, tables: [], pageNumber: 2))
        #expect(listing.map(\.kind) == [.code], "\(listing.map { ($0.kind, $0.text) })")
    }
}
