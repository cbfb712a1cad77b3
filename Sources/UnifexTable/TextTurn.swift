public import UnifexCore

/// Which way a page's text runs as displayed: upright, or turned a quarter (a landscape table
/// printed sideways on a portrait page reads top to bottom or bottom to top). The detectors work
/// on upright text, so a turned page is turned back for them and their tables turned again.
public enum TextTurn: String, Sendable {
    case upright
    /// Lines read top to bottom, the next line to the left: the text was turned clockwise.
    case down
    /// Lines read bottom to top, the next line to the right: turned counter-clockwise.
    case up

    /// Words this long say which way they run: a shorter word's box can be as tall as wide.
    static let telling = 4

    /// The way most of the words' letters run. Upright unless the words of `telling` letters or
    /// more that stand taller than wide hold twice the letters of those that lie wider than tall
    /// (a page number or a stamp across a sideways table does not change its verdict).
    public static func of(_ words: [TableWord]) -> TextTurn {
        var standing = 0, lying = 0
        for word in words {
            let letters = word.text.unicodeScalars.count
            guard letters >= telling, word.box.width.isFinite, word.box.height.isFinite else { continue }
            if word.box.height > word.box.width { standing += letters } else { lying += letters }
        }
        guard standing > 2 * lying else { return .upright }
        // Words come in reading order: within a line, the next word lies further along the line.
        var down = 0, up = 0
        for (a, b) in zip(words, words.dropFirst()) where a.box.height > a.box.width && b.box.height > b.box.width {
            let overlap = min(a.box.x1, b.box.x1) - max(a.box.x0, b.box.x0)
            guard overlap > 0.5 * min(a.box.width, b.box.width) else { continue }
            if b.centerY > a.centerY { down += 1 } else if b.centerY < a.centerY { up += 1 }
        }
        return up > down ? .up : .down
    }
}

/// The page's coordinates turned so that its text stands upright, and back. `extent` is a
/// coordinate past everything on the page along the axis that is reversed.
struct TurnedFrame {
    let turn: TextTurn
    let extent: Double

    init(_ turn: TextTurn, words: [TableWord], rulings: [Ruling], shapes: [Box], area: Box?) {
        self.turn = turn
        // Reading down, x is reversed; reading up, y is.
        let down = turn == .down
        var far = 0.0
        for word in words { far = max(far, down ? word.box.x1 : word.box.y1) }
        for box in shapes { far = max(far, down ? box.x1 : box.y1) }
        if let area { far = max(far, down ? area.x1 : area.y1) }
        for ruling in rulings {
            let across = (ruling.orientation == .vertical) == down
            far = max(far, across ? ruling.position : ruling.end)
        }
        extent = far.isFinite ? far : 0
    }

    /// A box of the page, in the upright frame.
    func upright(_ b: Box) -> Box {
        switch turn {
        case .upright: b
        case .down: Box(x0: b.y0, y0: extent - b.x1, x1: b.y1, y1: extent - b.x0)
        case .up: Box(x0: extent - b.y1, y0: b.x0, x1: extent - b.y0, y1: b.x1)
        }
    }

    /// A box of the upright frame, on the page.
    func displayed(_ b: Box) -> Box {
        switch turn {
        case .upright: b
        case .down: Box(x0: extent - b.y1, y0: b.x0, x1: extent - b.y0, y1: b.x1)
        case .up: Box(x0: b.y0, y0: extent - b.x1, x1: b.y1, y1: extent - b.x0)
        }
    }

    func upright(_ word: TableWord) -> TableWord { TableWord(text: word.text, box: upright(word.box), ocr: word.ocr) }

    /// A ruling turns into one across the other way.
    func upright(_ r: Ruling) -> Ruling {
        let line = r.orientation == .horizontal
            ? Box(x0: r.start, y0: r.position, x1: r.end, y1: r.position)
            : Box(x0: r.position, y0: r.start, x1: r.position, y1: r.end)
        let b = upright(line)
        return r.orientation == .horizontal && turn != .upright || r.orientation == .vertical && turn == .upright
            ? Ruling(.vertical, at: b.x0, from: b.y0, to: b.y1)
            : Ruling(.horizontal, at: b.y0, from: b.x0, to: b.x1)
    }

    func displayed(_ table: Table) -> Table {
        var out = table
        out.box = displayed(table.box)
        out.cells = table.cells.map { cell in
            var c = cell
            c.box = displayed(cell.box)
            return c
        }
        out.caption?.box = displayed(table.caption?.box ?? table.box)
        out.notes = table.notes.map { TableText(text: $0.text, box: displayed($0.box)) }
        return out
    }
}
