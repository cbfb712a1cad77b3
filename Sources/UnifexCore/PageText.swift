/// A rectangle in PDF points with a top-left origin: `[x0, y0, x1, y1]`, x0 ≤ x1, y0 ≤ y1.
public struct Box: Equatable, Sendable {
    public var x0, y0, x1, y1: Double

    public init(x0: Double, y0: Double, x1: Double, y1: Double) {
        self.x0 = x0; self.y0 = y0; self.x1 = x1; self.y1 = y1
    }

    public func union(_ other: Box) -> Box {
        Box(x0: min(x0, other.x0), y0: min(y0, other.y0), x1: max(x1, other.x1), y1: max(y1, other.y1))
    }

    public var width: Double { x1 - x0 }
    public var height: Double { y1 - y0 }

    /// Area of the intersection divided by the smaller box's area (0 when they do not touch).
    public func overlapRatio(_ other: Box) -> Double {
        let w = min(x1, other.x1) - max(x0, other.x0), h = min(y1, other.y1) - max(y0, other.y0)
        guard w > 0, h > 0 else { return 0 }
        let smaller = min(width * height, other.width * other.height)
        return smaller > 0 ? w * h / smaller : 0
    }

    /// Whether `other` overlaps this box or lies within `gap` of it on both axes.
    public func touches(_ other: Box, within gap: Double) -> Bool {
        x0 <= other.x1 + gap && other.x0 <= x1 + gap && y0 <= other.y1 + gap && other.y0 <= y1 + gap
    }

    /// Whether the middle of `other` lies in this box, edges included: a line or word belongs to
    /// the region (a table, a picture) it is centred in.
    public func holdsMiddle(of other: Box) -> Bool {
        let cx = (other.x0 + other.x1) / 2, cy = (other.y0 + other.y1) / 2
        return cx >= x0 && cx <= x1 && cy >= y0 && cy <= y1
    }

    public var json: JSONValue { .array([.double(x0), .double(y0), .double(x1), .double(y1)]) }

    /// Writes `json`'s text without building it.
    func write(to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        writeNumber(x0, to: &out)
        out.append(UInt8(ascii: ","))
        writeNumber(y0, to: &out)
        out.append(UInt8(ascii: ","))
        writeNumber(x1, to: &out)
        out.append(UInt8(ascii: ","))
        writeNumber(y1, to: &out)
        out.append(UInt8(ascii: "]"))
    }

    public init?(_ value: JSONValue?) {
        guard let a = value?.arrayValue, a.count == 4 else { return nil }
        let n = a.compactMap(\.doubleValue)
        guard n.count == 4 else { return nil }
        self.init(x0: n[0], y0: n[1], x1: n[2], y1: n[3])
    }
}

/// The font a line of the text layer is set in, as the PDF says: its size in points and whether
/// most of its characters are bold, italic or of fixed pitch. What document structure is read from.
public struct FontStyle: Equatable, Sendable {
    public var size: Double
    public var bold = false
    public var italic = false
    public var mono = false

    public init(size: Double, bold: Bool = false, italic: Bool = false, mono: Bool = false) {
        self.size = size; self.bold = bold; self.italic = italic; self.mono = mono
    }

    /// Writes `{"size":9.96,"bold":true}`: the flags only when set, to keep records lean.
    func write(to out: inout [UInt8]) {
        out.append(contentsOf: #"{"size":"#.utf8)
        // A size that cannot be a font's is written 0.
        writeNumber(size.isFinite && size > 0 && size < 1e6 ? size : 0, to: &out)
        if bold { out.append(contentsOf: #","bold":true"#.utf8) }
        if italic { out.append(contentsOf: #","italic":true"#.utf8) }
        if mono { out.append(contentsOf: #","mono":true"#.utf8) }
        out.append(UInt8(ascii: "}"))
    }

    public init?(_ value: JSONValue?) {
        guard let o = value?.objectValue, let size = o["size"]?.doubleValue, size.isFinite, size > 0 else { return nil }
        self.init(size: size, bold: o["bold"]?.boolValue ?? false, italic: o["italic"]?.boolValue ?? false,
                  mono: o["mono"]?.boolValue ?? false)
    }
}

/// How a text-layer word is set apart from plain text: bold, italic or both (`"em": "b"`, `"i"`,
/// `"bi"` on the word; absent on a plain word).
public struct Emphasis: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static let bold = Emphasis(rawValue: 1)
    public static let italic = Emphasis(rawValue: 2)

    var code: String { (contains(.bold) ? "b" : "") + (contains(.italic) ? "i" : "") }

    init(code: String?) {
        self = []
        if code?.contains("b") == true { insert(.bold) }
        if code?.contains("i") == true { insert(.italic) }
    }
}

/// A word or a line of page text with its box and, where the engine gives one, a confidence in
/// 0–1; text-layer lines also carry their font, text-layer words their emphasis.
public struct TextSpan: Equatable, Sendable {
    public var text: String
    public var box: Box
    public var confidence: Double?
    public var font: FontStyle?
    public var emphasis: Emphasis = []

    public init(text: String, box: Box, confidence: Double? = nil, font: FontStyle? = nil, emphasis: Emphasis = []) {
        self.text = text; self.box = box; self.confidence = confidence; self.font = font; self.emphasis = emphasis
    }

    /// Writes `{"text":…,"box":[…],"conf":…,"font":{…},"em":…}`, each of the last three only when there.
    func write(to out: inout [UInt8]) {
        out.append(contentsOf: #"{"text":"#.utf8)
        writeString(text, to: &out)
        out.append(contentsOf: #","box":"#.utf8)
        box.write(to: &out)
        if let confidence {
            out.append(contentsOf: #","conf":"#.utf8)
            out.append(contentsOf: formatConfidence(confidence).utf8)
        }
        if let font {
            out.append(contentsOf: #","font":"#.utf8)
            font.write(to: &out)
        }
        if !emphasis.isEmpty {
            out.append(contentsOf: #","em":""#.utf8)
            out.append(contentsOf: emphasis.code.utf8)
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Spans as a JSON array, written straight rather than built as values: a page has hundreds of words.
    static func encoded(_ spans: [TextSpan]) -> JSONValue {
        .encoded(EncodedJSON { out in
            out.reserveCapacity(2 + spans.count * 64)
            out.append(UInt8(ascii: "["))
            for i in spans.indices {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                spans[i].write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        })
    }

    public init?(_ value: JSONValue?) {
        guard let o = value?.objectValue, let text = o["text"]?.stringValue, let box = Box(o["box"]) else { return nil }
        self.init(text: text, box: box, confidence: o["conf"]?.doubleValue, font: FontStyle(o["font"]),
                  emphasis: Emphasis(code: o["em"]?.stringValue))
    }
}

private func formatConfidence(_ c: Double) -> String {
    let milli = Int(saturating: c.isNaN ? 0 : min(max(c, 0), 1) * 1000)
    if milli == 1000 { return "1" }
    if milli == 0 { return "0" }
    var digits = String(milli)
    while digits.count < 3 { digits = "0" + digits }
    while digits.hasSuffix("0") { digits.removeLast() }
    return "0." + digits
}

/// The text of one page in reading order, with its words and lines.
/// Text-layer extraction and OCR both produce this shape.
public struct PageText: Equatable, Sendable {
    public var text: String
    public var words: [TextSpan]
    public var lines: [TextSpan]

    public init(text: String, words: [TextSpan], lines: [TextSpan]) {
        self.text = text; self.words = words; self.lines = lines
    }

    /// Writes `text`, `words` and `lines` into a record.
    public func apply(to record: inout PageRecord) {
        record["text"] = .string(text)
        record["words"] = TextSpan.encoded(words)
        record["lines"] = TextSpan.encoded(lines)
    }

    public init?(record: PageRecord) {
        guard let text = record["text"]?.stringValue else { return nil }
        self.init(text: text,
                  words: record["words"]?.arrayValue?.compactMap { TextSpan($0) } ?? [],
                  lines: record["lines"]?.arrayValue?.compactMap { TextSpan($0) } ?? [])
    }

    /// Builds words and lines from page text and one box per character of that text
    /// (poppler's text layout gives exactly that): a word is a run of non-space characters,
    /// a line is the text between newlines. Characters without a box (nil) are kept in the
    /// text but do not widen any box.
    public static func assemble(text: String, characterBoxes: [Box?]) -> PageText {
        var words: [TextSpan] = [], lines: [TextSpan] = []
        var word = "", wordBox: Box? = nil
        var line = "", lineBox: Box? = nil

        func endWord() {
            if !word.isEmpty, let wordBox { words.append(TextSpan(text: word, box: wordBox)) }
            word = ""; wordBox = nil
        }
        func endLine() {
            endWord()
            let trimmed = line.trimmingWhitespace()
            if !trimmed.isEmpty, let lineBox { lines.append(TextSpan(text: trimmed, box: lineBox)) }
            line = ""; lineBox = nil
        }

        var index = 0
        for character in text {
            // One box per Unicode scalar; a Character may span several (combining marks).
            let scalars = character.unicodeScalars.count
            var box: Box? = nil
            for i in index..<max(index, min(index + scalars, characterBoxes.count)) {
                if let b = characterBoxes[i] { box = box.map { $0.union(b) } ?? b }
            }
            index += scalars
            if character.isNewline {
                endLine()
            } else if character.isWhitespace {
                endWord()
                line.append(character)
            } else {
                word.append(character)
                line.append(character)
                if let box, box.width >= 0, box.height >= 0 {
                    wordBox = wordBox.map { $0.union(box) } ?? box
                    lineBox = lineBox.map { $0.union(box) } ?? box
                }
            }
        }
        endLine()
        return PageText(text: text, words: words, lines: lines)
    }
}

extension String {
    /// The string without white space at either end, in Swift's own sense of white space.
    public func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
