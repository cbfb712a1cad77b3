import CTesseract
import Foundation
public import UnifexCore

/// One page as a leptonica image, with the resolution that maps its pixels to points.
///
/// Owns its `Pix`; deliberately not `Sendable`: leptonica images are not reference-counted
/// atomically, so each one stays on the thread that made it.
public final class PageImage {
    let pix: UnsafeMutablePointer<PIX>
    /// Pixels per inch: a box of `n` pixels is `n * 72 / dpi` points.
    public let dpi: Double

    init(pix: UnsafeMutablePointer<PIX>, dpi: Double) {
        self.pix = pix
        self.dpi = dpi
        let resolution = Int32(clamping: Int(saturating: dpi))
        pixSetResolution(pix, resolution, resolution)
    }

    deinit {
        var p: UnsafeMutablePointer<PIX>? = pix
        pixDestroy(&p)
    }

    public var width: Int { Int(pixGetWidth(pix)) }
    public var height: Int { Int(pixGetHeight(pix)) }

    /// Copies rendered pixels into a new image.
    public convenience init(raster: Raster, dpi: Double) throws(UnifexError) {
        guard raster.width > 0, raster.height > 0, raster.channels == 1 || raster.channels == 3,
              raster.bytesPerRow >= raster.width * raster.channels,
              raster.pixels.count >= raster.bytesPerRow * (raster.height - 1) + raster.width * raster.channels else {
            throw UnifexError(code: "render-failed", message: "rendered image has an invalid size")
        }
        let depth: Int32 = raster.channels == 1 ? 8 : 32
        guard let pix = pixCreate(Int32(raster.width), Int32(raster.height), depth), let data = pixGetData(pix) else {
            throw UnifexError(code: "out-of-memory",
                              message: "cannot allocate a \(raster.width)×\(raster.height) image")
        }
        let wpl = Int(pixGetWpl(pix))
        raster.pixels.withUnsafeBufferPointer { source in
            let base = source.baseAddress!
            for y in 0..<raster.height {
                let row = data + y * wpl
                let src = base + y * raster.bytesPerRow
                if raster.channels == 1 {
                    // Leptonica packs 8-bit pixels big-endian within 32-bit words.
                    UnsafeMutableRawPointer(row).copyMemory(from: src, byteCount: raster.width)
                    for i in 0..<((raster.width + 3) / 4) { row[i] = UInt32(bigEndian: row[i]) }
                } else {
                    for x in 0..<raster.width {
                        let p = src + 3 * x
                        row[x] = UInt32(p[0]) << 24 | UInt32(p[1]) << 16 | UInt32(p[2]) << 8
                    }
                }
            }
        }
        self.init(pix: pix, dpi: dpi)
    }

    /// Reads page `page` (1-based; TIFF directories) of an image file. `dpi` is the resolution
    /// the page record was measured with, so boxes land where ux-split said the page is.
    public static func load(path: String, page: Int, dpi: Double) throws(UnifexError) -> PageImage {
        func damaged(_ why: String) -> UnifexError { UnifexError(code: "damaged", message: why) }
        try checkReadable(path)
        guard page >= 1, page <= Int(Int32.max) else { throw damaged("image has no page \(page)") }
        var format: Int32 = 0
        guard findFileFormat(path, &format) == 0 else { throw damaged("cannot read image file") }
        let isTIFF = format == Int32(IFF_TIFF) || (Int32(IFF_TIFF_PACKBITS)...Int32(IFF_TIFF_JPEG)).contains(format)
        let loaded: UnsafeMutablePointer<PIX>?
        if isTIFF {
            loaded = pixReadTiff(path, Int32(page - 1))
        } else {
            guard page == 1 else { throw damaged("image has one page, record asks for page \(page)") }
            loaded = pixRead(path)
        }
        guard var pix = loaded else { throw damaged("not a readable image (corrupt or unsupported format)") }
        // Transparent areas are paper: blend onto white so they do not read as black.
        if pixGetDepth(pix) == 32, pixGetSpp(pix) == 4 {
            if let blended = pixAlphaBlendUniform(pix, 0xFFFF_FF00) {
                var old: UnsafeMutablePointer<PIX>? = pix
                pixDestroy(&old)
                pix = blended
            }
        }
        return PageImage(pix: pix, dpi: dpi)
    }

    /// This image scaled down so that it has at most `maxPixels` pixels and neither side exceeds
    /// `maxDimension`; nil when it already fits.
    public func fitting(maxPixels: Int, maxDimension: Int = OCREngine.maxDimension) -> PageImage? {
        let factor = fitFactor(width: Double(width), height: Double(height), maxPixels: maxPixels, maxDimension: maxDimension)
        guard factor < 1 else { return nil }
        guard let scaled = pixScale(pix, Float(factor), Float(factor)) else { return nil }
        return PageImage(pix: scaled, dpi: dpi * factor)
    }

    /// This image turned clockwise by `quadrants` quarter turns.
    public func rotated(clockwiseQuadrants quadrants: Int) -> PageImage? {
        let q = ((quadrants % 4) + 4) % 4
        guard q != 0 else { return nil }
        guard let turned = pixRotateOrth(pix, Int32(q)) else { return nil }
        return PageImage(pix: turned, dpi: dpi)
    }

    /// How far the text lines slope, in degrees (positive: turned clockwise), and leptonica's
    /// confidence in that; nil when it cannot tell (too little text, or no lines).
    public func skew() -> (degrees: Double, confidence: Double)? {
        guard let binary = pixConvertTo1(pix, 130) else { return nil }
        var copy: UnsafeMutablePointer<PIX>? = binary
        defer { pixDestroy(&copy) }
        var angle: Float = 0, confidence: Float = 0
        guard pixFindSkew(binary, &angle, &confidence) == 0, angle.isFinite, confidence.isFinite else { return nil }
        // Leptonica reports the turn that would straighten the lines (clockwise positive): the
        // slope itself is the opposite turn.
        return (-Double(angle), Double(confidence))
    }

    /// This image turned clockwise by `degrees` about its centre, keeping its size; what comes
    /// in at the corners is white paper.
    public func rotated(byDegrees degrees: Double) -> PageImage? {
        guard degrees != 0,
              let turned = pixRotate(pix, Float(degrees * .pi / 180), Int32(L_ROTATE_AREA_MAP),
                                     Int32(L_BRING_IN_WHITE), 0, 0) else { return nil }
        return PageImage(pix: turned, dpi: dpi)
    }

    /// Writes the image as PNG (tests and debugging).
    public func writePNG(to path: String) throws(UnifexError) {
        guard pixWrite(path, pix, Int32(IFF_PNG)) == 0 else {
            throw UnifexError(code: "io", message: "cannot write \(path)")
        }
    }
}

/// The scale (at most 1) that brings a `width`×`height` image within both limits.
public func fitFactor(width: Double, height: Double, maxPixels: Int, maxDimension: Int) -> Double {
    var factor = 1.0
    if width * height > Double(maxPixels) { factor = (Double(maxPixels) / (width * height)).squareRoot() }
    let longest = max(width, height)
    if longest * factor > Double(maxDimension) { factor = Double(maxDimension) / longest }
    return factor
}
