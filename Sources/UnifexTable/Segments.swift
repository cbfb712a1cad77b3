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
/// word's box).
func withoutLeaders(_ words: [TableWord]) -> [TableWord] {
    let leader = Set(".…· \u{A0}".unicodeScalars)
    return words.compactMap { word in
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

func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return 0 }
    let s = values.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}
