public import UnifexCore

/// Tables without rulings, from the words alone.
///
/// The extent: a table is a run of consecutive lines that split into two or more segments at
/// wide gaps, with no more than ordinary row spacing between them. Inside the run a narrow line
/// of one segment (a wrapped label, a sparse row) may stay; a line of running text, a wide line
/// of one segment, or a larger vertical gap ends it. Short lines set tightly above the first row
/// (a header over several columns) join it; titles and paragraphs, set apart or wide, do not.
/// Columns are the gaps that stay open down the whole run, header lines aside; a header segment
/// that crosses them spans those columns. Each line is a row; a line holding only a label that
/// continues on the next line is joined to it.
public enum UnruledTables {
    /// Gap between words, in line heights, that separates segments.
    static let segmentGap = 0.6
    /// Words per segment at which a line reads as running text.
    static let proseWordsPerSegment = 4.5
    /// Largest space between two rows of one table, in line heights.
    static let rowLeading = 1.6
    /// A single-segment line inside a run is at most this share of the run's width.
    static let narrowLine = 0.45
    /// The fewest rows with two or more filled cells a table without rulings needs.
    static let fewestRows = 3

    public static func detect(words: [TableWord], options: TableOptions) -> [Table] {
        var words = withoutLeaders(words)
        // A word many lines tall is no text on a line (OCR reading a column of digits as one
        // word): it would fuse every line it crosses. One a third of a letter high is dots
        // (OCR reading a leader) and would bridge the gap between columns; a dash alone stays.
        let typical = max(median(words.map(\.box.height)), 1)
        words = words.filter { $0.box.height <= 3 * typical && ($0.box.height >= 0.35 * typical || $0.text.count < 2) }
        if let area = options.area { words = words.filter { area.overlapRatio($0.box) >= 0.5 } }
        words = words.map { $0.ocr ? $0.asSet(typical: typical) : $0 }
        let lines = TextLine.group(words).map { SegmentedLine($0, gapRatio: segmentGap) }
        var tables: [Table] = []
        for run in runs(lines) {
            if let table = UnruledGrid(lines: run).table(options: options, fewestRows: fewestRows) { tables.append(table) }
        }
        return tables
    }

    /// Largest space above a group label that continues a table, in line heights.
    static let groupLabelGap = 4.0

    /// A line of one short segment in the run's first or last column, set tightly over a row in
    /// the run's columns: a label over the next section of the table.
    static func isGroupLabel(_ line: SegmentedLine, before next: SegmentedLine, run: [SegmentedLine], x0: Double, x1: Double) -> Bool {
        let height = max(1, line.line.height)
        guard !line.isMulti, !line.isProse, line.besideTable == nil, line.line.x1 - line.line.x0 <= narrowLine * max(x1 - x0, 1),
              next.line.y0 - line.line.y1 <= rowLeading * height, isAlignedRow(next, run: run) else { return false }
        let columns = run.filter(\.isMulti).flatMap(\.segments)
        guard let first = columns.min(by: { $0.x0 < $1.x0 }), let last = columns.max(by: { $0.x1 < $1.x1 }) else { return false }
        return [first, last].contains { $0.x0 < line.line.x1 && line.line.x0 < $0.x1 }
    }

    /// A line of two or more segments, at least half as many as the run's rows have, each in a
    /// column of the run: a row of the same table, however far apart (a section after a blank
    /// line, a header set apart above the rows).
    static func isAlignedRow(_ line: SegmentedLine, run: [SegmentedLine]) -> Bool {
        let multi = run.filter(\.isMulti)
        let typical = median(multi.map { Double($0.segments.count) })
        guard line.isMulti, !line.isProse, line.besideTable == nil, Double(line.segments.count) >= 0.5 * typical else { return false }
        let columns = multi.flatMap(\.segments)
        return line.segments.allSatisfy { s in columns.contains { $0.x0 < s.x1 && s.x0 < $0.x1 } }
    }

    /// The runs of lines that may be tables, each with the header lines set tightly above it.
    static func runs(_ lines: [SegmentedLine]) -> [[SegmentedLine]] {
        var runs: [[SegmentedLine]] = []
        var i = 0
        while i < lines.count {
            guard lines[i].isMulti, !lines[i].isProse, lines[i].besideTable == nil else { i += 1; continue }
            var run = [lines[i]]
            var x0 = lines[i].line.x0, x1 = lines[i].line.x1
            var j = i + 1
            var widest = 0.0
            while j < lines.count {
                let line = lines[j], previous = run[run.count - 1]
                let height = max(1, min(line.line.height, previous.line.height))
                // Row spacing is the table's own: a gap like those already crossed continues it
                // (OCR boxes hug the letters, so their gaps look wide in line heights).
                let gap = line.line.y0 - previous.line.y1
                guard !line.isProse, line.besideTable == nil else { break }
                guard gap <= max(rowLeading * height, min(1.25 * widest, 3 * height)) else {
                    // A group label set apart, over rows in the run's columns: a later section.
                    guard gap <= groupLabelGap * height else { break }
                    if isAlignedRow(line, run: run) {
                        run.append(line)
                    } else {
                        guard j + 1 < lines.count, isGroupLabel(line, before: lines[j + 1], run: run, x0: x0, x1: x1) else { break }
                        run += [line, lines[j + 1]]
                        j += 1
                    }
                    x0 = min(x0, lines[j].line.x0); x1 = max(x1, lines[j].line.x1)
                    j += 1
                    continue
                }
                widest = max(widest, gap)
                if !line.isMulti && line.line.x1 - line.line.x0 > narrowLine * max(x1 - x0, 1) { break }
                run.append(line)
                if line.isMulti { x0 = min(x0, line.line.x0); x1 = max(x1, line.line.x1) }
                j += 1
            }
            while let last = run.last, !last.isMulti { run.removeLast() }
            // Tight short lines above: a header that spans columns.
            var k = i - 1, above: [SegmentedLine] = []
            while k >= 0, above.count < 3 {
                let line = lines[k], below = above.first ?? run[0]
                let height = max(1, min(line.line.height, below.line.height))
                guard below.line.y0 - line.line.y1 <= 0.5 * height, !line.isProse, line.besideTable == nil,
                      line.line.x0 >= x0 - height, line.line.x1 <= x1 + height,
                      runs.last.map({ $0.last!.line.y1 < line.line.y0 }) ?? true else { break }
                above.insert(line, at: 0)
                k -= 1
            }
            // A header set apart above the rows, in their columns, perhaps over a label of the first section.
            let top = above.first ?? run[0]
            var label: [SegmentedLine] = [], h = k
            if h >= 1, !lines[h].isMulti, !lines[h].isProse, lines[h].besideTable == nil,
               top.line.y0 - lines[h].line.y1 <= rowLeading * max(1, top.line.height),
               lines[h].line.x1 - lines[h].line.x0 <= narrowLine * max(x1 - x0, 1) {
                label = [lines[h]]
                h -= 1
            }
            if h >= 0, isAlignedRow(lines[h], run: run),
               (label.first ?? top).line.y0 - lines[h].line.y1 <= groupLabelGap * max(1, top.line.height) {
                // The header line may have been a run of its own, too short to be a table.
                if let last = runs.last, last.last!.line.y1 >= lines[h].line.y0, last.count < fewestRows,
                   last.allSatisfy({ $0.line.y0 >= lines[h].line.y0 }) {
                    runs.removeLast()
                }
                if runs.last.map({ $0.last!.line.y1 < lines[h].line.y0 }) ?? true { above = [lines[h]] + label + above }
            }
            runs.append(above + run)
            i = max(j, i + 1)
        }
        return runs
    }
}

extension TableWord {
    /// A word OCR read, as tall as a text layer would set it. OCR's boxes hug the ink (a digit or
    /// a capital is some 0.7 of the font size), a text layer's span the font from ascent to
    /// descent (some 1.2 of it): gaps and spacing measured in line heights, as the detection
    /// measures them, would come out over half as large again on a scan. `typical` is the page's
    /// usual word height; each side grows by 0.3 of it.
    func asSet(typical: Double) -> TableWord {
        var set = self
        set.box.y0 -= 0.3 * typical
        set.box.y1 += 0.3 * typical
        return set
    }
}
