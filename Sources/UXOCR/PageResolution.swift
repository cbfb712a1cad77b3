import Foundation
import UXShared
import UnifexCore
import UnifexOCR
import UnifexPDF

/// `--dpi`: a fixed resolution for PDF pages, or `auto`, the resolution each page's text needs.
enum DPISetting: ExpressibleByArgument, Sendable, Equatable {
    case auto
    case fixed(Double)

    init?(argument: String) {
        if argument == "auto" { self = .auto; return }
        guard let n = Int(argument), (10...2400).contains(n) else { return nil }
        self = .fixed(Double(n))
    }

    var defaultValueDescription: String {
        switch self {
        case .auto: "auto"
        case .fixed(let dpi): formatted(dpi)
        }
    }
}

/// A page whose largest image covers at least this share of it is a scan: its image's resolution
/// is all the detail there is, and its text layer (if any) was laid over it.
let scanCoverage = 0.5

/// A scan drawn once at its own resolution is drawn this much below it: at or above it Splash
/// upscales bilinearly, several times the cost of its box filter.
let belowOwnResolution = 0.995

/// The page as an image ready for tesseract (a PDF page rendered, an image page read), and how
/// its resolution was chosen.
func pageImage(_ record: PageRecord, _ documents: OpenDocuments<PDFTextDocument>, _ settings: OCRSettings,
               _ context: PageContext) throws(RecordError) -> (PageImage, ResolutionChoice, [String], damaged: Bool) {
    if record.source == RecordSource.pdf {
        let (document, page) = try documents.open(for: record)
        do throws(UnifexError) {
            return try renderedPage(document, page, settings)
        } catch {
            throw context.error(error)
        }
    }
    guard let path = record.doc, let number = record.page else { throw PageMessages.noDocumentOrPage(context.stage) }
    try PageMessages.checkUnchanged(record, stage: context.stage)
    let dpi = record.imageDPI
    do throws(UnifexError) {
        let (image, choice) = try imagePage(path, number, dpi, settings)
        return (image, choice, [], false)
    } catch {
        throw context.error(error)
    }
}

/// A PDF page rendered as pdftoppm renders it (poppler's Splash, which tesseract reads best).
/// With `auto`, the text's size comes from the text layer's fonts when the page is not a scan,
/// else from a first render: just below the scan's own resolution for a gray or colour scan,
/// else at the lowest resolution auto chooses (the scan's own when lower); it is scaled down
/// when the text asks for less, kept when it asks for no more, else rendered again at the
/// resolution chosen.
private func renderedPage(_ document: PDFTextDocument, _ page: Int, _ settings: OCRSettings) throws(UnifexError)
    -> (PageImage, ResolutionChoice, [String], damaged: Bool) {
    func render(_ dpi: Double) throws(UnifexError) -> (PageImage, RenderedPage) {
        let rendered = try document.render(page: page, dpi: dpi, maxPixels: settings.maxPixels,
                                           maxDimension: OCREngine.maxDimension)
        let image = try PageImage(raster: rendered.raster, dpi: rendered.dpi)
        return (image, rendered)
    }
    func result(_ image: PageImage, _ rendered: RenderedPage, _ choice: ResolutionChoice)
        -> (PageImage, ResolutionChoice, [String], damaged: Bool) {
        (image, choice.lowered(to: image.dpi), rendered.warnings, rendered.reports.damaged)
    }

    if case .fixed(let dpi) = settings.dpi {
        let (image, rendered) = try render(dpi)
        return result(image, rendered, ResolutionChoice(dpi: dpi, reason: .fixed))
    }
    let scanImage = document.imageResolution(page: page).flatMap { $0.coverage >= scanCoverage ? $0 : nil }
    let scan = scanImage?.dpi
    let sizes = scan == nil ? document.characterSizes(page: page) : []
    if scan == nil, let x = ResolutionChoice.xHeightPoints(fontSizes: sizes) {
        let choice = ResolutionChoice.forText(xHeightPoints: x, imageDPI: nil, letters: sizes.count)
        let (image, rendered) = try render(choice.dpi)
        return result(image, rendered, choice)
    }
    // Splash draws a scan at or above its own resolution with bilinear upscaling, several times
    // the cost of drawing it smaller (measured: about a tenth of the page's CPU at 300 dpi), so
    // the text is measured on a render at the floor of auto's range, and that render is kept
    // when the text needs no more; two renders below the scan's resolution cost less than one at it.
    var first = min(scan ?? ResolutionChoice.range.lowerBound, ResolutionChoice.range.lowerBound)
    // But a scan of gray or colour samples costs poppler more to decode than to draw (measured on
    // a 300 dpi RGB page: 0.35 s drawn at 75 dpi, 0.39 s at 290), so it is decoded once: drawn just
    // below its own resolution, where Splash still takes its box filter, measured there, and
    // scaled to the resolution chosen. A bilevel scan decodes cheaply and draws dearly at full
    // size (a 300 dpi JBIG2 page: 0.08 s at 150 dpi, 0.17 s at 290). Not above the default
    // resolution: a finer scan (600 dpi) drawn at 400 would hold twice the memory of any other
    // page for the rare text that needs more than 300.
    if let scanImage, scanImage.bitsPerPixel >= 8, scanImage.dpi > first * ResolutionChoice.closeEnough {
        first = min(scanImage.dpi * belowOwnResolution, ResolutionChoice.defaultDPI)
    }
    let (probe, rendered) = try render(first)
    let measured = probe.measuredXHeight()
    let choice = ResolutionChoice.forText(xHeightPoints: measured.map { $0.pixels * 72 / probe.dpi }, imageDPI: scan,
                                          letters: measured?.letters, figures: measured?.figures ?? false)
    // A choice within a hair of the render is no reason to scale it.
    if choice.dpi < probe.dpi * 0.999, let smaller = probe.scaled(by: choice.dpi / probe.dpi) {
        return result(smaller, rendered, choice)
    }
    // Rendering again only helps when the first render kept to its resolution, and is not worth
    // its cost for a few percent more pixels: the x-height then lands within 5% below the target.
    if choice.dpi > probe.dpi * ResolutionChoice.closeEnough, !rendered.downscaled {
        let (image, again) = try render(choice.dpi)
        return result(image, again, choice)
    }
    return result(probe, rendered, rendered.downscaled ? choice : choice.kept(at: min(choice.dpi, probe.dpi)))
}

/// An image page read at its own resolution; with `auto`, scaled down when its text is larger
/// than tesseract needs. Never scaled up: a scan holds no more detail than it was taken with.
private func imagePage(_ path: String, _ number: Int, _ dpi: Double, _ settings: OCRSettings) throws(UnifexError)
    -> (PageImage, ResolutionChoice) {
    var image = try PageImage.load(path: path, page: number, dpi: dpi)
    var choice = ResolutionChoice(dpi: dpi, reason: .imageResolution)
    if settings.dpi == .auto {
        let measured = image.measuredXHeight()
        choice = ResolutionChoice.forText(xHeightPoints: measured.map { $0.pixels * 72 / dpi }, imageDPI: dpi,
                                          letters: measured?.letters, figures: measured?.figures ?? false)
        if choice.dpi < dpi, let smaller = image.scaled(by: choice.dpi / dpi) { image = smaller }
    }
    if let smaller = image.fitting(maxPixels: settings.maxPixels) { image = smaller }
    return (image, choice.lowered(to: image.dpi))
}
