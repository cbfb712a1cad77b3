import CPoppler
import Foundation
public import UnifexCore

/// A page rendered to 8-bit grey pixels (0 black, 255 white), `width` bytes per row, top row
/// first, in the page's displayed orientation (its /Rotate applied).
public struct RenderedPage: Sendable {
    public var width: Int
    public var height: Int
    /// The resolution actually used: pixels × 72 / dpi = points.
    public var dpi: Double
    /// True when the page was rendered below the requested resolution to stay within the limits.
    public var downscaled: Bool
    public var pixels: [UInt8]
    /// What poppler reported while rendering (damaged content streams, missing fonts).
    public var warnings: [String]
}

/// The resolution a page of `width` × `height` points renders at: `dpi`, or the highest whole
/// number below it that keeps the image within `maxPixels` and `maxDimension` a side.
func fittingResolution(width w: Double, height h: Double, dpi: Double, maxPixels: Int, maxDimension: Int) -> (dpi: Double, downscaled: Bool) {
    var factor = 1.0
    let pixels = (w * dpi / 72) * (h * dpi / 72)
    if pixels > Double(maxPixels) { factor = (Double(maxPixels) / pixels).squareRoot() }
    let longest = max(w, h) * dpi / 72
    if longest * factor > Double(maxDimension) { factor = Double(maxDimension) / longest }
    guard factor < 1 else { return (dpi, false) }
    return ((dpi * factor).rounded(.down), true)
}

/// Poppler sets up some colour-management state lazily, on the first render, without a lock.
/// The first render of the process runs alone; the rest run in parallel.
let firstRenderGate = Lock()
nonisolated(unsafe) var firstRenderDone = false

extension PDFPage {
    /// Renders the page at `dpi` onto white. When that would exceed `maxPixels` pixels, or a
    /// side would exceed `maxDimension` (tesseract's limit is 32767), it renders at the highest
    /// whole-number resolution that fits and says so in `downscaled`.
    public func render(dpi: Double, maxPixels: Int = 100_000_000, maxDimension: Int = 32767) throws(RecordError) -> RenderedPage {
        var result: Result<RenderedPage, RecordError>? = nil
        firstRenderGate.withLock {
            if !firstRenderDone {
                result = renderNow(dpi: dpi, maxPixels: maxPixels, maxDimension: maxDimension)
                firstRenderDone = true
            }
        }
        return try (result ?? renderNow(dpi: dpi, maxPixels: maxPixels, maxDimension: maxDimension)).get()
    }

    /// The resolution `render` will use for this page, and whether it is below `dpi`.
    public func renderResolution(dpi: Double, maxPixels: Int, maxDimension: Int) -> (dpi: Double, downscaled: Bool) {
        fittingResolution(width: size.width, height: size.height, dpi: dpi, maxPixels: maxPixels, maxDimension: maxDimension)
    }

    private func renderNow(dpi requested: Double, maxPixels: Int, maxDimension: Int) -> Result<RenderedPage, RecordError> {
        func failure(_ code: String, _ message: String) -> Result<RenderedPage, RecordError> {
            .failure(RecordError(stage: "ocr", code: code, message: message))
        }
        let (w, h) = size
        guard w > 0, h > 0, w.isFinite, h.isFinite else { return failure("damaged", "page has no size") }
        let (dpi, downscaled) = renderResolution(dpi: requested, maxPixels: maxPixels, maxDimension: maxDimension)
        guard dpi >= 1 else { return failure("too-large", "page is too large to render (\(Int(w))×\(Int(h)) pt)") }
        let scale = dpi / 72
        // A hair below the exact product so 612 pt at 300 dpi is 2550 pixels, not 2551.
        let width = max(1, Int((w * scale - 1e-6).rounded(.up)))
        let height = max(1, Int((h * scale - 1e-6).rounded(.up)))

        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height))
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            return failure("out-of-memory", "cannot allocate a \(width)×\(height) image")
        }
        let (_, warnings) = PopplerLog.collecting {
            let cr = cairo_create(surface)
            cairo_set_source_rgb(cr, 1, 1, 1)
            cairo_paint(cr)
            cairo_scale(cr, scale, scale)
            poppler_page_render(pointer, cr)
            cairo_destroy(cr)
            cairo_surface_flush(surface)
        }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let data = cairo_image_surface_get_data(surface) else {
            return failure("render-failed", "cannot render the page")
        }
        let stride = Int(cairo_image_surface_get_stride(surface))
        let grey = [UInt8](unsafeUninitializedCapacity: width * height) { buffer, count in
            for y in 0..<height {
                // RGB24 is one native-endian 32-bit word per pixel: 0x00RRGGBB.
                let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
                let out = buffer.baseAddress! + y * width
                for x in 0..<width {
                    let p = row[x]
                    let r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, b = p & 0xFF
                    out[x] = UInt8(truncatingIfNeeded: (r * 77 + g * 150 + b * 29 + 128) >> 8)
                }
            }
            count = width * height
        }
        return .success(RenderedPage(width: width, height: height, dpi: dpi, downscaled: downscaled,
                                     pixels: grey, warnings: warnings))
    }
}
