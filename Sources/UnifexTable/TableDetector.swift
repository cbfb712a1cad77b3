public import UnifexCore

/// The tables of one page, from its words and the rulings it draws.
///
/// `auto` takes the ruled tables where rulings make a grid, then looks for tables without
/// rulings among the words outside them.
public enum TableDetector {
    /// More rulings than this on a page is a drawing (a chart, a map, a pattern), not tables;
    /// the grid work would grow with their square.
    public static let mostRulings = 5000

    public static func tables(words: [TableWord], rulings: [Ruling], options: TableOptions) -> [Table] {
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
        }
        if options.strategy != .ruled {
            let rest = words.filter { w in !found.contains { $0.box.contains(w.centerX, w.centerY) } }
            found += UnruledTables.detect(words: rest, options: options)
        }
        return found.sorted { ($0.box.y0, $0.box.x0) < ($1.box.y0, $1.box.x0) }
    }
}

extension Box {
    func contains(_ x: Double, _ y: Double) -> Bool { x >= x0 && x <= x1 && y >= y0 && y <= y1 }
}
