import CCairo
import Foundation
public import UnifexCore

/// Writes PDF (or PNG) pages with known text at known positions, and reports where each word
/// landed. Tests, the sample document and the benchmarks use it to know the exact truth.
public enum FixtureWriter {
    public struct Line: Sendable {
        public var x: Double, y: Double, size: Double, text: String
        public var style: Style
        public init(x: Double, y: Double, size: Double, text: String, style: Style = .regular) {
            self.x = x; self.y = y; self.size = size; self.text = text; self.style = style
        }
    }

    /// The face a line is set in: DejaVu Sans, its bold and oblique, or DejaVu Sans Mono.
    public enum Style: String, Sendable {
        case regular, bold, italic, mono

        func select(on cr: OpaquePointer?) {
            cairo_select_font_face(cr, self == .mono ? "DejaVu Sans Mono" : fontFamily,
                                   self == .italic ? CAIRO_FONT_SLANT_OBLIQUE : CAIRO_FONT_SLANT_NORMAL,
                                   self == .bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        }
    }

    /// A straight line from (x0, y0) to (x1, y1), `width` points wide; a rule of a table.
    /// With `filled`, the rectangle between the two corners is filled instead (the way many
    /// PDFs draw their rules).
    /// `grey` is the shade it is drawn in, 0 (black) to 1 (white): a tinted ground is a filled
    /// rectangle in a light grey.
    public struct Rule: Sendable {
        public var x0: Double, y0: Double, x1: Double, y1: Double, width: Double, filled: Bool, grey: Double
        public init(x0: Double, y0: Double, x1: Double, y1: Double, width: Double = 0.5, filled: Bool = false,
                    grey: Double = 0) {
            self.x0 = x0; self.y0 = y0; self.x1 = x1; self.y1 = y1; self.width = width; self.filled = filled
            self.grey = grey
        }
    }

    public struct Page: Sendable {
        public var width: Double, height: Double
        public var lines: [Line]
        /// Drawn under the text (into the image too, on an image page).
        public var rules: [Rule] = []
        /// Draw the text into a bitmap at `imageDPI` and place only that image on the page,
        /// as a scanner would: no text layer.
        public var asImage: Bool
        public var imageDPI: Double
        /// Lines drawn as real text on top, on an image page too: a page number or stamp added to a scan.
        public var stamps: [Line]
        /// Quarter turns clockwise of the lines and rules (not the stamps): 1 sets them sideways
        /// reading down, 3 reading up, as a landscape table printed on a portrait page. Their
        /// coordinates are then in the upright frame, `height` wide and `width` tall.
        public var turn = 0
        public init(width: Double = 612, height: Double = 792, lines: [Line], asImage: Bool = false, imageDPI: Double = 300,
                    stamps: [Line] = []) {
            self.width = width; self.height = height; self.lines = lines; self.asImage = asImage; self.imageDPI = imageDPI
            self.stamps = stamps
        }
    }

    public static let fontFamily = "DejaVu Sans"

    /// Writes `pages` to `path` (a PDF, or a PNG of the first page when the path ends in .png)
    /// and returns each page's words with their true boxes in points, top-left origin.
    public static func write(_ pages: [Page], to path: String) throws(UnifexError) -> [[TextSpan]] {
        if path.hasSuffix(".png") {
            guard let page = pages.first else { return [] }
            let image = rasterize(page)
            defer { cairo_surface_destroy(image) }
            guard cairo_surface_write_to_png(image, path) == CAIRO_STATUS_SUCCESS else {
                throw UnifexError(code: "io", message: "cannot write \(path)")
            }
            return [layout(page).map { turned($0, page) }]
        }
        let first = pages.first ?? Page(lines: [])
        let surface = cairo_pdf_surface_create(path, first.width, first.height)
        let cr = cairo_create(surface)
        var truth: [[TextSpan]] = []
        for page in pages {
            cairo_pdf_surface_set_size(surface, page.width, page.height)
            if page.asImage {
                let image = rasterize(page)
                cairo_save(cr)
                cairo_scale(cr, 72 / page.imageDPI, 72 / page.imageDPI)
                cairo_set_source_surface(cr, image, 0, 0)
                cairo_paint(cr)
                cairo_restore(cr)
                cairo_surface_destroy(image)
            } else {
                cairo_save(cr)
                turn(cr, page)
                draw(page.rules, on: cr)
                draw(page.lines, on: cr)
                cairo_restore(cr)
            }
            draw(page.stamps, on: cr)
            let stamps = Page(width: page.width, height: page.height, lines: page.stamps)
            truth.append(layout(page).map { turned($0, page) } + layout(stamps))
            cairo_show_page(cr)
        }
        cairo_destroy(cr)
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        cairo_surface_destroy(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw UnifexError(code: "io", message: "cannot write \(path)")
        }
        return truth
    }

    private static func draw(_ lines: [Line], on cr: OpaquePointer?) {
        cairo_set_source_rgb(cr, 0, 0, 0)
        for line in lines {
            line.style.select(on: cr)
            cairo_set_font_size(cr, line.size)
            cairo_move_to(cr, line.x, line.y)
            cairo_show_text(cr, line.text)
        }
    }

    private static func draw(_ rules: [Rule], on cr: OpaquePointer?) {
        for rule in rules {
            cairo_set_source_rgb(cr, rule.grey, rule.grey, rule.grey)
            if rule.filled {
                cairo_rectangle(cr, min(rule.x0, rule.x1), min(rule.y0, rule.y1), abs(rule.x1 - rule.x0), abs(rule.y1 - rule.y0))
                cairo_fill(cr)
            } else {
                cairo_set_line_width(cr, rule.width)
                cairo_move_to(cr, rule.x0, rule.y0)
                cairo_line_to(cr, rule.x1, rule.y1)
                cairo_stroke(cr)
            }
        }
    }

    private static func rasterize(_ page: Page) -> OpaquePointer? {
        let scale = page.imageDPI / 72
        let image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32((page.width * scale).rounded()), Int32((page.height * scale).rounded()))
        let cr = cairo_create(image)
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_scale(cr, scale, scale)
        turn(cr, page)
        draw(page.rules, on: cr)
        draw(page.lines, on: cr)
        cairo_destroy(cr)
        cairo_surface_flush(image)
        return image
    }

    /// Sets the page's turn: upright (u, v) lands at (width - v, u) turned once, (v, height - u)
    /// turned three times.
    private static func turn(_ cr: OpaquePointer?, _ page: Page) {
        var m = cairo_matrix_t()
        switch page.turn {
        case 1: cairo_matrix_init(&m, 0, 1, -1, 0, page.width, 0)
        case 3: cairo_matrix_init(&m, 0, -1, 1, 0, 0, page.height)
        default: return
        }
        cairo_transform(cr, &m)
    }

    private static func turned(_ word: TextSpan, _ page: Page) -> TextSpan {
        let b = word.box
        switch page.turn {
        case 1: return TextSpan(text: word.text, box: Box(x0: page.width - b.y1, y0: b.x0, x1: page.width - b.y0, y1: b.x1))
        case 3: return TextSpan(text: word.text, box: Box(x0: b.y0, y0: page.height - b.x1, x1: b.y1, y1: page.height - b.x0))
        default: return word
        }
    }

    /// Where each word of each line lands: advance widths from cairo, height from the font's
    /// ascent and descent.
    private static func layout(_ page: Page) -> [TextSpan] {
        let scratch = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1)
        let cr = cairo_create(scratch)
        defer { cairo_destroy(cr); cairo_surface_destroy(scratch) }
        // Measure as the PDF surface draws: unhinted, fractional advances.
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_set_font_options(cr, options)
        cairo_font_options_destroy(options)
        var words: [TextSpan] = []
        for line in page.lines {
            line.style.select(on: cr)
            cairo_set_font_size(cr, line.size)
            var font = cairo_font_extents_t()
            cairo_font_extents(cr, &font)
            var prefix = ""
            for (i, word) in line.text.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
                if i > 0 { prefix += " " }
                if !word.isEmpty {
                    let start = advance(cr, prefix), width = advance(cr, String(word))
                    words.append(TextSpan(text: String(word),
                                          box: Box(x0: line.x + start, y0: line.y - font.ascent,
                                                   x1: line.x + start + width, y1: line.y + font.descent)))
                }
                prefix += word
            }
        }
        return words
    }

    private static func advance(_ cr: OpaquePointer?, _ text: String) -> Double {
        var extents = cairo_text_extents_t()
        cairo_text_extents(cr, text, &extents)
        return extents.x_advance
    }
}
