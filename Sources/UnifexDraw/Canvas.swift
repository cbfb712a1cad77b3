import CCairo
import Foundation
public import UnifexCore

/// A page picture to draw on: a cairo RGB image, the page's pixels under the overlays.
///
/// Owns its cairo surface and context; not `Sendable`: one page is drawn on one thread.
public final class Canvas {
    let surface: OpaquePointer
    let cr: OpaquePointer
    public let width: Int
    public let height: Int

    /// The most pixels a picture may have, and its longest side: a page of 1e6 points at 100 dpi
    /// is drawn smaller instead of asking for gigabytes.
    public static let mostPixels = 40_000_000
    public static let longestSide = 16_000

    /// A white canvas of `width` × `height` pixels (held within the limits).
    public init(width: Int, height: Int) throws(UnifexError) {
        let w = min(max(width, 1), Self.longestSide), h = min(max(height, 1), Self.longestSide)
        guard w * h <= Self.mostPixels else {
            throw UnifexError(code: "too-large", message: "a \(w)×\(h) picture is over \(Self.mostPixels) pixels")
        }
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(w), Int32(h)),
              cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let cr = cairo_create(surface) else {
            throw UnifexError(code: "out-of-memory", message: "cannot allocate a \(w)×\(h) picture")
        }
        self.surface = surface; self.cr = cr; self.width = w; self.height = h
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
    }

    deinit {
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    /// A canvas holding grey pixels (a rendered page) as they are.
    public convenience init(grey raster: Raster) throws(UnifexError) {
        guard raster.channels == 1 || raster.channels == 3, raster.width > 0, raster.height > 0,
              raster.bytesPerRow >= raster.width * raster.channels,
              raster.pixels.count >= raster.bytesPerRow * (raster.height - 1) + raster.width * raster.channels else {
            throw UnifexError(code: "render-failed", message: "rendered image has an invalid size")
        }
        try self.init(width: raster.width, height: raster.height)
        cairo_surface_flush(surface)
        guard let data = cairo_image_surface_get_data(surface) else { return }
        let stride = Int(cairo_image_surface_get_stride(surface))
        let rows = min(height, raster.height), cols = min(width, raster.width), channels = raster.channels
        raster.pixels.withUnsafeBufferPointer { source in
            let base = source.baseAddress!
            for y in 0..<rows {
                let out = UnsafeMutableRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
                let row = base + y * raster.bytesPerRow
                if channels == 1 {
                    for x in 0..<cols { let g = UInt32(row[x]); out[x] = g << 16 | g << 8 | g }
                } else {
                    for x in 0..<cols {
                        let p = row + 3 * x
                        out[x] = UInt32(p[0]) << 16 | UInt32(p[1]) << 8 | UInt32(p[2])
                    }
                }
            }
        }
        cairo_surface_mark_dirty(surface)
    }

    /// A canvas holding a PNG's pixels at its own size (a picture read back, in tests).
    public convenience init(png bytes: [UInt8], width: Int, height: Int) throws(UnifexError) {
        try self.init(width: width, height: height)
        try paint(png: bytes)
    }

    /// The width and height a PNG declares in its header; nil when it is no PNG.
    public static func pngSize(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
        guard bytes.count >= 24, bytes[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { return nil }
        func word(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (word(16), word(20))
    }

    /// Paints a PNG (an image page) over the whole canvas, scaled to fit it.
    public func paint(png bytes: [UInt8]) throws(UnifexError) {
        let reader = ByteReader(bytes)
        let box = Unmanaged.passRetained(reader)
        defer { box.release() }
        guard let image = cairo_image_surface_create_from_png_stream({ closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_READ_ERROR }
            let reader = Unmanaged<ByteReader>.fromOpaque(closure).takeUnretainedValue()
            return reader.read(into: data, count: Int(length)) ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_READ_ERROR
        }, box.toOpaque()) else { throw UnifexError(code: "damaged", message: "cannot read the page image") }
        defer { cairo_surface_destroy(image) }
        guard cairo_surface_status(image) == CAIRO_STATUS_SUCCESS else {
            throw UnifexError(code: "damaged", message: "cannot read the page image")
        }
        let w = Double(cairo_image_surface_get_width(image)), h = Double(cairo_image_surface_get_height(image))
        guard w > 0, h > 0 else { return }
        cairo_save(cr)
        cairo_scale(cr, Double(width) / w, Double(height) / h)
        cairo_set_source_surface(cr, image, 0, 0)
        cairo_paint(cr)
        cairo_restore(cr)
    }

    /// The picture as PNG.
    public func png() throws(UnifexError) -> [UInt8] {
        cairo_surface_flush(surface)
        guard let data = cairo_image_surface_get_data(surface) else {
            throw UnifexError(code: "encode-failed", message: "the picture has no pixels")
        }
        let stride = Int(cairo_image_surface_get_stride(surface)), width = width
        return try PNGWriter.encode(width: width, height: height) { y, out in
            // Cairo's RGB24 is one native-endian 32-bit word a pixel, 0x00RRGGBB.
            let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0..<width {
                let v = row[x]
                out[3 * x] = UInt8(truncatingIfNeeded: v >> 16)
                out[3 * x + 1] = UInt8(truncatingIfNeeded: v >> 8)
                out[3 * x + 2] = UInt8(truncatingIfNeeded: v)
            }
        }
    }

    /// The colour of one pixel as (r, g, b), for tests.
    public func pixel(x: Int, y: Int) -> (r: UInt8, g: UInt8, b: UInt8)? {
        guard x >= 0, y >= 0, x < width, y < height else { return nil }
        cairo_surface_flush(surface)
        guard let data = cairo_image_surface_get_data(surface) else { return nil }
        let stride = Int(cairo_image_surface_get_stride(surface))
        let v = UnsafeMutableRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)[x]
        return (UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF))
    }
}

private final class ByteReader {
    let bytes: [UInt8]
    var offset = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func read(into data: UnsafeMutablePointer<UInt8>, count: Int) -> Bool {
        guard count >= 0, offset + count <= bytes.count else { return false }
        bytes.withUnsafeBufferPointer { data.update(from: $0.baseAddress! + offset, count: count) }
        offset += count
        return true
    }
}
