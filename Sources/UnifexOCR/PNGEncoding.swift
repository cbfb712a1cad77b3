import CTesseract
public import UnifexCore

extension PageImage {
    /// The image as PNG bytes (for a vision model's request), scaled down first so its longest
    /// side is at most `longestSide` pixels.
    public func png(longestSide: Int) throws(UnifexError) -> (bytes: [UInt8], width: Int, height: Int) {
        let longest = max(width, height)
        var source = pix
        var scaled: UnsafeMutablePointer<PIX>?
        if longest > longestSide, longestSide > 0 {
            let factor = Float(Double(longestSide) / Double(longest))
            guard let small = pixScale(pix, factor, factor) else {
                throw UnifexError(code: "out-of-memory", message: "cannot scale a \(width)×\(height) image")
            }
            scaled = small
            source = small
        }
        defer { if scaled != nil { pixDestroy(&scaled) } }
        var data: UnsafeMutablePointer<UInt8>?
        var size = 0
        guard pixWriteMem(&data, &size, source, Int32(IFF_PNG)) == 0, let data else {
            throw UnifexError(code: "encode-failed", message: "cannot encode the page image as PNG")
        }
        defer { lept_free(data) }
        return (Array(UnsafeBufferPointer(start: data, count: size)), Int(pixGetWidth(source)), Int(pixGetHeight(source)))
    }
}
