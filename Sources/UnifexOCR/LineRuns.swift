import CTesseract
public import UnifexCore

extension PageImage {
    /// The long straight dark runs of the image, horizontal and vertical, as boxes in points:
    /// the ruling lines of a table on a scanned page. Leptonica's morphology keeps what a
    /// `minimum`-points-long line fits in (an opening with a one-pixel-thick brick), which letters
    /// do not; each connected piece left is one box.
    public func lineRuns(minimum points: Double = 14, darkness threshold: Int = 200) -> [UnifexCore.Box] {
        guard let grey = pixConvertTo8(pix, 0) else { return [] }
        var g: UnsafeMutablePointer<PIX>? = grey
        defer { pixDestroy(&g) }
        guard let binary = pixThresholdToBinary(grey, Int32(clamping: threshold)) else { return [] }
        var b: UnsafeMutablePointer<PIX>? = binary
        defer { pixDestroy(&b) }
        let length = Int32(clamping: max(8, Int(saturating: points * dpi / 72)))
        let scale = 72 / dpi
        var boxes: [UnifexCore.Box] = []
        for (w, h) in [(length, Int32(1)), (Int32(1), length)] {
            guard let opened = pixOpenBrick(nil, binary, w, h) else { continue }
            var o: UnsafeMutablePointer<PIX>? = opened
            defer { pixDestroy(&o) }
            guard let pieces = pixConnComp(opened, nil, 8) else { continue }
            var p: UnsafeMutablePointer<BOXA>? = pieces
            defer { boxaDestroy(&p) }
            for i in 0..<boxaGetCount(pieces) {
                var x: Int32 = 0, y: Int32 = 0, bw: Int32 = 0, bh: Int32 = 0
                guard boxaGetBoxGeometry(pieces, i, &x, &y, &bw, &bh) == 0 else { continue }
                boxes.append(UnifexCore.Box(x0: Double(x) * scale, y0: Double(y) * scale,
                                 x1: Double(x + bw) * scale, y1: Double(y + bh) * scale))
            }
        }
        return boxes
    }
}
