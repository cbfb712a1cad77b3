import Foundation

/// Why a page was read at the resolution it was (the record's `ocr.dpi_reason`).
public enum ResolutionReason: String, Sendable {
    /// `--dpi N`.
    case fixed
    /// The body text's x-height lands on `ResolutionChoice.targetXHeight` pixels.
    case textHeight = "text-height"
    /// The text would want more, but the scan holds no more detail than its own resolution.
    case imageResolution = "image-resolution"
    /// No text could be measured: the default resolution, or the scan's own when lower.
    case unmeasured
    /// Too little text to be worth reading lower: the default resolution, as for `unmeasured`.
    case sparseText = "sparse-text"
    /// Figures and capitals (a table of numbers): the default resolution, as for `unmeasured`.
    case figures
    /// Lowered to stay within `--max-pixels` (or tesseract's largest side).
    case maxPixels = "max-pixels"
}

/// The resolution a page is OCRed at, and why.
public struct ResolutionChoice: Sendable, Equatable {
    /// Tesseract reads text as well as at 300 dpi once its x-height is about this many pixels, and
    /// spends less on fewer pixels: measured (bench/ocr), the character error rate of scans and
    /// rasterized pages rises below ~8 pixels (Linn's brochure: 0.045 at 6 px, 0.017 at 7.7, 0.016
    /// at 9 and at 18; a 10 pt paper: 0.071 at 6 px, 0.028 at 8, 0.023 at 9 and at 19) and does not fall above it.
    public static let targetXHeight = 10.0
    /// A scan is read with more: its own pixels hold its blur, noise and binarisation, and
    /// resampled to the 10 pixels that serve a clean render it loses letters ("PLUS" read
    /// "PLUus"). Measured on 30 scanned pages (six documents scanned at 150, 200 and 300 dpi, in
    /// gray JPEG with noise and bilevel), ordered character error rate: read at their own
    /// resolution 0.0476, at 300 dpi 0.0554 (upsampled), at a 10-pixel x-height 0.0505; the 300
    /// dpi scans, 17-20 pixels high there, 0.0469 at 300 dpi, 0.0473 at 240 (13.6-16 pixels) and
    /// 0.0511 at 200 (11-13 pixels). A scan whose text is about this tall or less is read at its
    /// own resolution; a finer one is brought down to it.
    public static let scanXHeight = 14.0
    /// A scan is not resampled to a resolution above this share of its own: a small reduction
    /// saves little and blurs every letter (200 dpi scans of a children's book in 12 pt, order-blind word error
    /// 0.010-0.012 at 200 dpi, 0.026-0.029 at 183-187).
    public static let scanResampleLimit = 0.85
    /// A page whose text cannot be measured is read as before: at 300 dpi.
    public static let defaultDPI = 300.0
    /// Resolutions chosen from the text stay in this range. Below 150 dpi tesseract drops thin
    /// letters of large print (an "l" starting a 28 pt line is lost at 100 dpi, kept at 120); above
    /// 400 its layout analysis reads tiny typewriting worse than at 300 (the corpus's 2400 dpi scan:
    /// 6 edits at 300 dpi, 7 at 400, 13 at 600) and small print reads no better.
    public static let range = 150.0...400.0
    /// A page with fewer letters than this is not read below the default resolution: it costs
    /// little at any, and tesseract's layout analysis can drop words of a sparse page at a low
    /// one (a three-column table of 12 words in 14 pt, 45 letters, loses its third column at 150
    /// and 162 dpi, not at 200 or 300; the tests' pages of a few lines, 63-90 letters, read whole
    /// at 150). Set from that one case: where between 45 and 63 the risk ends is not measured.
    public static let fewestLettersToLower = 50
    /// A first render is read as it is when the resolution chosen is at most this factor above it.
    public static let closeEnough = 1.05
    /// Letters' x-height is about half their font size in the common text faces (0.45 Times,
    /// 0.52 Helvetica, 0.55 DejaVu Sans).
    public static let xHeightPerFontSize = 0.5

    public var dpi: Double
    public var reason: ResolutionReason
    /// The measured x-height of the body text in pixels at `dpi`, when it was measured.
    public var xHeight: Double?
    /// The resolution the text or the setting asked for, before the pixel limits lowered it.
    public var wanted: Double

    public init(dpi: Double, reason: ResolutionReason, xHeight: Double? = nil) {
        self.dpi = dpi; self.reason = reason; self.xHeight = xHeight; wanted = dpi
    }

    /// The resolution that puts text `xHeightPoints` tall (points on the page) at the target
    /// x-height (`scanXHeight` for a scan), never above `imageDPI` (the scan's own resolution,
    /// when the page is one).
    /// `letters`: how many the x-height was measured on (fewer than `fewestLettersToLower`: not
    /// below the default resolution).
    ///
    /// `figures`: the marks measured were nearly all figures and capitals. Their height is not an
    /// x-height, and tesseract misreads digits and the points and commas between them at
    /// resolutions where it reads words well (tables scanned at 300 dpi, cell accuracy: 0.918 read
    /// at 300, 0.871 at 250, 0.781 at 200, 0.746 at 150-169), so such a page is not read below the
    /// default resolution either.
    public static func forText(xHeightPoints: Double?, imageDPI: Double?, letters: Int? = nil,
                               figures: Bool = false) -> ResolutionChoice {
        let ceiling = imageDPI.flatMap { $0.isFinite && $0 > 0 ? $0 : nil }
        guard let x = xHeightPoints, x.isFinite, x > 0 else {
            if let ceiling, ceiling < defaultDPI { return ResolutionChoice(dpi: ceiling, reason: .imageResolution) }
            return ResolutionChoice(dpi: defaultDPI, reason: .unmeasured)
        }
        let target = ceiling == nil ? targetXHeight : scanXHeight
        var wanted = (target * 72 / x).rounded(.up).clamped(to: range)
        let sparse = letters.map { $0 < fewestLettersToLower } ?? false
        if sparse || figures, wanted < defaultDPI {
            wanted = defaultDPI
            if ceiling.map({ $0 >= wanted }) ?? true {
                return ResolutionChoice(dpi: wanted, reason: sparse ? .sparseText : .figures, xHeight: x * wanted / 72)
            }
        }
        if let ceiling, ceiling < wanted || wanted > ceiling * scanResampleLimit {
            return ResolutionChoice(dpi: ceiling, reason: .imageResolution, xHeight: x * ceiling / 72)
        }
        return ResolutionChoice(dpi: wanted, reason: .textHeight, xHeight: x * wanted / 72)
    }

    /// The x-height in points of text whose characters have these font sizes: that of the
    /// median character, so body text decides, not a title or a footnote; nil for too little text.
    public static func xHeightPoints(fontSizes: [Double]) -> Double? {
        let sizes = fontSizes.filter { $0.isFinite && $0 > 0 }.sorted()
        guard sizes.count >= PageImage.minimumLetters else { return nil }
        return sizes[sizes.count / 2] * xHeightPerFontSize
    }

    /// The same choice read at `dpi`, for the reason it was made: the x-height scaled to it, the
    /// resolution wanted kept.
    public func kept(at dpi: Double) -> ResolutionChoice {
        var kept = ResolutionChoice(dpi: dpi, reason: reason, xHeight: xHeight.map { $0 * dpi / self.dpi })
        kept.wanted = wanted
        return kept
    }

    /// The same choice after the page had to be made smaller to fit the pixel limits.
    public func lowered(to dpi: Double) -> ResolutionChoice {
        // Scaling to a resolution can land a hair below it: that is no lowering.
        guard dpi < self.dpi * 0.999 else { return self }
        var lower = kept(at: dpi)
        lower.reason = .maxPixels
        return lower
    }
}

extension Comparable {
    func clamped(to range: ClosedRange<Self>) -> Self { min(max(self, range.lowerBound), range.upperBound) }
}
