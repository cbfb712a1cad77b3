import Testing
@testable import UnifexCore

/// Words given left to right as they sit on the page, each spelled left to right, put in reading order.
@Suite struct LogicalOrderTests {
    func reversed(_ s: String) -> String { String(String.UnicodeScalarView(s.unicodeScalars.reversed())) }

    @Test func charactersSortAsPopplerSortsThem() {
        #expect(LogicalOrder.direction(of: "a") == .leftToRight)
        #expect(LogicalOrder.direction(of: "é") == .leftToRight)
        #expect(LogicalOrder.direction(of: "א") == .rightToLeft)
        #expect(LogicalOrder.direction(of: "ب") == .rightToLeft)
        #expect(LogicalOrder.direction(of: "\u{FEFB}") == .rightToLeft)   // lam-alef, a presentation form
        #expect(LogicalOrder.direction(of: "؟") == .rightToLeft)
        #expect(LogicalOrder.direction(of: "\u{0600}") == .rightToLeft)   // poppler's table predates its number class
        #expect(LogicalOrder.direction(of: "ก") == .leftToRight)
        #expect(LogicalOrder.direction(of: "一") == .leftToRight)
        #expect(LogicalOrder.direction(of: "\u{E000}") == .leftToRight)   // private use, as broken fonts map
        #expect(LogicalOrder.direction(of: "\u{1D400}") == .neutral)      // beyond the BMP poppler knows no class
        #expect(LogicalOrder.direction(of: "\u{07C0}") == .neutral)       // NKo: newer than poppler's table
        for number in ["5", "٥", "۵", ",", ".", "%", "-", "/", ":", "،", "٪", "²", "€", "#", "+"] {
            #expect(LogicalOrder.direction(of: number.unicodeScalars.first!) == .number, "\(number)")
        }
        for neutral in [" ", "(", ")", "?", "!", ";", "\u{064B}", "\u{05B0}", "—", "½", "“", "•"] {
            #expect(LogicalOrder.direction(of: neutral.unicodeScalars.first!) == .neutral, "\(neutral)")
        }
    }

    @Test func hebrewLineReadsFromTheRight() {
        // On the page: "?םלוכ םולש המ םלוע םולש", left to right.
        let logical = ["שלום", "עולם", "מה", "שלום", "כולם?"]
        let visual = logical.reversed().map(reversed)
        let line = LogicalOrder.line(visual, spaceAfter: [true, true, true, true, false], pageLeftToRight: false)
        #expect(line.order == [4, 3, 2, 1, 0])
        #expect(line.order.map { line.words[$0] } == logical)
        #expect(line.text == "שלום עולם מה שלום כולם?")
    }

    @Test func leftToRightWordsKeepTheirOrderInsideAnArabicLine() {
        // "تعتبر البرمجة بلغة R و Python من" as drawn: Latin words left to right, Arabic ones mirrored.
        let visual = ["نم", "Python", "و", "R", "ةغلب", "ةجمربلا", "ربتعت"]
        let line = LogicalOrder.line(visual, spaceAfter: Array(repeating: true, count: 7), pageLeftToRight: true)
        #expect(line.text == "تعتبر البرمجة بلغة R و Python من")
        #expect(line.order == [6, 5, 4, 3, 2, 1, 0])
        #expect(line.words[1] == "Python" && line.words[4] == "بلغة")
    }

    @Test func numbersAndTheirPunctuationStayReadable() {
        // "حداقل %50 از توليد ساليانه يا 47.500 تن", drawn right to left with the numbers left to right.
        let logical = ["حداقل", "%50", "از", "47.500", "تن"]
        let visual = ["نت", "47.500", "زا", "%50", "لقادح"]
        let line = LogicalOrder.line(visual, spaceAfter: [true, true, true, true, false], pageLeftToRight: true)
        #expect(line.order.map { line.words[$0] } == logical)
        // Punctuation glued to a right-to-left word follows it.
        let comma = LogicalOrder.line(["31.12.14", ",קשמה"], spaceAfter: [true, false], pageLeftToRight: false)
        #expect(comma.text == "המשק, 31.12.14")
    }

    @Test func wordsTouchingOnThePageStayTogether() {
        // "البرمجة منPython": the page has no space between the last two words.
        let line = LogicalOrder.line(["Python", "نم", "ةجمربلا"], spaceAfter: [false, true, false], pageLeftToRight: true)
        #expect(line.order == [2, 1, 0])
        #expect(line.text == "البرمجة منPython")
    }

    @Test func leftToRightLinesAreLeftAlone() {
        let words = ["Total", "(net)", "42.50", "EUR"]
        let line = LogicalOrder.line(words, spaceAfter: [true, true, false, false], pageLeftToRight: true)
        #expect(line.order == [0, 1, 2, 3])
        #expect(line.words == words)
        #expect(line.text == "Total (net) 42.50EUR")
        // An English line on an Arabic page reads left to right too: it has more such letters.
        let english = LogicalOrder.line(["Hello", "world!"], spaceAfter: [true, false], pageLeftToRight: false)
        #expect(english.text == "Hello world!")
    }

    @Test func pageDirectionIsTheMajorityOfLetters() {
        #expect(LogicalOrder.readsLeftToRight(["Hello", "שלום"]))
        #expect(!LogicalOrder.readsLeftToRight(["Hi", "שלום"]))
        #expect(LogicalOrder.readsLeftToRight(["12", "(3)"]))
    }

    @Test func wordsAlreadySpelledInReadingOrderAreOrdered() {
        #expect(LogicalOrder.wordOrder(["Python", "و", "R", "بلغة", "البرمجة"]) == [4, 3, 2, 1, 0])
        // More Latin letters than Arabic ones: the line reads left to right, its Arabic run from the right.
        #expect(LogicalOrder.wordOrder(["Python", "و", "بلغة"]) == [0, 2, 1])
        #expect(LogicalOrder.wordOrder(["הכל", "סך"]) == [1, 0])
        #expect(LogicalOrder.wordOrder(["42.50", "EUR"]) == [0, 1])
        #expect(LogicalOrder.wordOrder(["1403", "/", "09"]) == [0, 1, 2])
    }

    @Test func pageWordsMoveWithTheirBoxes() {
        func box(_ x: Double) -> Box { Box(x0: x, y0: 0, x1: x + 10, y1: 10) }
        let words = [TextSpan(text: "םלוע", box: box(0)), TextSpan(text: "םולש", box: box(20)),
                     TextSpan(text: "Hi", box: box(0))]
        let lines = [TextSpan(text: "םלוע םולש", box: box(0)), TextSpan(text: "Hi", box: box(0))]
        let page = LogicalOrder.page(words: words, lineOf: [0, 0, 1], lines: lines)
        #expect(page.words.map(\.text) == ["שלום", "עולם", "Hi"])
        #expect(page.words.map(\.box.x0) == [20, 0, 0])
        #expect(page.lines.map(\.text) == ["שלום עולם", "Hi"])
        #expect(page.wordIndex == [1, 0, 2])
    }
}
