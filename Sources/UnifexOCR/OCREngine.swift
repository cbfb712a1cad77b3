import CTesseract
import Foundation
public import UnifexCore

/// What tesseract found on one page, with boxes in points (top-left origin) in the page's
/// displayed orientation, whatever way up the text was.
public struct OCRResult: Sendable, Equatable {
    public var text: PageText
    /// How far the page content was turned clockwise from upright (0, 90, 180, 270), when
    /// orientation detection ran; the page was OCRed turned back.
    public var orientation: Int?
    /// Tesseract's orientation confidence (its own scale; above ~2 is a clear call).
    public var orientationConfidence: Double?
    /// True when detection ran but found too little text to decide; the page was taken as upright.
    public var orientationUndetermined = false
    /// How far the text lines sloped, in degrees clockwise, when deskewing ran; the page was OCRed
    /// straightened (0 when the lines were straight or the slope could not be measured).
    public var skew: Double?
    /// Tesseract's mean word confidence, 0–1.
    public var meanConfidence: Double?
    /// No words at all.
    public var blank: Bool { text.words.isEmpty }
}

/// A tesseract engine with its language models loaded, reused for every page of one thread.
///
/// Owns its `TessBaseAPI` handle; `deinit` frees it. Deliberately not `Sendable`:
/// a TessBaseAPI keeps per-page state and must never be used from two threads.
public final class OCREngine {
    /// Tesseract refuses images with a side longer than this.
    public static let maxDimension = 32767
    /// Below this orientation confidence the page is taken as upright rather than turned on a guess.
    public static let minimumOrientationConfidence = 2.0
    /// Slopes smaller than this (degrees) are left alone, and so are slopes leptonica measures
    /// with less confidence than this (its own scale): the thresholds leptonica's pixDeskew uses.
    public static let minimumSkew = 0.1
    public static let minimumSkewConfidence = 3.0

    private let api: OpaquePointer
    public let languages: String
    public let pageSegmentationMode: Int
    /// Read every page through tesseract's result iterator, as right-to-left pages are (tests
    /// hold the one-pass reading of left-to-right pages to it).
    var readsInReadingOrder = false
    /// Lead lines with a `☐`/`☒` word where a check box stands before them (tests compare the
    /// plain reading with tesseract's own).
    var marksCheckboxes = true

    /// Loads `languages` ("eng", "eng+deu"). Throws `missing-language` when any is not installed.
    public init(languages: String, pageSegmentationMode: Int = 3) throws(UnifexError) {
        OCREngine.quietLibraries()
        guard let handle = TessBaseAPICreate() else {
            throw UnifexError(code: "engine", message: "cannot create a tesseract engine")
        }
        guard TessBaseAPIInit2(handle, nil, languages, OEM_DEFAULT) == 0 else {
            TessBaseAPIDelete(handle)
            throw UnifexError(code: "missing-language",
                              message: "cannot load tesseract language data for '\(languages)'")
        }
        api = handle
        self.languages = languages
        self.pageSegmentationMode = pageSegmentationMode
        TessBaseAPISetPageSegMode(api, TessPageSegMode(rawValue: UInt32(pageSegmentationMode)))
    }

    deinit {
        TessBaseAPIEnd(api)
        TessBaseAPIDelete(api)
    }

    /// The OCR and image libraries underneath, with their versions, for batch reports.
    public static var libraryVersions: [String: String] {
        var versions = ImageFile.libraryVersions
        if let tesseract = TessVersion() { versions["tesseract"] = String(cString: tesseract) }
        return versions
    }

    /// The language models tesseract can load (osd included), sorted.
    public static func installedLanguages() -> [String] {
        quietLibraries()
        guard let probe = TessBaseAPICreate() else { return [] }
        defer { TessBaseAPIDelete(probe) }
        // Initialising with a name that cannot exist loads nothing but sets the data path.
        _ = TessBaseAPIInit2(probe, nil, "\u{1}", OEM_DEFAULT)
        guard let list = TessBaseAPIGetAvailableLanguagesAsVector(probe) else { return [] }
        defer { TessDeleteTextArray(list) }
        var names: [String] = []
        var i = 0
        while let name = list[i] {
            names.append(String(cString: name))
            i += 1
        }
        return names.sorted()
    }

    /// Where tesseract looks for language data.
    public static func dataPath() -> String? {
        quietLibraries()
        guard let probe = TessBaseAPICreate() else { return nil }
        defer { TessBaseAPIDelete(probe) }
        _ = TessBaseAPIInit2(probe, nil, "\u{1}", OEM_DEFAULT)
        return TessBaseAPIGetDatapath(probe).map { String(cString: $0) }
    }

    /// Tesseract and leptonica print progress and warnings on stderr, which belongs to
    /// Diagnostics; errors are reported through records instead. Global settings, so they are
    /// made once, on the first call (from the main thread, before any worker starts).
    private static let quieted: Bool = {
        quietLeptonica()
        if let handle = TessBaseAPICreate() {
            // debug_file is a global parameter: setting it on one handle silences them all.
            _ = TessBaseAPISetVariable(handle, "debug_file", "/dev/null")
            TessBaseAPIDelete(handle)
        }
        return true
    }()

    public static func quietLibraries() { _ = quieted }

    /// How a page is turned upright before it is read.
    public enum Orientation: Sendable {
        /// As displayed.
        case asDisplayed
        /// As an `OSDEngine`'s detection says (nil: it found too little text to tell).
        case detected(OSDFinding?)
    }

    /// OCRs one page, first turned upright as `orientation` says; with `deskew`, sloping text
    /// lines are straightened before recognition. Boxes are always mapped back onto the page as
    /// given. `timeLimit` (seconds) is passed to tesseract's
    /// monitor; a page that runs out of time throws `timeout` and yields no text (what tesseract
    /// has by then is unreliable).
    public func recognize(_ image: PageImage, orientation: Orientation = .asDisplayed, deskew: Bool = false,
                          timeLimit: Double? = nil) throws(UnifexError) -> OCRResult {
        let started = Date.timeIntervalSinceReferenceDate
        defer { TessBaseAPIClear(api) }
        var result = OCRResult(text: PageText(text: "", words: [], lines: []))
        var upright = image
        var turned = 0
        if case .detected(let finding) = orientation {
            if let found = finding {
                let degrees = found.degrees
                result.orientationConfidence = found.confidence
                if found.confidence >= Self.minimumOrientationConfidence, degrees != 0,
                   let rotated = image.rotated(clockwiseQuadrants: (360 - degrees) / 90) {
                    upright = rotated
                    turned = degrees
                }
            } else {
                result.orientationUndetermined = true
            }
            result.orientation = turned
        }
        var straight = upright
        var slope = 0.0
        if deskew {
            if let (measured, confidence) = upright.skew(), abs(measured) >= Self.minimumSkew,
               confidence >= Self.minimumSkewConfidence, let turned = upright.rotated(byDegrees: -measured) {
                straight = turned
                slope = measured
            }
            result.skew = slope
        }

        TessBaseAPISetImage2(api, straight.pix)
        TessBaseAPISetSourceResolution(api, Int32(clamping: Int(saturating: straight.dpi)))

        let monitor = TessMonitorCreate()
        defer { TessMonitorDelete(monitor) }
        var deadline: Double? = nil
        if let timeLimit {
            let remaining = timeLimit - (Date.timeIntervalSinceReferenceDate - started)
            guard remaining > 0 else { throw timedOut(timeLimit) }
            deadline = started + timeLimit
            TessMonitorSetDeadlineMSecs(monitor, Int32(min(remaining * 1000, Double(Int32.max)).rounded(.up)))
        }
        // A run the monitor stopped returns non-zero; one that finished is complete even if late.
        let status = TessBaseAPIRecognize(api, monitor)
        if status != 0, let deadline, Date.timeIntervalSinceReferenceDate >= deadline {
            throw timedOut(timeLimit!)
        }
        guard status == 0 else {
            throw UnifexError(code: "recognition-failed", message: "tesseract could not recognise the page")
        }

        let scale = 72 / upright.dpi
        let mapBox = { (left: Int32, top: Int32, right: Int32, bottom: Int32) -> UnifexCore.Box in
            var b = UnifexCore.Box(x0: Double(left), y0: Double(top), x1: Double(right), y1: Double(bottom))
            b = tilt(b, degrees: slope, width: Double(straight.width), height: Double(straight.height))
            b = rotateClockwise(b, degrees: turned, width: Double(upright.width), height: Double(upright.height))
            return UnifexCore.Box(x0: b.x0 * scale, y0: b.y0 * scale, x1: b.x1 * scale, y1: b.y1 * scale)
        }

        var words: [TextSpan] = [], lines: [TextSpan] = []
        // The page's text is its lines' texts one after another, each with its line break and,
        // ending a paragraph, a blank line: what TessBaseAPIGetUTF8Text would build by walking
        // the page again. Lines and words with no text (an image block's) are left out.
        var text = ""
        let read = readsInReadingOrder ? RecognisedPage.readInReadingOrder(api) : RecognisedPage.read(api)
        let recognised = marksCheckboxes ? read.withCheckboxes(in: straight.pix) : read
        for line in recognised.lines {
            let unmarked = withoutDirectionMarks(line.text)
            let trimmed = unmarked.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { continue }
            text += unmarked
            if let (left, top, right, bottom) = line.box {
                lines.append(TextSpan(text: trimmed, box: mapBox(left, top, right, bottom), confidence: confidence(line.confidence)))
            }
        }
        for word in recognised.words {
            let trimmed = withoutDirectionMarks(word.text).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty, let (left, top, right, bottom) = word.box else { continue }
            words.append(TextSpan(text: trimmed, box: mapBox(left, top, right, bottom), confidence: confidence(word.confidence)))
        }
        if words.isEmpty { text = "" }
        result.text = PageText(text: text, words: words, lines: lines)
        if !words.isEmpty {
            result.meanConfidence = words.compactMap(\.confidence).reduce(0, +) / Double(words.count)
        }
        return result
    }

    private func timedOut(_ limit: Double) -> UnifexError {
        UnifexError(code: "timeout",
                    message: "OCR took longer than \(Int(limit.rounded())) s; gave up on the page (no partial text)")
    }

}

/// Tesseract wraps a left-to-right run inside a right-to-left line in direction marks (U+200E,
/// U+200F) so that it displays right; the text is stored in logical order, where they are not
/// on the page and keep a search for "R و Python" from finding "\u{200E}R\u{200F} و Python".
func withoutDirectionMarks(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { $0.value == 0x200E || $0.value == 0x200F }) else { return text }
    var out = String.UnicodeScalarView()
    out.append(contentsOf: text.unicodeScalars.filter { $0.value != 0x200E && $0.value != 0x200F })
    return String(out)
}

private func confidence(_ percent: Float) -> Double? {
    guard percent >= 0 else { return nil }
    return min(Double(percent) / 100, 1)
}

/// The smallest upright box holding `b` after its `width`×`height` image is turned clockwise by a
/// small `degrees` about its centre (the turn keeps the image's size), clipped to the image.
func tilt(_ b: UnifexCore.Box, degrees: Double, width w: Double, height h: Double) -> UnifexCore.Box {
    guard degrees != 0 else { return b }
    let a = degrees * .pi / 180, c = cos(a), s = sin(a), cx = w / 2, cy = h / 2
    // With y pointing down, a clockwise turn takes (x, y) to (x cos a - y sin a, x sin a + y cos a).
    let corners = [(b.x0, b.y0), (b.x1, b.y0), (b.x0, b.y1), (b.x1, b.y1)].map { (x, y) in
        (cx + (x - cx) * c - (y - cy) * s, cy + (x - cx) * s + (y - cy) * c)
    }
    return UnifexCore.Box(x0: max(0, corners.map(\.0).min()!), y0: max(0, corners.map(\.1).min()!),
                          x1: min(w, corners.map(\.0).max()!), y1: min(h, corners.map(\.1).max()!))
}

/// A box in an image of `width`×`height` after that image is turned clockwise by `degrees`.
func rotateClockwise(_ b: UnifexCore.Box, degrees: Int, width w: Double, height h: Double) -> UnifexCore.Box {
    switch ((degrees % 360) + 360) % 360 {
    case 90: return UnifexCore.Box(x0: h - b.y1, y0: b.x0, x1: h - b.y0, y1: b.x1)
    case 180: return UnifexCore.Box(x0: w - b.x1, y0: h - b.y1, x1: w - b.x0, y1: h - b.y0)
    case 270: return UnifexCore.Box(x0: b.y0, y0: w - b.x1, x1: b.y1, y1: w - b.x0)
    default: return b
    }
}
