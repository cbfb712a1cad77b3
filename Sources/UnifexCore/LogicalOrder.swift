/// Right-to-left text put into reading order.
///
/// Poppler gives a line's words from left to right as they sit on the page, each word's letters left
/// to right too: Arabic and Hebrew come out backwards. Its plain text (what pdftotext prints) is in
/// reading order; these functions give words and lines the same order by the same rule: in a
/// right-to-left line the characters are read from right to left, except that runs starting with a
/// left-to-right letter or a number (`R`, `Python`, `2023`, `47.500`) keep their own order.
public enum LogicalOrder {
    /// How the rule sorts a character: the Unicode bidirectional class, folded as poppler folds it.
    public enum Direction: Sendable {
        case leftToRight, rightToLeft
        /// Digits and what belongs to a number (`+ - , . / : % $`): read left to right, but they do not
        /// make a line left-to-right.
        case number
        /// Spaces, brackets, quotes, marks: they go with the characters around them.
        case neutral
    }

    /// One line in reading order.
    public struct Line: Equatable, Sendable {
        /// The line's words (indices into the words given, left to right on the page) in reading order.
        public var order: [Int]
        /// Each word's text in reading order, by the word's index as given.
        public var words: [String]
        /// The words in reading order, a space between two words unless they touch on the page.
        public var text: String
    }

    public static func direction(of scalar: Unicode.Scalar) -> Direction {
        let v = scalar.value
        // ASCII first: most text is.
        if v < 0x80 {
            switch v {
            case 0x41...0x5A, 0x61...0x7A: return .leftToRight
            case 0x23...0x25, 0x2B...0x3A: return .number
            default: return .neutral
            }
        }
        // Poppler's classes stop at the Basic Multilingual Plane and at Unicode 4's right-to-left blocks.
        // NKo, Samaritan, Mandaic and the newer Arabic letters: right to left, but not in poppler's table.
        if v > 0xFFFF || (0x07C0...0x08FF).contains(v) { return .neutral }
        if numberScalars.contains(v) || numberRanges.contains(where: { $0.contains(v) }) { return .number }
        if v == 0x200E { return .leftToRight }
        if v == 0x200F { return .rightToLeft }
        let category = scalar.properties.generalCategory
        if rightToLeftBlocks.contains(where: { $0.contains(v) }) {
            return category == .nonspacingMark || category == .enclosingMark ? .neutral : .rightToLeft
        }
        switch category {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .otherLetter, .spacingMark,
             .decimalNumber, .letterNumber, .privateUse:
            return .leftToRight
        case .modifierLetter:
            return neutralModifierLetters.contains(where: { $0.contains(v) }) ? .neutral : .leftToRight
        default:
            return .neutral
        }
    }

    /// Whether a page reads left to right, as pdftotext decides: unless it has more right-to-left
    /// letters than left-to-right ones.
    public static func readsLeftToRight<S: Sequence>(_ texts: S) -> Bool where S.Element == String {
        balance(texts) >= 0
    }

    /// Left-to-right letters minus right-to-left ones.
    static func balance<S: Sequence>(_ texts: S) -> Int where S.Element == String {
        var count = 0
        for text in texts {
            for scalar in text.unicodeScalars {
                switch direction(of: scalar) {
                case .leftToRight: count += 1
                case .rightToLeft: count -= 1
                default: break
                }
            }
        }
        return count
    }

    /// Puts one line in reading order. `words` are its words left to right on the page, each spelled
    /// left to right; `spaceAfter[i]` says a space separates word `i` from word `i + 1`. A line reads
    /// right to left when it has more right-to-left letters than left-to-right ones, and as its page
    /// (`pageLeftToRight`) when it has as many (only numbers, say).
    public static func line(_ words: [String], spaceAfter: [Bool], pageLeftToRight: Bool) -> Line {
        let visual = words.map { Array($0.unicodeScalars) }
        let lineBalance = balance(words)
        let leftToRight = lineBalance == 0 ? pageLeftToRight : lineBalance > 0
        let hasRightToLeft = visual.contains { $0.contains { direction(of: $0) == .rightToLeft } }
        func joined(_ order: [Int], _ texts: [String]) -> String {
            var text = ""
            for (k, i) in order.enumerated() {
                if k > 0 {
                    let previous = order[k - 1]
                    let touching = (i == previous + 1 && !spaceAfter[previous]) || (previous == i + 1 && !spaceAfter[i])
                    if !touching { text += " " }
                }
                text += texts[i]
            }
            return text
        }
        guard hasRightToLeft || !leftToRight else {
            return Line(order: Array(words.indices), words: words, text: joined(Array(words.indices), words))
        }
        // The line's characters left to right, the spaces between words included: they decide where
        // a run ends, as in pdftotext.
        var scalars: [Unicode.Scalar] = []
        var owner: [Int] = []
        for (i, word) in visual.enumerated() {
            scalars += word
            owner += Array(repeating: i, count: word.count)
            if i + 1 < visual.count && spaceAfter[i] {
                scalars.append(" ")
                owner.append(-1)
            }
        }
        let reading = readingOrder(scalars.map(direction(of:)), leftToRight: leftToRight)
        var rank = Array(repeating: 0, count: scalars.count)
        for (position, index) in reading.enumerated() { rank[index] = position }
        var first = Array(repeating: Int.max, count: words.count)
        var letters: [[(rank: Int, scalar: Unicode.Scalar)]] = Array(repeating: [], count: words.count)
        for index in scalars.indices where owner[index] >= 0 {
            let word = owner[index]
            first[word] = min(first[word], rank[index])
            letters[word].append((rank[index], scalars[index]))
        }
        let texts = letters.map { chars in
            var text = String.UnicodeScalarView()
            text.append(contentsOf: chars.sorted { $0.rank < $1.rank }.map(\.scalar))
            return String(text)
        }
        let order = words.indices.sorted { (first[$0], $0) < (first[$1], $1) }
        return Line(order: order, words: texts, text: joined(order, texts))
    }

    /// The reading order of words that are each spelled in reading order already (a page's words),
    /// given left to right as they sit on the page: a line with more right-to-left letters than
    /// left-to-right ones reads from its right end, runs of left-to-right words and numbers in their
    /// own order. Other lines keep their order but for runs of right-to-left words.
    public static func wordOrder(_ words: [String]) -> [Int] {
        let kinds = words.map { word -> Direction in
            let b = balance(CollectionOfOne(word))
            if b != 0 { return b > 0 ? .leftToRight : .rightToLeft }
            return word.unicodeScalars.contains { direction(of: $0) == .number } ? .number : .neutral
        }
        guard kinds.contains(.rightToLeft) else { return Array(words.indices) }
        return readingOrder(kinds, leftToRight: balance(words) >= 0)
    }

    /// A page's words and lines in reading order. `words` come line by line, each line's left to right,
    /// `lineOf[i]` the index of word `i`'s line; `lines` hold the words' texts left to right, a space
    /// where the page has one. Boxes stay with their words; `wordIndex[i]` is where word `i` went.
    public static func page(words: [TextSpan], lineOf: [Int], lines: [TextSpan])
        -> (words: [TextSpan], lines: [TextSpan], wordIndex: [Int]) {
        guard lineOf.count == words.count else { return (words, lines, Array(words.indices)) }
        // Each word's strong letters, counted once: they decide the page's direction and each line's.
        let letters = words.map { strongLetters($0.text) }
        let pageLeftToRight = letters.reduce(0) { $0 + $1.leftToRight - $1.rightToLeft } >= 0
        var orderedWords: [TextSpan] = []
        orderedWords.reserveCapacity(words.count)
        var orderedLines = lines
        var wordIndex = Array(words.indices)
        var start = 0
        while start < words.count {
            var end = start
            var leftToRight = 0, rightToLeft = 0
            while end < words.count && lineOf[end] == lineOf[start] {
                leftToRight += letters[end].leftToRight
                rightToLeft += letters[end].rightToLeft
                end += 1
            }
            // Most lines: no right-to-left letter, read left to right. `line` would give them back
            // as they are; spelling them out again is what most of a page would cost.
            if rightToLeft == 0 && (leftToRight > 0 || pageLeftToRight) {
                orderedWords += words[start..<end]
                start = end
                continue
            }
            let members = Array(words[start..<end])
            let texts = members.map(\.text)
            let lineIndex = lineOf[start]
            if lines.indices.contains(lineIndex), let spaces = spaceAfter(texts, in: lines[lineIndex].text) {
                let reading = line(texts, spaceAfter: spaces, pageLeftToRight: pageLeftToRight)
                for i in reading.order {
                    wordIndex[start + i] = orderedWords.count
                    orderedWords.append(TextSpan(text: reading.words[i], box: members[i].box,
                                                 confidence: members[i].confidence, emphasis: members[i].emphasis))
                }
                orderedLines[lineIndex].text = reading.text
            } else {
                orderedWords += members
            }
            start = end
        }
        return (orderedWords, orderedLines, wordIndex)
    }

    /// The left-to-right and right-to-left letters of `text`, as `balance` counts them; ASCII
    /// without looking up any property.
    static func strongLetters(_ text: String) -> (leftToRight: Int, rightToLeft: Int) {
        var leftToRight = 0, rightToLeft = 0, ascii = true
        for byte in text.utf8 {
            if byte >= 0x80 { ascii = false; break }
            if (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) { leftToRight += 1 }
        }
        if ascii { return (leftToRight, 0) }
        leftToRight = 0
        for scalar in text.unicodeScalars {
            switch direction(of: scalar) {
            case .leftToRight: leftToRight += 1
            case .rightToLeft: rightToLeft += 1
            default: break
            }
        }
        return (leftToRight, rightToLeft)
    }

    /// Which words a space follows in `line`, the words' texts with or without a space between
    /// each two; nil when the line is not made that way.
    static func spaceAfter(_ words: [String], in line: String) -> [Bool]? {
        let scalars = Array(line.unicodeScalars)
        var position = 0
        var spaces: [Bool] = []
        for (i, word) in words.enumerated() {
            for scalar in word.unicodeScalars {
                guard position < scalars.count, scalars[position] == scalar else { return nil }
                position += 1
            }
            let space = i + 1 < words.count && position < scalars.count && scalars[position] == " "
            if space { position += 1 }
            spaces.append(space)
        }
        return position == scalars.count ? spaces : nil
    }

    /// The indices of characters given left to right, in reading order. Left to right: runs of
    /// right-to-left characters (with the spaces and marks that follow them) are reversed. Right to left:
    /// the line is read from its right end, and runs that start with a left-to-right letter or a number
    /// (with the spaces and marks before them) keep their order.
    static func readingOrder(_ kinds: [Direction], leftToRight: Bool) -> [Int] {
        var order: [Int] = []
        order.reserveCapacity(kinds.count)
        func isStrongOrNumber(_ k: Direction) -> Bool { k == .leftToRight || k == .number }
        if leftToRight {
            var i = 0
            while i < kinds.count {
                var j = i
                while j < kinds.count && kinds[j] != .rightToLeft { j += 1 }
                order += i..<j
                i = j
                while j < kinds.count && !isStrongOrNumber(kinds[j]) { j += 1 }
                order += (i..<j).reversed()
                i = j
            }
        } else {
            var i = kinds.count - 1
            while i >= 0 {
                var j = i
                while j >= 0 && !isStrongOrNumber(kinds[j]) { j -= 1 }
                order += (j + 1..<i + 1).reversed()
                i = j
                while j >= 0 && kinds[j] != .rightToLeft { j -= 1 }
                order += j + 1..<i + 1
                i = j
            }
        }
        return order
    }

    /// Hebrew, Arabic, Syriac, Thaana, and the Hebrew and Arabic presentation forms.
    private static let rightToLeftBlocks: [ClosedRange<UInt32>] = [0x0590...0x07BF, 0xFB1D...0xFDFF, 0xFE70...0xFEFE]

    /// Characters of the number classes (European and Arabic digits, their separators and terminators)
    /// outside the ranges below.
    private static let numberScalars: Set<UInt32> = [
        0x002B, 0x002C, 0x002D, 0x002E, 0x002F, 0x003A, 0x00A0, 0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B9,
        0x058F, 0x0609, 0x060A, 0x060C, 0x066A, 0x066B, 0x066C, 0x09F2, 0x09F3, 0x09FB, 0x0AF1, 0x0BF9,
        0x0E3F, 0x17DB, 0x202F, 0x2044, 0x2070, 0x207A, 0x207B, 0x208A, 0x208B, 0x212E, 0x2212, 0x2213,
        0xA838, 0xA839, 0xFB29, 0xFE50, 0xFE52, 0xFE55, 0xFE5F, 0xFE62, 0xFE63, 0xFE69, 0xFE6A,
        0xFF0B, 0xFF0C, 0xFF0D, 0xFF0E, 0xFF0F, 0xFF1A, 0xFFE0, 0xFFE1, 0xFFE5, 0xFFE6,
    ]
    private static let numberRanges: [ClosedRange<UInt32>] = [
        0x0023...0x0025, 0x0030...0x0039, 0x00A2...0x00A5, 0x0660...0x0669, 0x06F0...0x06F9,
        0x2030...0x2034, 0x2074...0x2079, 0x2080...0x2089, 0x20A0...0x20CF, 0x2488...0x249B,
        0xFF03...0xFF05, 0xFF10...0xFF19,
    ]
    /// Modifier letters that are neutral, not left to right (prime, ring, tone marks).
    private static let neutralModifierLetters: [ClosedRange<UInt32>] = [
        0x02B9...0x02BA, 0x02C2...0x02CF, 0x02D2...0x02DF, 0x02E5...0x02ED, 0x02EF...0x02FF,
    ]
}
