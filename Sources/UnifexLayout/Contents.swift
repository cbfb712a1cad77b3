import UnifexCore

/// A table of contents set as lines: entries one under another, each ending in the page it leads
/// to (`PREFACE xiii`, `CHAPTER ONE: Creators 21`), the pages never going back. Each entry is an
/// item of its own, nested by its indentation: not a heading by its font, nor a line of a
/// paragraph run on into the next entry. An entry's title may wrap onto a line above its page's,
/// and a page number the text layer gave apart on its entry's row (`CHAPTER TWO: “Mere Copyists”`
/// … `31`) is joined to its entry. Contents set with dot leaders come as tables from ux-table.
enum Contents {
    /// The column, page numbers set apart joined to their entries' lines, and for each line the
    /// entry it is part of (nil outside a table of contents).
    static func entries(_ column: [Fragment]) -> (column: [Fragment], entry: [Int?]) {
        // Each line with the page number beside it on its row joined to it, and the lines it was made of.
        var joined: [(line: Fragment, parts: [Fragment])] = []
        for f in column {
            if f.isText, page(f.text) != nil, !f.text.contains(" "), let last = joined.last, last.line.isText,
               pageOf(last.line) == nil, RowMerge.sameRow(last.line, f), f.box.x0 >= last.line.box.x1 - 0.5 {
                joined[joined.count - 1] = (RowMerge.join(last.line, f), last.parts + [f])
                continue
            }
            joined.append((f, [f]))
        }
        let lines = joined.map(\.line)
        var entry = [Int?](repeating: nil, count: lines.count)
        var k = 0, next = 0
        while k < lines.count {
            let run = self.run(lines, from: k)
            guard run.entries >= 3 else { k += 1; continue }
            // A line without a page is the start of the entry below it.
            for i in (k..<run.end).reversed() {
                if pageOf(lines[i]) != nil || i + 1 == run.end { next += 1; entry[i] = next } else { entry[i] = entry[i + 1] }
            }
            k = run.end
        }
        var out: [Fragment] = [], marks: [Int?] = []
        for (i, piece) in joined.enumerated() {
            if entry[i] != nil || piece.parts.count == 1 {
                out.append(piece.line); marks.append(entry[i])
            } else {
                out += piece.parts; marks += piece.parts.map { _ in nil }
            }
        }
        return (out, marks)
    }

    /// The lines from `start` that read as a table of contents, and how many of them end in a page:
    /// each ends in a page, or is an entry's title wrapped over the line above the one that does, a
    /// line's spacing or two apart in one size, the arabic pages going up or staying, no title the
    /// same as the one before it.
    static func run(_ lines: [Fragment], from start: Int) -> (end: Int, entries: Int) {
        var end = start, entries = 0, lastPage = 0
        while end < lines.count, lines[end].isText {
            let line = lines[end]
            if end > start {
                let above = lines[end - 1]
                guard line.box.y0 - above.box.y1 <= 2.5 * max(line.size, above.size),
                      abs(line.size - above.size) <= 0.1 * max(line.size, above.size) else { break }
            }
            if let page = pageOf(line) {
                // A word counted on (`Trace 1`, `Trace 2`) labels things; it points to no pages.
                if let previous = lines[start..<end].last(where: { pageOf($0) != nil }), title(previous) == title(line) { break }
                if let arabic = page.arabic {
                    guard arabic >= lastPage else { break }
                    lastPage = arabic
                }
                entries += 1
                end += 1
                continue
            }
            // A wrapped title: the next line ends in a page, set at its indentation or further in.
            guard end + 1 < lines.count, lines[end + 1].isText, pageOf(lines[end + 1]) != nil,
                  lines[end + 1].box.x0 >= line.box.x0 - 1, !Paragraphs.endsSentence(line.text) else { break }
            end += 1
        }
        // A wrapped title at the run's end has no page: it is not part of it.
        while end > start, pageOf(lines[end - 1]) == nil { end -= 1 }
        return (end, entries)
    }

    /// The page a line of contents ends in, after a title with a letter in it that ends as a title
    /// does (not `… = 1` in a line of code, nor `Steamboat Willie, 21` in an index).
    static func pageOf(_ line: Fragment) -> (arabic: Int?, roman: Bool)? {
        guard !line.mono else { return nil }
        let text = line.text.trimmingWhitespace()
        guard let space = text.lastIndex(of: " ") else { return nil }
        let title = String(text[..<space]).trimmingWhitespace()
        guard title.contains(where: \.isLetter), let end = title.last, end.isLetter || end.isNumber || ".?!)]\"”’".contains(end),
              let page = page(String(text[text.index(after: space)...]))
        else { return nil }
        return page
    }

    /// The entry's title: its words before its page.
    static func title(_ line: Fragment) -> [Substring] {
        Array(line.text.split(separator: " ").dropLast())
    }

    /// `21`, `xiii`: a page's number, arabic (up to four digits) or roman.
    static func page(_ token: String) -> (arabic: Int?, roman: Bool)? {
        if (1...4).contains(token.count), token.allSatisfy(\.isASCIIDigit) { return (Int(token), false) }
        if (1...7).contains(token.count), token.allSatisfy({ "ivxlc".contains($0) }) { return (nil, true) }
        return nil
    }
}
