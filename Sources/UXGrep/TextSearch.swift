public import UnifexCore

/// Finds a pattern in a page's words, across word boundaries, and says where on the page it is.
///
/// Words are searched line by line. Consecutive words (in the record's reading order) are joined
/// with one space when they sit on the same line and the horizontal gap between their boxes is at
/// most the merge gap, so "invoice number" matches two adjacent words; a larger gap (a table
/// column, a tab stop) or a new line breaks the run, and no match spans a break. The default gap
/// follows the font size: 1.5 × the average character width of the two words (a word space is
/// about half of that). Text-layer and OCR words are searched alike.
public struct TextSearch: Sendable {
    /// Gap factor for the default merge gap, in average character widths.
    public static let defaultGapFactor = 1.5

    public struct Hit: Equatable, Sendable {
        /// The matched text: the words' text, words of one run joined with single spaces.
        public var text: String
        /// The union of the matched words' boxes.
        public var box: Box
        /// Indices of the matched words in the page's words array.
        public var words: [Int]

        public init(text: String, box: Box, words: [Int]) {
            self.text = text; self.box = box; self.words = words
        }
    }

    public struct PatternError: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    private let expression: LinearRegex
    /// Points, or nil for the default rule.
    public let mergeGap: Double?

    /// - Parameters:
    ///   - pattern: literal text (runs of white space match one space between words), or with
    ///     `regex` a regular expression in ICU's syntax, matched in linear time (see `RegexNode`
    ///     for what is left out).
    ///   - mergeGap: the largest gap, in points, between two words that still counts as a space;
    ///     nil for the default (1.5 × the average character width of the two words).
    public init(pattern: String, caseInsensitive: Bool = false, regex: Bool = false, mergeGap: Double? = nil) throws(PatternError) {
        let words = pattern.split(whereSeparator: \.isWhitespace)
        guard regex || !words.isEmpty else { throw PatternError(description: "empty pattern") }
        do throws(RegexSyntaxError) {
            expression = regex ? try LinearRegex(pattern: pattern, caseInsensitive: caseInsensitive)
                               : try LinearRegex(words: words, caseInsensitive: caseInsensitive)
        } catch {
            throw PatternError(description: "invalid regular expression: \(pattern): \(error.message)")
        }
        if let mergeGap, !(mergeGap >= 0) || !mergeGap.isFinite {
            throw PatternError(description: "merge gap must be a number of points ≥ 0")
        }
        self.mergeGap = mergeGap
    }

    /// The hits on one page, in reading order. `words` may hold nil where a record's word could
    /// not be read: indices stay those of the record's array, and a nil word breaks a run.
    /// `unitsPerPoint` converts an explicit merge gap to the boxes' unit (records from
    /// `ux-merge --unit`; see `unitsPerPoint(of:)`).
    public func search(_ words: [TextSpan?], unitsPerPoint: Double = 1) -> [Hit] {
        var hits: [Hit] = []
        var matcher = expression.matcher()
        for run in runs(words, gap: mergeGap.map { $0 * unitsPerPoint }) {
            // Matches come in order and do not overlap, so the words of each are found by walking
            // the run's words once: a line with many hits costs its words plus its hits.
            var firstPiece = 0
            for range in matcher.matches(in: run.text) {
                while firstPiece < run.pieces.count, run.pieces[firstPiece].range.upperBound <= range.lowerBound { firstPiece += 1 }
                var last = firstPiece
                while last < run.pieces.count, run.pieces[last].range.lowerBound < range.upperBound { last += 1 }
                let hitWords = run.pieces[firstPiece..<last]
                guard let first = hitWords.first else { continue }
                let box = hitWords.dropFirst().reduce(first.box) { $0.union($1.box) }
                var text = String.UnicodeScalarView()
                text.append(contentsOf: run.text[range])
                hits.append(Hit(text: String(text), box: box, words: hitWords.map(\.index)))
            }
        }
        return hits
    }

    public func search(_ words: [TextSpan]) -> [Hit] { search(words.map(Optional.some)) }

    /// A line's worth of words joined for matching, with where each word sits in the text.
    struct Run {
        var text: [Unicode.Scalar] = []
        /// Word index, range of characters in `text`, box.
        var pieces: [(index: Int, range: Range<Int>, box: Box)] = []
    }

    func runs(_ words: [TextSpan?], gap: Double?) -> [Run] {
        var runs: [Run] = []
        var current = Run()
        var previous: TextSpan?
        for (index, word) in words.enumerated() {
            guard let word, !word.text.isEmpty else {
                if !current.pieces.isEmpty { runs.append(current) }
                current = Run(); previous = nil
                continue
            }
            if let previous {
                if Self.joins(previous, word, gap: gap) {
                    current.text.append(" ")
                } else {
                    runs.append(current)
                    current = Run()
                }
            }
            let start = current.text.count
            current.text.append(contentsOf: word.text.unicodeScalars)
            current.pieces.append((index, start..<current.text.count, word.box))
            previous = word
        }
        if !current.pieces.isEmpty { runs.append(current) }
        return runs
    }

    /// Whether two words in reading order read as "a b": on the same line, and no farther apart
    /// than the merge gap (either way, so right-to-left lines join too).
    static func joins(_ a: TextSpan, _ b: TextSpan, gap limit: Double?) -> Bool {
        let overlap = min(a.box.y1, b.box.y1) - max(a.box.y0, b.box.y0)
        let smaller = min(a.box.height, b.box.height)
        // Same line: the boxes share at least half the height of the smaller one.
        guard smaller > 0 ? overlap >= smaller / 2 : overlap >= 0 else { return false }
        let gap = max(b.box.x0 - a.box.x1, a.box.x0 - b.box.x1)
        return gap <= (limit ?? defaultGap(a, b))
    }

    /// 1.5 × the average character width of the two words.
    static func defaultGap(_ a: TextSpan, _ b: TextSpan) -> Double {
        let characters = a.text.count + b.text.count
        guard characters > 0 else { return 0 }
        return defaultGapFactor * (a.box.width + b.box.width) / Double(characters)
    }
}

extension TextSearch {
    /// The words of a page record, by index (nil where an entry is not a word with a box).
    public static func words(of record: PageRecord) -> [TextSpan?] {
        (record["words"]?.arrayValue ?? []).map { TextSpan($0) }
    }

    /// How many of the record's box units make a point: 1 for points, else as `ux-merge --unit`
    /// converted them (px at `unit_dpi`, inches, or fractions of the width in points).
    public static func unitsPerPoint(of record: PageRecord) -> Double {
        switch record["unit"]?.stringValue {
        case "px": return (record["unit_dpi"]?.doubleValue ?? 72) / 72
        case "in": return 1.0 / 72
        case "norm":
            guard let width = record["width"]?.doubleValue, width > 0 else { return 1 }
            return 1 / width
        default: return 1
        }
    }
}
