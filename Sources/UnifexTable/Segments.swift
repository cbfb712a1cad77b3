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
    var isProse: Bool { Double(wordCount) / Double(max(1, segments.count)) >= UnruledTables.proseWordsPerSegment }

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

/// Dot leaders joining labels to numbers are no text and would bridge the gap between columns.
func withoutLeaders(_ words: [TableWord]) -> [TableWord] {
    words.compactMap { word in
        let scalars = Array(word.text.unicodeScalars)
        var keep = scalars.count
        while keep > 0, ".…·".unicodeScalars.contains(scalars[keep - 1]) { keep -= 1 }
        let dots = scalars.count - keep
        guard dots >= 3 || (scalars.count > 0 && scalars.allSatisfy({ $0 == "…" })) else { return word }
        guard keep > 0 else { return nil }
        var trimmed = word
        trimmed.text = String(String.UnicodeScalarView(scalars[..<keep]))
        trimmed.box.x1 = word.box.x0 + word.box.width * Double(keep) / Double(scalars.count)
        return trimmed
    }
}

func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return 0 }
    let s = values.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}
