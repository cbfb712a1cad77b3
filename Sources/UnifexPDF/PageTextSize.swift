import CPopplerCore
import Foundation

/// How finely a page's images were sampled.
public struct ImageResolution: Sendable, Equatable {
    /// Pixels per inch of the page's largest image, as drawn on the page.
    public var dpi: Double
    /// The share of the page (0-1) that image covers.
    public var coverage: Double
    /// The bits of one of that image's pixels: 1 for a bilevel scan, 8 for gray, 24 for RGB.
    public var bitsPerPixel: Int
}

extension PDFTextDocument {
    /// The resolution of the page's largest image, read from the page's drawing instructions
    /// without decoding any image; nil when the page draws none or cannot be read in time.
    /// Like `render`, it runs to the end: a page's time limit is kept by tesseract's monitor.
    public func imageResolution(page: Int) -> ImageResolution? {
        var coverage = 0.0, bits: Int32 = 0
        // Poppler's reports here repeat the render's, which are the ones kept.
        let (dpi, _) = collectingCoreWarnings { unifex_pdf_image_resolution(handle, Int32(page), 0, &coverage, &bits) }
        guard dpi > 0, dpi.isFinite else { return nil }
        return ImageResolution(dpi: dpi, coverage: coverage, bitsPerPixel: Int(bits))
    }

    /// The font size (points as displayed) of each character of the page's text layer, visible
    /// or not, from its words; empty when the page has no text layer.
    public func characterSizes(page: Int) -> [Double] {
        let (extracted, _) = collectingCoreWarnings { unifex_pdf_page_text(handle, Int32(page), 0, 0) }
        guard let raw = extracted else { return [] }
        defer { unifex_page_text_free(raw) }
        let result = raw.pointee
        guard result.aborted == 0, let words = result.words else { return [] }
        var sizes: [Double] = []
        for i in 0..<Int(result.word_count) where words[i].font_size.isFinite && words[i].font_size > 0 {
            // Bytes stand in for characters: close enough to weigh each word by its length.
            sizes.append(contentsOf: repeatElement(words[i].font_size, count: min(Int(words[i].text_length), 64)))
        }
        return sizes
    }
}
