public import UnifexCore

/// A piece of the page that takes part in reading order: a line of text (one or more of the
/// record's lines on one row) or a table.
struct Fragment {
    var text: String
    var box: Box
    /// Indices into the record's `lines`.
    var lines: [Int]
    /// The font size in points: the text layer's, or for OCR lines their height's share of it.
    var size: Double
    var bold: Bool
    var italic: Bool
    var mono: Bool
    /// Pieces in a fixed-pitch font and in another font or size joined on one row (a footnote's
    /// number before a URL): no one column grid lays it out.
    var mixesPitch = false
    /// The size was estimated from the line's height (OCR), not given by the PDF: compare loosely.
    var estimated = false
    /// Set for a table: its index into the record's `tables`.
    var table: Int?
    /// A picture (its `lines` the text inside it).
    var figure = false
    /// The words of its lines, with their emphasis where the text layer gives it.
    var spans: [TextSpan] = []

    /// A line of text, not a table or a picture standing among them.
    var isText: Bool { table == nil && !figure }

    var centerY: Double { (box.y0 + box.y1) / 2 }

    /// A line set sideways (read bottom to top or top to bottom): far taller than its text's size
    /// and than it is wide.
    var sideways: Bool { box.height > 3 * max(size, 1) && box.height > 2 * box.width }
    var words: Int { text.split(separator: " ").count }
}

extension Fragment {
    /// OCR reads a small round bullet as a letter or sign (`e`, `o`, `«`, `°`, `©`): such a mark alone
    /// before an item that starts with a capital or a digit is the bullet.
    static func bulletRead(_ text: String) -> String {
        guard let first = text.first, "eo«°©®¢".contains(first), text.dropFirst().first == " ",
              let next = text.dropFirst(2).first, next.isUppercase || next.isNumber else { return text }
        // A copyright line keeps its sign: `© Copyright IBM`, `© 2014 IBM Corp.`, `® Registered`.
        let rest = text.dropFirst(2)
        let year = rest.prefix(4)
        if "©®".contains(first), rest.lowercased().hasPrefix("copyright") || rest.hasPrefix("Registered")
            || (year.count == 4 && year.allSatisfy(\.isNumber) && (year.hasPrefix("19") || year.hasPrefix("20"))) {
            return text
        }
        return "•" + text.dropFirst()
    }

    /// The font size of an OCR line, from its box's height and the letters in it: a line's box runs
    /// from its tallest letter's top to its lowest one's bottom, about the whole size with both
    /// capitals or ascenders and descenders, three quarters of it without descenders, and so on.
    static func size(ofOCRLine text: String, height: Double) -> Double {
        // The dot of an `i` or a `j` stands about as high as an ascender.
        let tall = text.contains { $0.isUppercase || $0.isNumber || "bdfhiklt".contains($0) || !$0.isASCII && $0.isLetter }
        let deep = text.contains { "gjpqy,;()[]{}|".contains($0) }
        let share = switch (tall, deep) {
        case (true, true): 1.0
        case (true, false): 0.76
        case (false, true): 0.79
        case (false, false): 0.55
        }
        return height / share
    }

    /// The record's lines as fragments, leaving out those with no usable box and those that lie
    /// inside a table (the table stands for them), and the tables themselves.
    static func of(lines: [TextSpan], words: [TextSpan], tables: [Table], images: [Box] = [], drawings: [Box] = [],
                   page: Box) -> [Fragment] {
        let pieces = OCRLines.split(lines, words: words)
        return of(pieces: pieces, tables: tables, images: images, drawings: drawings, page: page)
    }

    /// `pieces`: each line's text and box with its index, a line split where OCR ran it across a gutter.
    private static func of(pieces: [OCRLines.Piece], tables: [Table], images: [Box], drawings: [Box], page: Box) -> [Fragment] {
        var fragments: [Fragment] = []
        // A "table" whose first column holds only bullets is a list set with hanging bullets: its
        // lines are read as lines, and it makes list items.
        // A grid found from words alone inside a drawing and its labels is the labels lining up
        // (a diagram's boxes in rows, a chart's ticks), and a small ruled one well inside it, or
        // one of empty cells, is its strokes (hatching, bars): the picture stands for them.
        let lines = pieces.map { ($0.span.box, $0.span.text, $0.span.confidence) }
        // Each usable drawing, and its box grown by its labels.
        let drawn = Array(zip(drawings.prefix(500).filter(\.isUsable), Figures.labelled(drawings, lines: lines)))
        let inDrawing = { (table: Table) in
            // A grid whose cells hold next to nothing (a chart's bars ruled off as cells, OCR
            // reading a bar as a letter).
            let filled = table.cells.filter { $0.text.filter { $0.isLetter || $0.isNumber }.count >= 2 }.count
            let empty = 4 * filled <= table.cells.count
            let area = table.box.width * table.box.height
            return drawn.contains { _, d in
                d.isUsable && table.box.overlapRatio(d) >= 0.6 && area <= (table.kind == .unruled || empty ? 1.5 : 0.5) * d.width * d.height
            }
        }
        let kept = tables.indices.filter {
            tables[$0].box.isUsable && !isBulletList(tables[$0]) && !isProse(tables[$0]) && !inDrawing(tables[$0])
        }
        for i in kept {
            fragments.append(Fragment(text: "", box: tables[i].box, lines: [], size: 0, bold: false, italic: false, mono: false, table: i))
        }
        // A table's caption and notes are written with it.
        let tableBoxes = kept.flatMap { tables[$0].regions }
        // Pictures outside the tables, and the lines inside each.
        // A picture and a table that touch are the table (its cells' pictures, a logo in its
        // header), unless the table is a small part of the picture.
        let apart = { (picture: Box) in
            !kept.contains { tables[$0].box.touches(picture, within: 0)
                && tables[$0].box.width * tables[$0].box.height >= 0.25 * picture.width * picture.height }
        }
        let pictures = images.isEmpty && drawings.isEmpty ? [] : Figures.regions(
            images: images.filter(apart), drawings: drawn.filter { apart($0.0) }.map(\.1),
            lines: lines, page: page,
            measured: pieces.contains { $0.span.font != nil })
        var inside = [[Int]](repeating: [], count: pictures.count)
        for (i, line, words) in pieces {
            let box = line.box
            guard box.isUsable, box.x1 > page.x0 - 1, box.x0 < page.x1 + 1, box.y1 > page.y0 - 1, box.y0 < page.y1 + 1 else { continue }
            let read = line.text.trimmingWhitespace()
            guard !read.isEmpty else { continue }
            if tableBoxes.contains(where: { $0.holdsMiddle(of: box) }) { continue }
            if let p = pictures.firstIndex(where: { $0.holdsMiddle(of: box) }) { inside[p].append(i); continue }
            let size = line.font.map(\.size) ?? Self.size(ofOCRLine: read, height: box.height)
            let text = line.font == nil ? Self.bulletRead(read) : read
            fragments.append(Fragment(text: text, box: box, lines: [i], size: size.isFinite && size > 0 ? size : 1,
                                      bold: line.font?.bold ?? false, italic: line.font?.italic ?? false,
                                      mono: line.font?.mono ?? false, estimated: line.font == nil, spans: words))
        }
        for (p, picture) in pictures.enumerated() {
            fragments.append(Fragment(text: "", box: picture, lines: inside[p], size: 0, bold: false, italic: false, mono: false,
                                      figure: true))
        }
        return fragments
    }
}

/// A grid found from words alone whose cells are mostly sentences: columns of running text that
/// happen to line up (two columns of a page, a list beside a paragraph), read as text. A table's
/// cells are mostly short: numbers, names, labels.
func isProse(_ table: Table) -> Bool {
    // A frame drawn around a page or a box of text (a scan's page border, a sidebar) makes a
    // "ruled table" of a few cells, one of them holding paragraphs.
    if table.kind == .ruled {
        return table.cells.count <= 12 && table.cells.contains { $0.text.split(separator: " ").count >= 60 }
    }
    guard table.kind == .unruled else { return false }
    let lengths = table.cells.map { $0.text.count }.filter { $0 > 0 }.sorted()
    guard lengths.count >= 4 else { return false }
    return lengths[lengths.count / 2] >= 20
}

/// A grid whose first column is bullets (or list numbers) and nothing else.
func isBulletList(_ table: Table) -> Bool {
    let first = table.cells.filter { $0.col == 0 }
    let marked = first.filter { !$0.text.trimmingWhitespace().isEmpty }
    guard table.cols >= 2, marked.count >= 2 else { return false }
    return marked.allSatisfy { ListMarker.isMarkerOnly($0.text) && SectionNumber.parse($0.text) == nil || ListMarker.isEnumerator($0.text.trimmingWhitespace()) }
}

extension Box {
    /// Finite, not inverted, not absurdly large: a box that geometry can use.
    var isUsable: Bool {
        [x0, y0, x1, y1].allSatisfy { $0.isFinite && abs($0) < 1e7 } && x1 >= x0 && y1 >= y0
    }
}
