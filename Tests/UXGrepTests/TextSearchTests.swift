import Foundation
import Testing
@testable import UXGrep
import UnifexCore

@Suite struct TextSearchTests {
    /// Words of 12 pt text: about 6 pt per character, a word space of about 3.5 pt.
    static func word(_ text: String, x: Double, y: Double = 100, height: Double = 12, conf: Double? = nil) -> TextSpan {
        TextSpan(text: text, box: Box(x0: x, y0: y, x1: x + 6 * Double(text.count), y1: y + height), confidence: conf)
    }

    /// "Invoice number 4711" on one line, then "Total" far to the left of "42" (a table), then
    /// "due soon" on the next line.
    static let page: [TextSpan] = [
        word("Invoice", x: 72), word("number", x: 72 + 42 + 3.5), word("4711", x: 72 + 42 + 3.5 + 36 + 3.5),
        word("Total", x: 72, y: 120), word("42", x: 300, y: 120),
        word("due", x: 72, y: 140), word("soon", x: 72 + 18 + 3.5, y: 140),
    ]

    @Test func phraseAcrossWordsGivesTheUnionOfTheirBoxes() throws {
        let hits = try TextSearch(pattern: "number 4711").search(Self.page)
        #expect(hits.count == 1)
        let hit = try #require(hits.first)
        #expect(hit.text == "number 4711")
        #expect(hit.words == [1, 2])
        #expect(hit.box == Self.page[1].box.union(Self.page[2].box))
    }

    @Test func partOfAWordMatchesThatWord() throws {
        let hits = try TextSearch(pattern: "ice num").search(Self.page)
        #expect(hits.map(\.text) == ["ice num"])
        #expect(hits.first?.words == [0, 1])
        #expect(hits.first?.box == Self.page[0].box.union(Self.page[1].box))
    }

    @Test func whiteSpaceInALiteralPatternIsOneSpace() throws {
        #expect(try TextSearch(pattern: "  Invoice \t number ").search(Self.page).map(\.words) == [[0, 1]])
    }

    @Test func caseIsSignificantUnlessIgnored() throws {
        #expect(try TextSearch(pattern: "INVOICE").search(Self.page).isEmpty)
        let hits = try TextSearch(pattern: "INVOICE number", caseInsensitive: true).search(Self.page)
        #expect(hits.map(\.text) == ["Invoice number"])
        // Unicode case folding, not just ASCII.
        let greek = [Self.word("ΣΟΦΊΑ", x: 10)]
        #expect(try TextSearch(pattern: "σοφία", caseInsensitive: true).search(greek).count == 1)
    }

    @Test func literalPatternsAreNotRegularExpressions() throws {
        let words = [Self.word("a.b", x: 0), Self.word("axb", x: 40)]
        #expect(try TextSearch(pattern: "a.b").search(words).map(\.words) == [[0]])
        #expect(try TextSearch(pattern: "a.b", regex: true).search(words).map(\.words) == [[0], [1]])
    }

    @Test func regularExpressions() throws {
        let hits = try TextSearch(pattern: #"number \d+"#, regex: true).search(Self.page)
        #expect(hits.map(\.text) == ["number 4711"])
        let all = try TextSearch(pattern: #"\b[a-z]+\b"#, regex: true).search(Self.page)
        #expect(all.map(\.text) == ["number", "due", "soon"])
        // Zero-length matches are not hits.
        #expect(try TextSearch(pattern: "x*", regex: true).search(Self.page).isEmpty)
        #expect(throws: TextSearch.PatternError.self) { try TextSearch(pattern: "(", regex: true) }
        #expect(throws: TextSearch.PatternError.self) { try TextSearch(pattern: "  ") }
    }

    @Test func wideGapsAndNewLinesBreakPhrases() throws {
        // "Total" and "42" share a line but stand in different columns.
        #expect(try TextSearch(pattern: "Total 42").search(Self.page).isEmpty)
        #expect(try TextSearch(pattern: "4711 Total").search(Self.page).isEmpty)
        #expect(try TextSearch(pattern: "4711 due").search(Self.page).isEmpty)
        #expect(try TextSearch(pattern: "due soon").search(Self.page).count == 1)
        // An explicit merge gap wide enough joins the columns.
        let wide = try TextSearch(pattern: "Total 42", mergeGap: 300).search(Self.page)
        #expect(wide.map(\.words) == [[3, 4]])
        // ... and one too narrow splits even a word space.
        #expect(try TextSearch(pattern: "due soon", mergeGap: 1).search(Self.page).isEmpty)
    }

    @Test func defaultGapFollowsTheFontSize() throws {
        // At 40 pt (20 pt per character) a 12 pt word space still joins; at 10 pt it does not.
        let big = [TextSpan(text: "Big", box: Box(x0: 0, y0: 0, x1: 60, y1: 40)),
                   TextSpan(text: "Title", box: Box(x0: 72, y0: 0, x1: 172, y1: 40))]
        #expect(try TextSearch(pattern: "Big Title").search(big).count == 1)
        let small = [TextSpan(text: "Big", box: Box(x0: 0, y0: 0, x1: 15, y1: 10)),
                     TextSpan(text: "Title", box: Box(x0: 27, y0: 0, x1: 52, y1: 10))]
        #expect(try TextSearch(pattern: "Big Title").search(small).isEmpty)
    }

    @Test func rightToLeftLinesJoin() throws {
        // Reading order runs right to left: the second word sits left of the first.
        let words = [TextSpan(text: "שלום", box: Box(x0: 200, y0: 0, x1: 224, y1: 12)),
                     TextSpan(text: "עולם", box: Box(x0: 172, y0: 0, x1: 196, y1: 12))]
        #expect(try TextSearch(pattern: "שלום עולם").search(words).map(\.words) == [[0, 1]])
    }

    @Test func ocrWordsWithUnevenHeightsStayOnTheirLine() throws {
        // OCR boxes hug the glyphs: "a" is shorter than "lot" but on the same line.
        let words = [TextSpan(text: "a", box: Box(x0: 50.76, y0: 35.28, x1: 56.16, y1: 41.76), confidence: 0.95),
                     TextSpan(text: "lot", box: Box(x0: 60.84, y0: 33.12, x1: 72.36, y1: 41.76), confidence: 0.95)]
        #expect(try TextSearch(pattern: "a lot").search(words).count == 1)
    }

    @Test func unreadableWordsKeepIndicesAndBreakRuns() throws {
        let words: [TextSpan?] = [Self.word("one", x: 0), nil, Self.word("two", x: 22), Self.word("three", x: 44)]
        #expect(try TextSearch(pattern: "one two").search(words).isEmpty)
        #expect(try TextSearch(pattern: "two three").search(words).map(\.words) == [[2, 3]])
    }

    @Test func severalHitsOnALine() throws {
        let words = [Self.word("ab", x: 0), Self.word("ab", x: 16), Self.word("ab", x: 32)]
        #expect(try TextSearch(pattern: "ab").search(words).map(\.words) == [[0], [1], [2]])
        #expect(try TextSearch(pattern: "ab ab").search(words).map(\.words) == [[0, 1]])
    }

    @Test func wordsOfARecord() throws {
        let record = try PageRecord.decode(Array(#"""
            {"doc":"a.pdf","page":1,"words":[{"text":"x","box":[0,0,6,12]},{"text":"bad"},{"text":"y","box":[9,0,15,12],"conf":0.5}]}
            """#.utf8))
        let words = TextSearch.words(of: record)
        #expect(words.count == 3)
        #expect(words[1] == nil)
        #expect(words[2]?.confidence == 0.5)
    }

    @Test func explicitGapFollowsTheRecordsUnit() throws {
        // The same two words 4 pt apart, in pixels at 144 dpi: 8 px apart.
        let px = try PageRecord.decode(Array(#"{"doc":"a","width":1224,"unit":"px","unit_dpi":144}"#.utf8))
        #expect(TextSearch.unitsPerPoint(of: px) == 2)
        let words = [TextSpan(text: "ab", box: Box(x0: 0, y0: 0, x1: 24, y1: 24)),
                     TextSpan(text: "cd", box: Box(x0: 32, y0: 0, x1: 56, y1: 24))]
        let search = try TextSearch(pattern: "ab cd", mergeGap: 5)
        #expect(search.search(words, unitsPerPoint: 2).count == 1)
        #expect(search.search(words).isEmpty)
        let norm = try PageRecord.decode(Array(#"{"doc":"a","width":600,"unit":"norm"}"#.utf8))
        #expect(TextSearch.unitsPerPoint(of: norm) == 1.0 / 600)
        #expect(TextSearch.unitsPerPoint(of: try PageRecord.decode(Array(#"{"doc":"a"}"#.utf8))) == 1)
    }

    /// The words of `text` on one line, a word space apart.
    static func line(_ text: String, y: Double = 100) -> [TextSpan] {
        var x = 0.0
        return text.split(separator: " ").map { word in
            defer { x += 6 * Double(word.count) + 3.5 }
            return Self.word(String(word), x: x, y: y)
        }
    }

    /// Seconds `body` takes.
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = Date()
        try body()
        return Date().timeIntervalSince(start)
    }

    @Test func nestedRepetitionsDoNotBacktrack() throws {
        // A page's worth of words and no colon: a backtracking matcher tries every way of cutting
        // the words into \w+ pieces (ICU: minutes; these take milliseconds).
        let prose = Self.line(Array(repeating: "linear time matching of regular expressions", count: 60).joined(separator: " "))
        var hits: [TextSearch.Hit] = []
        let nested = try Self.seconds { hits = try TextSearch(pattern: #"(\w+\s?)+:"#, regex: true).search(prose) }
        #expect(hits.isEmpty)
        #expect(nested < 5, "\(nested) s")
        let word = [Self.word(String(repeating: "a", count: 5000), x: 0)]
        let alternatives = try Self.seconds { hits = try TextSearch(pattern: "(a|a)*b", regex: true).search(word) }
        #expect(hits.isEmpty)
        #expect(alternatives < 5, "\(alternatives) s")
        // The same patterns still match where they should.
        let colon = Self.line("one two three: four")
        #expect(try TextSearch(pattern: #"(\w+\s?)+:"#, regex: true).search(colon).map(\.text) == ["one two three:"])
        #expect(try TextSearch(pattern: "(a|a)*b", regex: true).search([Self.word("aaab", x: 0)]).map(\.text) == ["aaab"])
    }

    @Test func manyHitsOnOneLineCostTheirNumber() throws {
        let words = Self.line(Array(repeating: "ab", count: 30_000).joined(separator: " "))
        var hits: [TextSearch.Hit] = []
        let time = try Self.seconds { hits = try TextSearch(pattern: "ab").search(words) }
        #expect(hits.count == 30_000)
        #expect(hits.last?.words == [29_999])
        #expect(time < 5, "\(time) s")
    }

    /// ICU's syntax and meanings, matched without backtracking.
    @Test func regularExpressionSyntax() throws {
        func texts(_ pattern: String, _ line: String, ignoreCase: Bool = false) throws -> [String] {
            try TextSearch(pattern: pattern, caseInsensitive: ignoreCase, regex: true).search(Self.line(line)).map(\.text)
        }
        // Leftmost, then the first alternative; greedy and lazy repetition.
        #expect(try texts("ab|abc", "abc") == ["ab"])
        #expect(try texts("a.*c", "abc abc") == ["abc abc"])
        #expect(try texts("a.*?c", "abc abc") == ["abc", "abc"])
        #expect(try texts("x{2,3}", "xxxxxxx") == ["xxx", "xxx"])
        #expect(try texts("x{2}y?", "xxy x") == ["xxy"])
        #expect(try texts("^a|c$", "abc abc") == ["a", "c"])
        // Unicode classes and word boundaries, as ICU's.
        #expect(try texts(#"\w+"#, "Größe 42 €") == ["Größe", "42"])
        #expect(try texts(#"\büber\b"#, "über drüber") == ["über"])
        #expect(try texts(#"\d+"#, "٣٤ and 12") == ["٣٤", "12"])
        #expect(try texts(#"\p{Lu}\p{Ll}+"#, "Der Übergang") == ["Der", "Übergang"])
        #expect(try texts("[[:digit:].]+", "v1.25") == ["1.25"])
        #expect(try texts(#"[^\s\d]+"#, "ab12") == ["ab"])
        #expect(try texts(#"\x41\u0042\Q.*\E"#, "AB.* ABxx") == ["AB.*"])
        // Case folding, inline flags.
        #expect(try texts("[a-z]+", "ÄBC abc", ignoreCase: true) == ["BC", "abc"])
        #expect(try texts("[^a-z]+", "ABC 12", ignoreCase: true) == [" 12"])
        #expect(try texts("σοφία", "ΣΟΦΊΑ", ignoreCase: true) == ["ΣΟΦΊΑ"])
        #expect(try texts("straße", "STRASSE Straße STRAẞE", ignoreCase: true) == ["STRASSE", "Straße", "STRAẞE"])
        #expect(try texts("(?i)total", "TOTAL") == ["TOTAL"])
        #expect(try texts("(?i:t)otal", "TOTAL Total") == ["Total"])
        #expect(try texts("a(?#comment)b(?:c|d)(?<name>e)", "abde") == ["abde"])
        // What only a backtracking matcher can do is refused, saying why.
        for pattern in [#"(a)\1"#, "a(?=b)", "(?<=a)b", "(?>a)", "a*+", "a{1001}", "*a", "[a", "a)"] {
            #expect(throws: TextSearch.PatternError.self, "\(pattern)") { try TextSearch(pattern: pattern, regex: true) }
        }
        do {
            _ = try TextSearch(pattern: #"(a)\1"#, regex: true)
        } catch {
            #expect(error.description.contains("back-references are not supported"))
        }
    }
}

/// The linear-time matcher finds what ICU's backtracking one (NSRegularExpression) finds, on
/// patterns both accept and lines short enough for ICU.
@Suite struct RegexAgreementTests {
    static let patterns = [
        #"\d+"#, #"[0-9]+[.,][0-9]{2}"#, #"total:? *[0-9]+"#, #"\b\w+\b"#, #"\w+(?:\s\w+)?"#, #"a|ab|abc"#,
        #"(a|ab)(c|bcd)(d*)"#, #"x*"#, #"a{2,3}?"#, #"a+?b"#, #"[^aeiou\s]+"#, #"^\w+"#, #"\w+$"#, #"\B\w"#,
        #"(?i)straße|ÉTÉ"#, #"[[:upper:]][[:lower:]]*"#, #"\p{L}+"#, #"\P{L}+"#, #"\S+"#, #"(\w+\s?)+:"#,
        #"(a|a)*b"#, #"[[:alnum:]]+"#, #"[-+]?\d+(\.\d+)?"#, #"\.\*"#, #"[\]\\-]"#, #"a{0}b"#, #"(?:ab){2,}"#, #"\s"#,
        #"(a|ab)*c"#, #"^(a|b)+$"#, #"(ab|a){2}b"#, #".*?b"#, #"(a*?)(a+)"#, #"\w+?\b"#, #"[^a-z]+"#, #"\W+"#,
        #"(?:|a)+b"#, #"(x?)*y?a"#, #"e\u0301|é"#, #"\x{e9}t\x{e9}"#, #"[\p{Lu}\d]+"#,
    ]
    static let lines = [
        "Total: 42.50 EUR", "abcd abd ab a", "aaaaab aab b", "Straße été ÉTÉ STRASSE", "-3.25 +7 x9 1,00",
        "one two three: four", "x\\-]y", "ab ab ab abab", "snake_case x_1", "Größe 42 €, Ärger", "",
    ]

    @Test(arguments: [false, true]) func matchesAsICUDoes(ignoringCase: Bool) throws {
        for pattern in Self.patterns {
            let icu = try NSRegularExpression(pattern: pattern, options: ignoringCase ? [.caseInsensitive] : [])
            let ours = try LinearRegex(pattern: pattern, caseInsensitive: ignoringCase)
            for line in Self.lines {
                let expected = icu.matches(in: line, range: NSRange(location: 0, length: (line as NSString).length))
                    .map { (line as NSString).substring(with: $0.range) }.filter { !$0.isEmpty }
                let scalars = Array(line.unicodeScalars)
                var matcher = ours.matcher()
                let found = matcher.matches(in: scalars).map { range in
                    var view = String.UnicodeScalarView()
                    view.append(contentsOf: scalars[range])
                    return String(view)
                }
                #expect(found == expected, "\(pattern) on \(line), ignoring case: \(ignoringCase)")
            }
        }
    }
}
