import CPopplerCore
import Foundation
public import UnifexCore

/// A PDF opened with poppler's core, for page geometry and the text layer.
///
/// Deliberately not `Sendable`: poppler documents must never be used from two threads,
/// so each worker thread opens its own.
public final class PDFTextDocument {
    /// The PDF library underneath, with its version, for batch reports.
    public static var libraryVersions: [String: String] { ["poppler": String(cString: unifex_poppler_version())] }

    let handle: OpaquePointer
    public let path: String
    public let pageCount: Int
    /// What poppler reported while opening, plus a note when it had to rebuild the file's
    /// cross-reference table (damaged or truncated files).
    public let openWarnings: [String]

    /// Opens `path` (as the user gave it). Errors carry a stable code: `missing`, `unreadable`,
    /// `encrypted`, `unsupported`, `damaged`, `no-pages`.
    public init(path: String, password: String? = nil) throws(UnifexError) {
        self.path = path
        try checkReadable(path)
        var status: Int32 = 0
        let (opened, warnings) = collectingCoreWarnings { () -> (OpaquePointer?, Int) in
            guard let doc = unifex_pdf_open(path, password, &status) else { return (nil, 0) }
            return (doc, Int(unifex_pdf_page_count(doc)))
        }
        guard let doc = opened.0 else {
            throw openFailure(path: path, encrypted: status == Int32(UNIFEX_OPEN_ENCRYPTED.rawValue),
                              password: password, warnings: warnings)
        }
        guard opened.1 > 0 else {
            unifex_pdf_close(doc)
            let hint = warnings.first.map { " (\($0))" } ?? ""
            throw UnifexError(code: "no-pages", message: "PDF has no readable pages\(hint)")
        }
        handle = doc
        pageCount = opened.1
        var notes = warnings
        if unifex_pdf_reconstructed(doc) != 0 {
            notes.append("damaged file: poppler rebuilt its cross-reference table")
        } else if let truncated = truncationWarning(path) {
            notes.append(truncated)
        }
        openWarnings = notes
    }

    deinit { unifex_pdf_close(handle) }

    /// Size in points as displayed (crop box, /Rotate applied, times the page's /UserUnit) and the
    /// /Rotate in degrees as displayed: 0, 90, 180 or 270.
    ///
    /// The PDF specification wants /Rotate a multiple of 90. Poppler, which draws and reads the
    /// page, brings any other whole number into 0-359 (-90 is 270, 450 is 90) and draws an angle
    /// that is no quarter turn (45) unrotated, and ignores a /Rotate that is not a whole number:
    /// the rotation is what it draws, and such a page carries a warning.
    public func geometry(page: Int) -> (width: Double, height: Double, rotation: Int, warnings: [String])? {
        var w = 0.0, h = 0.0, r: Int32 = 0, unit = 1.0, stated = 0.0, note: Int32 = 0
        var (ok, warnings) = collectingCoreWarnings {
            unifex_pdf_page_geometry(handle, Int32(page), &w, &h, &r, &unit, &stated, &note) == 0
        }
        if ok && unit == 0 { warnings.append("page /UserUnit is not a number from 0 to 75000; 1 assumed") }
        if ok, let note = Self.rotateNote(Int(note), stated: stated, displayed: Int(r)) { warnings.append(note) }
        return ok ? (w, h, Int(r), warnings) : nil
    }

    /// A warning for a /Rotate the page is not displayed at, saying what it was read as.
    static func rotateNote(_ note: Int, stated: Double, displayed: Int) -> String? {
        let written = stated.rounded() == stated && abs(stated) < 1e15 ? String(Int(stated)) : String(stated)
        switch note {
        case UNIFEX_ROTATE_NOT_QUARTER:
            return "page /Rotate \(written) is not a multiple of 90; the page is read unrotated (0), as poppler draws it"
        case UNIFEX_ROTATE_IGNORED:
            return "page /Rotate is not an integer; ignored, the page is read at \(displayed), as poppler draws it"
        default: return nil
        }
    }

    /// The document information dictionary: title, author, subject, keywords, creator, producer,
    /// and creation and modification dates (ISO 8601). Only the entries the file has.
    public func metadata() -> [(key: String, value: String)] {
        let keys = [("title", "Title"), ("author", "Author"), ("subject", "Subject"), ("keywords", "Keywords"),
                    ("creator", "Creator"), ("producer", "Producer"), ("created", "CreationDate"), ("modified", "ModDate")]
        let (pairs, _) = collectingCoreWarnings { () -> [(key: String, value: String)] in
            keys.compactMap { name, key in
                guard let raw = unifex_pdf_info(handle, key) else { return nil }
                defer { free(raw) }
                let value = String(cString: raw).trimmingCharacters(in: .whitespacesAndNewlines)
                return value.isEmpty ? nil : (name, value)
            }
        }
        return pairs
    }

    /// The outline's entries (bookmarks) by the page they lead to, in the outline's order; entries
    /// that lead to no page of the document are left out. At most `limit` entries and `maxDepth`
    /// levels are read: a damaged or hostile outline can nest or loop without end.
    public func outline(limit: Int = 10_000, maxDepth: Int = 16) -> [Int: [OutlineEntry]] {
        let (byPage, _) = collectingCoreWarnings { () -> [Int: [OutlineEntry]] in
            var entries: UnsafeMutablePointer<unifex_outline_entry>?
            let count = Int(unifex_pdf_outline(handle, Int32(clamping: limit), Int32(clamping: maxDepth), &entries))
            defer { unifex_outline_free(entries, Int32(count)) }
            guard let entries, count > 0 else { return [:] }
            var byPage: [Int: [OutlineEntry]] = [:]
            for e in UnsafeBufferPointer(start: entries, count: count) where e.page >= 1 && e.page <= pageCount {
                let title = e.title.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                guard !title.isEmpty else { continue }
                byPage[Int(e.page), default: []].append(
                    OutlineEntry(title: String(title.prefix(1000)), level: Int(e.level), top: e.top.isFinite ? e.top : nil))
            }
            return byPage
        }
        return byPage
    }

    /// Renders a page to 8-bit grey with poppler's Splash renderer (the pixels `pdftoppm -gray`
    /// makes, which tesseract reads best), at `dpi` or lower to stay within the limits.
    public func render(page: Int, dpi requested: Double, maxPixels: Int = 100_000_000,
                       maxDimension: Int = 32767) throws(UnifexError) -> RenderedPage {
        guard let geometry = geometry(page: page), geometry.width > 0, geometry.height > 0,
              geometry.width.isFinite, geometry.height.isFinite else {
            throw UnifexError(code: "damaged", message: "page has no size")
        }
        let (dpi, downscaled) = fittingResolution(width: geometry.width, height: geometry.height, dpi: requested,
                                                  maxPixels: maxPixels, maxDimension: maxDimension)
        guard dpi >= 1 else {
            throw UnifexError(code: "too-large",
                              message: "page is too large to render (\(String(format: "%.0f×%.0f", geometry.width, geometry.height)) pt)")
        }
        var width: Int32 = 0, height: Int32 = 0, aborted: Int32 = 0
        let render = { () -> ([UInt8]?, [String]) in
            collectingCoreWarnings { () -> [UInt8]? in
                guard let data = unifex_pdf_render_gray(self.handle, Int32(page), dpi, 0, &width, &height, &aborted) else { return nil }
                defer { free(data) }
                return Array(UnsafeBufferPointer(start: data, count: Int(width) * Int(height)))
            }
        }
        // Poppler sets up colour management lazily on the first render: that one runs alone.
        var first: ([UInt8]?, [String])? = nil
        firstRenderGate.withLock {
            if !firstRenderDone { first = render(); firstRenderDone = true }
        }
        let (pixels, warnings) = first ?? render()
        guard let pixels else { throw UnifexError(code: "render-failed", message: "cannot render the page") }
        let damage = contentStreamDamage(page: Int32(page), deadlineMs: 0)
        return RenderedPage(width: Int(width), height: Int(height), dpi: dpi, downscaled: downscaled,
                            pixels: pixels, warnings: geometry.warnings + warnings + (damage.map { [$0] } ?? []))
    }

    /// One character of the text layer with its font, for a per-character listing.
    public struct Glyph: Sendable {
        public var text: String
        public var box: Box
        public var font: String
        public var size: Double
        public var word: Int
    }

    public struct TextLayer {
        /// Text, words and lines in reading order; boxes in points, top-left origin, page as displayed.
        public var text: PageText
        /// Characters with font name and size, when asked for: in poppler's order, left to right on the
        /// page, each `word` the index of its word in `text.words`.
        public var glyphs: [Glyph]
        public var warnings: [String]
        /// The deadline passed first; `text` is incomplete and should not be used.
        public var aborted: Bool
        /// The warnings sorted into damage and encoding data poppler lacks.
        public var reports: PopplerReports { PopplerReports(warnings) }
    }

    /// The moment on the shim's clock (ms) that work given `seconds` from now must stop by; 0 for none.
    private func deadlineMs(_ seconds: Double?) -> Int64 {
        // Clamped: a NaN, infinite or huge number of seconds would trap in the conversion.
        seconds.map { Int64(unifex_now_ms()) + Int64((($0.isNaN ? 0 : $0).clamped(0, 1e9) * 1000)) } ?? 0
    }

    /// The share of the page (0-1) that images cover; nil when the page cannot be read in time.
    /// Poppler's reports were already collected by `textLayer`, so they are not repeated.
    public func imageCoverage(page: Int, deadline: Double? = nil) -> Double? {
        let deadlineMs = deadlineMs(deadline)
        let (coverage, _) = collectingCoreWarnings { unifex_pdf_image_coverage(handle, Int32(page), deadlineMs) }
        return coverage >= 0 ? coverage : nil
    }

    /// The page's text layer, as pdftotext would print it, with word and line boxes.
    public func textLayer(page: Int, deadline: Double? = nil, characters: Bool = false) -> TextLayer? {
        let deadlineMs = deadlineMs(deadline)
        let (extracted, warnings) = collectingCoreWarnings { unifex_pdf_page_text(handle, Int32(page), deadlineMs, characters ? 1 : 0) }
        guard let raw = extracted else { return nil }
        defer { unifex_page_text_free(raw) }
        let result = raw.pointee
        let aborted = result.aborted != 0
        let damage = aborted ? nil : contentStreamDamage(page: Int32(page), deadlineMs: deadlineMs)
        let strings = UnsafeRawBufferPointer(start: result.strings, count: Int(strlen(result.strings)))
        func spans(_ base: UnsafeMutablePointer<unifex_span>?, _ count: Int32) -> [TextSpan] {
            guard let base else { return [] }
            return (0..<Int(count)).map { i in
                let s = base[i]
                let bytes = UnsafeRawBufferPointer(rebasing: strings[Int(s.text_offset)..<Int(s.text_offset + s.text_length)])
                var emphasis: Emphasis = []
                if s.style & Int32(UNIFEX_STYLE_BOLD.rawValue) != 0 { emphasis.insert(.bold) }
                if s.style & Int32(UNIFEX_STYLE_ITALIC.rawValue) != 0 { emphasis.insert(.italic) }
                return TextSpan(text: String(decoding: bytes, as: UTF8.self),
                                box: Box(x0: s.x0, y0: s.y0, x1: s.x1, y1: s.y1), emphasis: emphasis)
            }
        }
        let text = String(decoding: UnsafeRawBufferPointer(start: result.text, count: result.text_length), as: UTF8.self)
        var lines = spans(result.lines, result.line_count)
        if let words = result.words {
            let fonts = LineFonts.of(words: UnsafeBufferPointer(start: words, count: Int(result.word_count)), lineCount: lines.count)
            for i in lines.indices { lines[i].font = fonts[i] }
        }
        let lineOf = result.words.map { words in (0..<Int(result.word_count)).map { Int(words[$0].line) } } ?? []
        // Poppler spells words and lines left to right as they sit on the page; they go out in reading
        // order, as `text`. Characters keep poppler's order, their `word` following their word.
        let ordered = LogicalOrder.page(words: spans(result.words, result.word_count), lineOf: lineOf, lines: lines)
        let page = PageText(text: text, words: ordered.words, lines: ordered.lines)
        var glyphs: [Glyph] = []
        if let chars = result.chars {
            glyphs.reserveCapacity(Int(result.char_count))
            for i in 0..<Int(result.char_count) {
                let c = chars[i]
                let font = UnsafeRawBufferPointer(rebasing: strings[Int(c.font_offset)..<Int(c.font_offset + c.font_length)])
                let scalar = Unicode.Scalar(c.codepoint) ?? "\u{FFFD}"
                glyphs.append(Glyph(text: String(Character(scalar)), box: Box(x0: c.x0, y0: c.y0, x1: c.x1, y1: c.y1),
                                    font: String(decoding: font, as: UTF8.self), size: c.font_size,
                                    word: ordered.wordIndex.indices.contains(Int(c.word)) ? ordered.wordIndex[Int(c.word)] : Int(c.word)))
            }
        }
        return TextLayer(text: page, glyphs: glyphs, warnings: warnings + (damage.map { [$0] } ?? []), aborted: aborted)
    }
}

/// Runs `body`, returning what poppler's core reported meanwhile on this thread.
func collectingCoreWarnings<T>(_ body: () throws -> T) rethrows -> (T, [String]) {
    unifex_warnings_begin(20)
    let result: T
    do { result = try body() } catch {
        _ = finishCoreWarnings()
        throw error
    }
    return (result, finishCoreWarnings())
}

private func finishCoreWarnings() -> [String] {
    var messages: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = nil
    var dropped: Int32 = 0
    let count = Int(unifex_warnings_end(&messages, &dropped))
    var result: [String] = []
    for i in 0..<count {
        if let m = messages?[i] { result.append(String(cString: m)); free(m) }
    }
    free(messages)
    if dropped > 0 { result.append("\(dropped) more poppler messages not shown") }
    return result
}

/// Turns a failed open into the error users see: encrypted, unsupported, empty, or damaged.
func openFailure(path: String, encrypted: Bool, password: String?, warnings: [String]) -> UnifexError {
    func failure(_ code: String, _ message: String) -> UnifexError { UnifexError(code: code, message: message) }
    if encrypted {
        return password == nil
            ? failure("encrypted", "password required (document is encrypted)")
            : failure("encrypted", "wrong password for encrypted document")
    }
    if let unsupported = warnings.first(where: { $0.contains("Unknown filter") || $0.contains("nsupported") }) {
        return failure("unsupported", "unsupported PDF feature: \(unsupported)")
    }
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
    if size == 0 { return failure("damaged", "empty file (0 bytes)") }
    let hint = warnings.first.map { " (\($0))" } ?? ""
    return failure("damaged", "cannot open PDF: damaged or not a PDF\(hint)")
}

/// Poppler silently rebuilds some truncated files; a file that does not end with %%EOF is one.
private func truncationWarning(_ path: String) -> String? {
    guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
    defer { try? handle.close() }
    guard let end = try? handle.seekToEnd(), end > 0 else { return nil }
    let tail = min(end, 2048)
    try? handle.seek(toOffset: end - tail)
    guard let bytes = try? handle.read(upToCount: Int(tail)) else { return nil }
    return bytes.range(of: Data("%%EOF".utf8)) == nil
        ? "damaged file: it ends without %%EOF (truncated?); poppler reconstructed it" : nil
}

private extension Double {
    func clamped(_ low: Double, _ high: Double) -> Double { Swift.min(Swift.max(self, low), high) }
}
