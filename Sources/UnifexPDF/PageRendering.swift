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
    /// The pixels, as an image library takes them.
    public var raster: Raster { Raster(width: width, height: height, channels: 1, pixels: pixels) }
    /// The warnings sorted into damage and encoding data poppler lacks.
    public var reports: PopplerReports { PopplerReports(warnings) }
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
/// The first render of the process runs alone; the rest run in parallel (PDFTextDocument.render).
let firstRenderGate = Lock()
nonisolated(unsafe) var firstRenderDone = false
