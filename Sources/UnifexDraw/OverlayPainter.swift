import CCairo
public import UnifexCore

/// Draws an overlay on a canvas: boxes in points (top-left origin, the page as displayed) mapped
/// onto the picture's pixels.
public struct OverlayPainter {
    /// Pixels per point, across and down.
    let sx: Double, sy: Double
    let width: Double, height: Double

    /// A painter for a page of `pageWidth` × `pageHeight` points shown on `canvas`.
    public init(canvas: Canvas, pageWidth: Double, pageHeight: Double) {
        width = Double(canvas.width); height = Double(canvas.height)
        let valid = pageWidth.isFinite && pageHeight.isFinite && pageWidth > 0 && pageHeight > 0
        sx = valid ? width / pageWidth : 1
        sy = valid ? height / pageHeight : 1
    }

    /// The colour of a block of each kind: text in blues and greens, structure in warm colours,
    /// furniture grey.
    public static func colour(of kind: BlockKind) -> (Double, Double, Double) {
        switch kind {
        case .title: (0.85, 0.1, 0.55)
        case .heading: (0.9, 0.45, 0.0)
        case .paragraph: (0.1, 0.35, 0.9)
        case .listItem: (0.0, 0.6, 0.55)
        case .caption: (0.55, 0.3, 0.8)
        case .footnote: (0.45, 0.45, 0.1)
        case .pageHeader, .pageFooter: (0.5, 0.5, 0.5)
        case .code: (0.2, 0.55, 0.15)
        case .formula: (0.7, 0.2, 0.2)
        case .table: (0.6, 0.0, 0.8)
        case .figure: (0.3, 0.3, 0.7)
        }
    }

    /// A confidence under this is drawn red.
    public static let lowConfidence = 0.6

    public func draw(_ overlay: Overlay, on canvas: Canvas) {
        let cr = canvas.cr
        cairo_save(cr)
        defer { cairo_restore(cr) }
        cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD)
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER)

        // Lines under words, both thin.
        cairo_set_line_width(cr, 1)
        cairo_set_source_rgba(cr, 1.0, 0.55, 0.0, 0.55)
        for line in overlay.lines { if let r = rect(line.box, inset: 0) { addRect(cr, r) } }
        cairo_stroke(cr)

        var plain: [Rect] = [], confident: [(Rect, Double)] = []
        for word in overlay.words {
            guard let r = rect(word.box, inset: 0) else { continue }
            if let conf = word.confidence, conf.isFinite { confident.append((r, min(max(conf, 0), 1))) } else { plain.append(r) }
        }
        cairo_set_source_rgba(cr, 0.0, 0.45, 1.0, 0.6)
        for r in plain { addRect(cr, r) }
        cairo_stroke(cr)
        drawConfidences(confident, cr)

        for table in overlay.tables { drawTable(table, cr) }
        for (number, block) in overlay.blocks.enumerated() { drawBlock(block, number: number + 1, cr) }
        drawNotes(overlay.notes, cr)
    }

    /// OCR words shaded from red (no confidence) through yellow to green (sure); a word under
    /// `lowConfidence` also gets a solid red frame, so it stands out at a glance.
    private func drawConfidences(_ words: [(Rect, Double)], _ cr: OpaquePointer) {
        for (r, conf) in words {
            let red = conf < 0.5 ? 1.0 : 1.0 - (conf - 0.5) * 2, green = conf < 0.5 ? conf * 2 : 1.0
            cairo_set_source_rgba(cr, red, green * 0.8, 0.0, conf < Self.lowConfidence ? 0.35 : 0.18)
            cairo_rectangle(cr, r.x, r.y, r.w, r.h)
            cairo_fill(cr)
        }
        cairo_set_line_width(cr, 2)
        cairo_set_source_rgb(cr, 0.9, 0.0, 0.0)
        for (r, conf) in words where conf < Self.lowConfidence { addRect(cr, r) }
        cairo_stroke(cr)
        cairo_set_line_width(cr, 1)
        cairo_set_source_rgba(cr, 0.0, 0.5, 0.0, 0.5)
        for (r, conf) in words where conf >= Self.lowConfidence { addRect(cr, r) }
        cairo_stroke(cr)
    }

    /// A table: its frame, every cell, spanning cells tinted, and its size and kind above it.
    private func drawTable(_ table: Table, _ cr: OpaquePointer) {
        guard let frame = rect(table.box, inset: 0) else { return }
        cairo_set_source_rgba(cr, 0.6, 0.0, 0.8, 0.18)
        for cell in table.cells.prefix(Overlay.mostMarks) where cell.rowspan > 1 || cell.colspan > 1 {
            if let r = rect(cell.box, inset: 0) { cairo_rectangle(cr, r.x, r.y, r.w, r.h) }
        }
        cairo_fill(cr)
        cairo_set_line_width(cr, 1.5)
        cairo_set_source_rgba(cr, 0.6, 0.0, 0.8, 0.85)
        for cell in table.cells.prefix(Overlay.mostMarks) { if let r = rect(cell.box, inset: 0) { addRect(cr, r) } }
        cairo_stroke(cr)
        cairo_set_line_width(cr, 3)
        addRect(cr, frame)
        cairo_stroke(cr)
        // At the table's top right: its block's label (with ux-layout) takes the top left.
        label("table \(table.rows)×\(table.cols) \(table.kind.rawValue)", at: frame, colour: (0.6, 0.0, 0.8), right: true, cr)
    }

    /// A block: a tinted frame in its kind's colour and, at its top left, its place in reading
    /// order and its kind (with a heading's level, a list item's depth).
    private func drawBlock(_ block: Block, number: Int, _ cr: OpaquePointer) {
        guard let r = rect(block.box, inset: -2) else { return }
        let (red, green, blue) = Self.colour(of: block.kind)
        cairo_set_source_rgba(cr, red, green, blue, 0.07)
        cairo_rectangle(cr, r.x, r.y, r.w, r.h)
        cairo_fill(cr)
        cairo_set_line_width(cr, 2)
        cairo_set_source_rgba(cr, red, green, blue, 0.9)
        addRect(cr, r)
        cairo_stroke(cr)
        var name = block.kind.rawValue
        if let level = block.level { name += " \(level)" }
        if let depth = block.depth, depth > 0 { name += " depth \(depth)" }
        label("\(number) \(name)", at: r, colour: (red, green, blue), cr)
    }

    /// White text on a coloured tab just above (or inside, at the top of the page) `r`'s top
    /// left corner, or its top right. Small and see-through: on a dense page the tabs sit on
    /// the line above, which must stay readable.
    private func label(_ text: String, at r: Rect, colour: (Double, Double, Double), right: Bool = false,
                       _ cr: OpaquePointer) {
        let size = max(7, min(14, 5.8 * sx))
        cairo_set_font_size(cr, size)
        var extents = cairo_text_extents_t()
        cairo_text_extents(cr, text, &extents)
        let w = extents.x_advance + 4, h = size + 2
        let x = min(max(right ? r.x + r.w - w : r.x, 0), max(width - w, 0))
        let y = r.y - h >= 0 ? r.y - h : min(max(r.y, 0), max(height - h, 0))
        cairo_set_source_rgba(cr, colour.0, colour.1, colour.2, 0.7)
        cairo_rectangle(cr, x, y, w, h)
        cairo_fill(cr)
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_move_to(cr, x + 2, y + size - 1)
        cairo_show_text(cr, text)
    }

    /// The page's notes in a box at its top right corner.
    private func drawNotes(_ notes: [String], _ cr: OpaquePointer) {
        guard !notes.isEmpty else { return }
        let size = max(8, min(14, 7.2 * sx))
        cairo_set_font_size(cr, size)
        let widths = notes.map { note -> Double in
            var e = cairo_text_extents_t()
            cairo_text_extents(cr, note, &e)
            return e.x_advance
        }
        let w = (widths.max() ?? 0) + 12, h = Double(notes.count) * (size + 4) + 8
        let x = max(width - w - 4, 0), y = 4.0
        cairo_set_source_rgba(cr, 0.1, 0.1, 0.15, 0.7)
        cairo_rectangle(cr, x, y, w, h)
        cairo_fill(cr)
        cairo_set_source_rgb(cr, 1, 1, 1)
        for (i, note) in notes.enumerated() {
            cairo_move_to(cr, x + 6, y + 4 + Double(i + 1) * (size + 4) - 4)
            cairo_show_text(cr, note)
        }
    }

    struct Rect { var x, y, w, h: Double }

    /// A box in points as pixels on the canvas, grown by `inset` pixels (shrunk when positive);
    /// nil when it is not four finite numbers or lies wholly off the page. What reaches past the
    /// page is cut at a few pixels beyond its edge, so ±1e300 draws a frame, not a cairo error.
    func rect(_ box: Box, inset: Double) -> Rect? {
        let values = [box.x0 * sx, box.y0 * sy, box.x1 * sx, box.y1 * sy]
        guard values.allSatisfy(\.isFinite) else { return nil }
        var x0 = min(values[0], values[2]), x1 = max(values[0], values[2])
        var y0 = min(values[1], values[3]), y1 = max(values[1], values[3])
        guard x1 >= 0, y1 >= 0, x0 <= width, y0 <= height else { return nil }
        x0 = max(x0 + inset, -4); y0 = max(y0 + inset, -4)
        x1 = min(x1 - inset, width + 4); y1 = min(y1 - inset, height + 4)
        return Rect(x: x0, y: y0, w: max(x1 - x0, 1), h: max(y1 - y0, 1))
    }

    /// A rectangle on whole pixels plus a half, so a 1-pixel line is sharp.
    private func addRect(_ cr: OpaquePointer, _ r: Rect) {
        cairo_rectangle(cr, r.x.rounded() + 0.5, r.y.rounded() + 0.5, max(r.w.rounded() - 1, 1), max(r.h.rounded() - 1, 1))
    }
}
