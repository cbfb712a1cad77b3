public import UnifexCore

/// The tables of one page, from its words and the rulings it draws.
///
/// `auto` takes the ruled tables where rulings make a grid, then looks for tables without
/// rulings among the words outside them.
public enum TableDetector {
    /// More rulings than this on a page is a drawing (a chart, a map, a pattern), not tables;
    /// the grid work would grow with their square.
    public static let mostRulings = 5000

    /// `shapes` are the page's filled rectangles: a grid their edges make counts where they
    /// cover all of it (tables drawn as coloured cells), not where they shade some rows.
    /// On a page whose text runs up or down, the tables are found with the page turned upright,
    /// so rows and columns follow the text; their boxes are given back on the page as displayed.
    public static func tables(words: [TableWord], rulings: [Ruling], shapes: [Box] = [], options: TableOptions) -> [Table] {
        let turn = TextTurn.of(words)
        guard turn != .upright else { return uprightTables(words: words, rulings: rulings, shapes: shapes, options: options) }
        let frame = TurnedFrame(turn, words: words, rulings: rulings, shapes: shapes, area: options.area)
        var turned = options
        turned.area = options.area.map(frame.upright)
        return uprightTables(words: words.map(frame.upright), rulings: rulings.map(frame.upright),
                             shapes: shapes.map(frame.upright), options: turned).map(frame.displayed)
    }

    static func uprightTables(words: [TableWord], rulings: [Ruling], shapes: [Box], options: TableOptions) -> [Table] {
        var found: [Table] = []
        if options.strategy != .unruled {
            let near = options.area.map { area in
                rulings.filter { r in
                    let box = r.orientation == .horizontal
                        ? Box(x0: r.start, y0: r.position, x1: r.end, y1: r.position)
                        : Box(x0: r.position, y0: r.start, x1: r.position, y1: r.end)
                    return box.x1 >= area.x0 && box.x0 <= area.x1 && box.y1 >= area.y0 && box.y0 <= area.y1
                }
            } ?? rulings
            found = RuledTables.detect(rulings: Array(near.prefix(mostRulings)), words: words, options: options)
                .filter { !runsTogether($0, words: words) }
            if !shapes.isEmpty, shapes.count <= mostRulings {
                let edges = RulingExtraction.merged(RulingExtraction.edges(of: shapes) + near, tolerance: 1.5)
                for table in RuledTables.detect(rulings: Array(edges.prefix(mostRulings)), words: words, options: options)
                where !found.contains(where: { $0.box.overlapRatio(table.box) > 0.2 }) && !runsTogether(table, words: words, strict: true) && covered(table, by: shapes, words: words) {
                    found.append(table)
                }
            }
        }
        if !found.isEmpty {
            let outside = words.filter { w in !found.contains { $0.box.contains(w.centerX, w.centerY) } }
            found = found.map { OuterColumns.extend($0, words: outside) }
        }
        if options.strategy != .ruled {
            let rest = words.filter { w in !found.contains { $0.box.contains(w.centerX, w.centerY) } }
            found += UnruledTables.detect(words: rest, options: options)
        }
        found = TableTexts.attach(found, words: words)
        for i in found.indices { found[i].headerRows = HeaderRows.count(found[i]) }
        return found.sorted { ($0.box.y0, $0.box.x0) < ($1.box.y0, $1.box.x0) }
    }

    /// Whether the cells hold lines of text with wide gaps in them: several columns' worth of
    /// text, so the lines do not bound the table's cells (rules under headers only, or shading
    /// that leaves rows out). One such line (a long title in a merged cell, OCR's spacing) is
    /// not enough; a fifth of the lines is. A grid made from shapes, a weaker sign, may have none.
    static func runsTogether(_ table: Table, words: [TableWord], strict: Bool = false) -> Bool {
        var lines = 0, together = 0
        for cell in table.cells {
            let inside = words.filter { cell.box.contains($0.centerX, $0.centerY) }
            for line in TextLine.group(inside) {
                lines += 1
                if SegmentedLine(line, gapRatio: 1.0).segments.count >= 3 { together += 1 }
            }
        }
        return strict ? together > 0 : together >= max(2, lines / 5)
    }

    /// Whether shapes lie under the middle of nearly every cell.
    static func covered(_ table: Table, by shapes: [Box], words: [TableWord]) -> Bool {
        let inside = table.cells.filter { cell in
            let x = (cell.box.x0 + cell.box.x1) / 2, y = (cell.box.y0 + cell.box.y1) / 2
            return shapes.contains { $0.contains(x, y) }
        }
        return Double(inside.count) >= 0.9 * Double(table.cells.count)
    }
}

extension Box {
    func contains(_ x: Double, _ y: Double) -> Bool { x >= x0 && x <= x1 && y >= y0 && y <= y1 }
}
