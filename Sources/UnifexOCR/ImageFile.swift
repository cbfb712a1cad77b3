import CTesseract
import Foundation
public import UnifexCore

/// Geometry of one page of an image file (PNG, JPEG, TIFF, …) as leptonica reads it.
public struct ImagePageInfo: Sendable, Equatable {
    public var pixelWidth: Int
    public var pixelHeight: Int
    /// The resolution stored in the file, or nil when it has none.
    public var dpi: Int?
}

/// Image files are documents too: one page per image, or per TIFF directory.
public enum ImageFile {
    /// The image library underneath, with its version, for batch reports.
    public static var libraryVersions: [String: String] {
        guard let raw = getLeptonicaVersion() else { return [:] }
        defer { free(raw) }
        // "leptonica-1.82.0"
        let text = String(cString: raw)
        return ["leptonica": text.hasPrefix("leptonica-") ? String(text.dropFirst(10)) : text]
    }

    /// True when the first bytes say this is an image format leptonica reads.
    public static func looksLikeImage(_ header: [UInt8]) -> Bool {
        func starts(_ magic: [UInt8]) -> Bool { header.starts(with: magic) }
        return starts([0x89, 0x50, 0x4E, 0x47])            // PNG
            || starts([0xFF, 0xD8, 0xFF])                   // JPEG
            || starts([0x49, 0x49, 0x2A, 0x00])             // TIFF, little-endian
            || starts([0x4D, 0x4D, 0x00, 0x2A])             // TIFF, big-endian
            || starts([0x42, 0x4D])                         // BMP
            || starts(Array("GIF8".utf8))
            || (starts(Array("RIFF".utf8)) && header.count >= 12 && Array(header[8..<12]) == Array("WEBP".utf8))
            || (header.count >= 2 && header[0] == UInt8(ascii: "P") && (0x31...0x36).contains(header[1])) // PNM
            || starts([0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50])  // JPEG 2000
    }

    /// The pages of an image file, read from headers (TIFF pages are decoded one at a time).
    public static func pages(of path: String) throws(UnifexError) -> [ImagePageInfo] {
        quietLeptonica()
        func damaged(_ why: String) -> UnifexError { UnifexError(code: "damaged", message: why) }
        var format: Int32 = 0
        guard findFileFormat(path, &format) == 0 else { throw damaged("cannot read image file") }
        if format == Int32(IFF_TIFF) || (Int32(IFF_TIFF_PACKBITS)...Int32(IFF_TIFF_JPEG)).contains(format) {
            guard let file = fopen(path, "rb") else { throw damaged("cannot open image file") }
            var count: Int32 = 0
            let failed = tiffGetCount(file, &count) != 0
            fclose(file)
            if failed || count < 1 { throw damaged("unreadable TIFF (no image directories)") }
            if count == 1 { return [try header(path)] }
            var result: [ImagePageInfo] = []
            var offset: size_t = 0
            for _ in 0..<count {
                guard let pix = pixReadFromMultipageTiff(path, &offset) else { throw damaged("unreadable TIFF page \(result.count + 1)") }
                result.append(info(pix))
                var p: UnsafeMutablePointer<PIX>? = pix
                pixDestroy(&p)
                if offset == 0 { break }
            }
            return result
        }
        return [try header(path)]
    }

    private static func header(_ path: String) throws(UnifexError) -> ImagePageInfo {
        var format: Int32 = 0, w: Int32 = 0, h: Int32 = 0, bps: Int32 = 0, spp: Int32 = 0, cmap: Int32 = 0
        guard pixReadHeader(path, &format, &w, &h, &bps, &spp, &cmap) == 0, w > 0, h > 0 else {
            // Some formats have no cheap header reader; decode to be sure.
            guard let pix = pixRead(path) else {
                throw UnifexError(code: "damaged", message: "not a readable image (corrupt or unsupported format)")
            }
            defer { var p: UnsafeMutablePointer<PIX>? = pix; pixDestroy(&p) }
            return info(pix)
        }
        // The header does not give the resolution; decoding does, and is affordable once per image.
        var dpi: Int? = nil
        if let pix = pixRead(path) {
            dpi = info(pix).dpi
            var p: UnsafeMutablePointer<PIX>? = pix
            pixDestroy(&p)
        } else {
            throw UnifexError(code: "damaged", message: "image header is readable but the image data is not")
        }
        return ImagePageInfo(pixelWidth: Int(w), pixelHeight: Int(h), dpi: dpi)
    }

    private static func info(_ pix: UnsafeMutablePointer<PIX>) -> ImagePageInfo {
        let x = Int(pixGetXRes(pix))
        return ImagePageInfo(pixelWidth: Int(pixGetWidth(pix)), pixelHeight: Int(pixGetHeight(pix)), dpi: x > 0 ? x : nil)
    }
}

extension ImageFile {
    /// The number of pages without decoding them: TIFF directories, else one.
    public static func pageCount(of path: String) throws(UnifexError) -> Int {
        var format: Int32 = 0
        guard findFileFormat(path, &format) == 0 else {
            throw UnifexError(code: "damaged", message: "cannot read image file")
        }
        guard format == Int32(IFF_TIFF) || (Int32(IFF_TIFF_PACKBITS)...Int32(IFF_TIFF_JPEG)).contains(format),
              let file = fopen(path, "rb") else { return 1 }
        defer { fclose(file) }
        var count: Int32 = 0
        return tiffGetCount(file, &count) == 0 && count > 0 ? Int(count) : 1
    }
}

/// Leptonica prints its errors and notes ("Error in pixReadStreamPng: …") on stderr, which belongs
/// to Diagnostics: a file it cannot read becomes an error record instead. A process-wide setting.
private let leptonicaQuieted: Bool = {
    _ = setMsgSeverity(Int32(L_SEVERITY_NONE))
    return true
}()

func quietLeptonica() { _ = leptonicaQuieted }
