import UnifexCore

/// A run of words on one line with no wide gap inside: the text of one cell, or of a cell
/// spanning several columns.
struct Segment {
    var words: [TableWord]
    var x0: Double { words.first?.box.x0 ?? 0 }
    var x1: Double { words.map(\.box.x1).max() ?? 0 }
    var text: String { words.map(\.text).joined(separator: " ") }
    var isNumeric: Bool {
        words.allSatisfy { w in w.text.unicodeScalars.allSatisfy { "0123456789.,-–%$()+".unicodeScalars.contains($0) } }
    }
}

/// One line of text cut into segments, with what the table finder needs to know of it.
struct SegmentedLine {
    var line: TextLine
    var segments: [Segment]
    var wordCount: Int { line.words.count }
    /// Two or more segments: the line may be a table row.
    var isMulti: Bool { segments.count >= 2 }
    /// Running text: segments as long as sentences (two columns of prose look like a
    /// two-column table to gap analysis alone).
    /// A line of one segment is prose when it holds a sentence's worth of words; shorter ones
    /// (a wrapped label) are judged by their width where they stand.
    var isProse: Bool {
        isMulti ? Double(wordCount) / Double(segments.count) >= UnruledTables.proseWordsPerSegment
            : Double(wordCount) >= 1.5 * UnruledTables.proseWordsPerSegment
    }

    /// A caption or a note: text that goes with a table, not a row of it.
    var besideTable: TableTextKind? { TableTextKind.of(cellText(line.words)) }

    /// A gap wider than `gapRatio` times the line's height separates segments: word spaces are
    /// a third of the font size or less, column gaps rarely under two thirds.
    init(_ line: TextLine, gapRatio: Double) {
        self.line = line
        let limit = gapRatio * max(line.height, 1)
        var segments: [Segment] = []
        for word in line.words {
            if let last = segments.last, word.box.x0 - last.x1 <= limit {
                segments[segments.count - 1].words.append(word)
            } else {
                segments.append(Segment(words: [word]))
            }
        }
        self.segments = segments
    }
}

/// Dot leaders joining labels to numbers are no text and would bridge the gap between columns:
/// words of dots alone go, and a run of two or more dots ending a word is cut off it (with the
/// word's box). OCR reads a leader's dots as dots, zeros and small round letters: see
/// `withoutReadLeaders`.
func withoutLeaders(_ words: [TableWord]) -> [TableWord] {
    let leader = Set(".…· \u{A0}".unicodeScalars)
    return withoutReadLeaders(words).compactMap { word in
        let scalars = Array(word.text.unicodeScalars)
        var keep = scalars.count
        while keep > 0, leader.contains(scalars[keep - 1]) { keep -= 1 }
        let dots = scalars[keep...].filter { $0 != " " && $0 != "\u{A0}" }.count
        var start = 0
        while start < keep, scalars[start] == " " || scalars[start] == "\u{A0}" { start += 1 }
        guard keep > start else { return nil }
        guard dots >= 2 || start > 0 || keep < scalars.count else { return word }
        var trimmed = word
        trimmed.text = String(String.UnicodeScalarView(scalars[start..<(dots >= 2 ? keep : scalars.count)]))
        if dots >= 2 { trimmed.box.x1 = word.box.x0 + word.box.width * Double(keep) / Double(scalars.count) }
        return trimmed
    }
}

/// What OCR makes of a leader's dots: dots, zeros, and the small round letters e, c and o
/// ("Robbery............00...00000", "Burglary. eee e eee", "Gambling... 0. cc eee"). A word
/// is cut where three dots or more begin a rest made mostly of dots; a word of e, c and o
/// alone (no word of a table's labels) goes, as does, after a leader begun, a word of those
/// and of dots and zeros that is no figure ("0.", "cece"). A figure stays: "0" or "0.0000" after
/// a leader may be the row's value.
func withoutReadLeaders(_ words: [TableWord]) -> [TableWord] {
    let round = Set("eco"), read = Set("eco0.,·")
    func isFigure(_ text: String) -> Bool { text.allSatisfy { $0.isNumber || $0 == "." || $0 == "," } && text.last != "." }
    guard words.contains(where: \.ocr) else { return words }
    var out: [TableWord] = []
    for line in TextLine.group(words) {
        var inLeader = false
        for word in line.words {
            guard word.ocr else { out.append(word); inLeader = false; continue }
            let chars = Array(word.text)
            if chars.allSatisfy(read.contains), chars.contains(where: round.contains) && (chars.count >= 2 || inLeader)
                || inLeader && chars.allSatisfy(read.contains) && !isFigure(word.text) {
                inLeader = true
                continue
            }
            var kept = word
            if let start = (1..<max(1, chars.count - 2)).first(where: { k in chars[k - 1] != "." && chars[k...].prefix(3).allSatisfy { $0 == "." } }),
               2 * chars[start...].filter({ $0 == "." }).count >= chars.count - start {
                kept.text = String(chars[..<start])
                kept.box.x1 = word.box.x0 + word.box.width * Double(start) / Double(chars.count)
                inLeader = true
            } else {
                inLeader = word.text.hasSuffix("..")
            }
            out.append(kept)
        }
    }
    return out
}

func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return 0 }
    let s = values.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}
