import CZlib
public import UnifexCore

/// PNG encoding tuned for speed: cairo's writer (libpng's adaptive filters, zlib's default level)
/// took half of a page's time. Rows are filtered with `Sub` (neighbouring pixels of a rendered
/// page are mostly equal, so most bytes become 0) and deflated at level 1 with run-length
/// matching, which is what such rows need.
enum PNGWriter {
    /// An 8-bit RGB PNG of `width` × `height` pixels, `rows` giving each row's bytes (R, G, B).
    static func encode(width: Int, height: Int, row: (Int, UnsafeMutablePointer<UInt8>) -> Void) throws(UnifexError) -> [UInt8] {
        let rowBytes = 1 + 3 * width
        // Every byte is written below: no need to clear megabytes first.
        let filtered = [UInt8](unsafeUninitializedCapacity: rowBytes * height) { out, count in
            count = rowBytes * height
            let base = out.baseAddress!
            for y in 0..<height {
                let line = base + y * rowBytes
                line[0] = 1  // Sub: each byte minus the same channel of the pixel to its left.
                row(y, line + 1)
                var i = 3 * width
                while i > 3 {
                    i -= 1
                    line[1 + i] = line[1 + i] &- line[1 + i - 3]
                }
            }
        }
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header: [UInt8] = []
        header.appendBigEndian(UInt32(width)); header.appendBigEndian(UInt32(height))
        header += [8, 2, 0, 0, 0]  // 8 bits, RGB, deflate, standard filters, not interlaced
        chunk("IHDR", header, into: &png)
        chunk("IDAT", try deflate(filtered), into: &png)
        chunk("IEND", [], into: &png)
        return png
    }

    private static func deflate(_ bytes: [UInt8]) throws(UnifexError) -> [UInt8] {
        var stream = z_stream()
        guard deflateInit2_(&stream, 1, Z_DEFLATED, 15, 8, Z_RLE, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw UnifexError(code: "encode-failed", message: "cannot start compressing the picture")
        }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(bytes.count)))
        var status = Z_OK
        let out = [UInt8](unsafeUninitializedCapacity: bound) { target, count in
            bytes.withUnsafeBufferPointer { source in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                status = CZlib.deflate(&stream, Z_FINISH)
            }
            count = status == Z_STREAM_END ? Int(stream.total_out) : 0
        }
        guard status == Z_STREAM_END else {
            throw UnifexError(code: "encode-failed", message: "cannot compress the picture")
        }
        return out
    }

    private static func chunk(_ type: String, _ data: [UInt8], into png: inout [UInt8]) {
        png.appendBigEndian(UInt32(data.count))
        let typeBytes = Array(type.utf8)
        png += typeBytes
        png += data
        var crc = crc32(0, typeBytes, uInt(typeBytes.count))
        crc = data.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) }
        png.appendBigEndian(UInt32(crc))
    }
}

extension [UInt8] {
    fileprivate mutating func appendBigEndian(_ v: UInt32) {
        append(contentsOf: [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)])
    }
}
