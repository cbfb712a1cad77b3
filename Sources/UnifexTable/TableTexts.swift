public import UnifexCore

/// What a line of text next to a table is when it is not one of its rows: the table's caption
/// ("Table 10: ...", "Tab. 3"), or a note ("Source: ...", "Note: ...", a units line such as
/// "(%)" or "In thousands").
enum TableTextKind {
    case caption, note

    /// Words that open a caption when a number follows them.
    static let captionLabels: Set<String> = ["table", "tab", "tabelle", "tableau", "tabla", "tabela", "tabella"]
    /// Words that open a note when a colon or a full stop follows them.
    static let noteLabels: Set<String> = ["source", "sources", "note", "notes", "nb", "remark", "remarks", "quelle", "fuente"]
    /// Words that say in which units the figures are.
    static let unitWords: Set<String> = ["%", "percent", "per cent", "percentage", "percentages", "thousand", "thousands",
                                         "million", "millions", "billion", "billions", "units", "number", "numbers"]

    static func of(_ text: String) -> TableTextKind? {
        let trimmed = text.trimmingWhitespace()
        let lower = trimmed.lowercased()
        let words = lower.split(whereSeparator: { $0 == " " || $0 == "\u{A0}" })
        guard let first = words.first else { return nil }
        // "Table 10:", "Table A.1 -", "Tab. 3": a label, then a number of digits, letters and dots.
        if captionLabels.contains(stripped(first, ":.")), words.count >= 2 {
            let number = stripped(words[1], ":.-–—")
            if let c = number.first, c.isNumber || (number.count <= 4 && number.allSatisfy { "ivxlc".contains($0) })
                || (number.count <= 5 && c.isLetter && number.dropFirst().first?.isNumber == true) {
                return .caption
            }
        }
        let head = stripped(first, ":.")
        if noteLabels.contains(head), first.hasSuffix(":") || first.hasSuffix(".") || words.count >= 2 && words[1].hasPrefix(":") {
            return .note
        }
        // A short line in brackets that names units: "(%)", "(in thousands)", "(EUR million)".
        if trimmed.hasPrefix("("), trimmed.hasSuffix(")"), words.count <= 5 {
            let inside = lower.dropFirst().dropLast()
            if inside.split(separator: " ").contains(where: { unitWords.contains(stripped($0, ",.")) })
                || inside.contains("%") {
                return .note
            }
        }
        // "In thousands of euros", "Percent".
        if words.count <= 6, ((first == "in" && words.count >= 2 && unitWords.contains(String(words[1])))
                                || (words.count <= 2 && unitWords.contains(String(first)))) {
            return .note
        }
        return nil
    }

    /// `text` without the characters of `chars` at either end.
    static func stripped(_ text: Substring, _ chars: String) -> String {
        var t = text
        while let c = t.first, chars.contains(c) { t.removeFirst() }
        while let c = t.last, chars.contains(c) { t.removeLast() }
        return String(t)
    }
}

/// Captions and notes found beside tables: the lines outside every table, just above or just
/// below one, that read as a caption or a note. A caption's lines run from its label to the
/// table (a caption may wrap); a note's from its label to the next gap.
enum TableTexts {
    /// Lines further from a table than this many of their heights are not its caption or notes.
    static let reach = 2.5

    static func attach(_ tables: [Table], words: [TableWord]) -> [Table] {
        guard !tables.isEmpty else { return tables }
        let outside = words.filter { w in !tables.contains { $0.box.contains(w.centerX, w.centerY) } }
        let lines = TextLine.group(outside)
        var used = Set<Int>()
        var out = tables
        for t in out.indices {
            let box = out[t].box
            func beside(_ i: Int) -> Bool {
                let line = lines[i]
                return line.x1 > box.x0 && line.x0 < box.x1 && !used.contains(i)
                    && !tables.indices.contains { $0 != t && tables[$0].box.contains((line.x0 + line.x1) / 2, line.centerY) }
            }
            // Above: consecutive lines up from the table's top, each near the one below.
            var above: [Int] = []
            var edge = box.y0
            for i in lines.indices.reversed() where lines[i].y1 <= box.y0 + 1 && beside(i) {
                guard edge - lines[i].y1 <= reach * max(lines[i].height, 1), above.count < 6 else { break }
                above.insert(i, at: 0)
                edge = lines[i].y0
            }
            let kinds = above.map { TableTextKind.of(text(lines[$0])) }
            if let c = kinds.lastIndex(where: { $0 == .caption }) {
                // The caption and the lines that continue it, up to the first note.
                var end = c + 1
                while end < above.count, kinds[end] == nil { end += 1 }
                out[t].caption = joined(above[c..<end].map { lines[$0] })
                used.formUnion(above[c..<end])
                for k in end..<above.count where kinds[k] == .note {
                    out[t].notes.append(joined([lines[above[k]]]))
                    used.insert(above[k])
                }
            } else if let last = above.last, kinds.last == .note {
                out[t].notes.append(joined([lines[last]]))
                used.insert(last)
            }
            // Below: notes, each with the lines that continue it, and a caption set under the table.
            var k = lines.firstIndex { $0.y0 >= box.y1 - 1 } ?? lines.count
            edge = box.y1
            var current: [TextLine] = []
            func flush() { if !current.isEmpty { out[t].notes.append(joined(current)); current = [] } }
            while k < lines.count {
                let line = lines[k]
                defer { k += 1 }
                guard beside(k) else { continue }
                guard line.y0 - edge <= reach * max(line.height, 1) else { break }
                let kind = TableTextKind.of(text(line))
                if kind == .caption, out[t].caption == nil, current.isEmpty, out[t].notes.isEmpty {
                    out[t].caption = joined([line])
                } else if kind == .note {
                    flush()
                    current = [line]
                } else if !current.isEmpty, line.y0 - edge <= 0.6 * max(line.height, 1) {
                    current.append(line)
                } else {
                    break
                }
                used.insert(k)
                edge = line.y1
            }
            flush()
        }
        return out
    }

    static func text(_ line: TextLine) -> String { cellText(line.words) }

    static func joined(_ lines: [TextLine]) -> TableText {
        let words = lines.flatMap(\.words)
        let box = words.dropFirst().reduce(words[0].box) { $0.union($1.box) }
        return TableText(text: lines.map(text).joined(separator: " "), box: box)
    }
}
