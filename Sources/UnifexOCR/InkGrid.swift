import CTesseract
public import UnifexCore

extension PageImage {
    /// Where the image is inked, in square cells of four pixels (1.9 points at 150 dpi): a cell
    /// is inked when any of its pixels is darker than `threshold`. Leptonica's rank reduction
    /// (any pixel of each 2×2, twice over) does it in one pass over the page; the cells are fine
    /// enough to show the blank rows between lines of text.
    public func inkGrid(darkness threshold: Int = 200) -> InkGrid? {
        guard let grey = pixConvertTo8(pix, 0) else { return nil }
        var g: UnsafeMutablePointer<PIX>? = grey
        defer { pixDestroy(&g) }
        guard let binary = pixThresholdToBinary(grey, Int32(clamping: threshold)) else { return nil }
        var b: UnsafeMutablePointer<PIX>? = binary
        defer { pixDestroy(&b) }
        guard let reduced = pixReduceRankBinaryCascade(binary, 1, 1, 0, 0) else { return nil }
        var r: UnsafeMutablePointer<PIX>? = reduced
        defer { pixDestroy(&r) }
        let columns = Int(pixGetWidth(reduced)), rows = Int(pixGetHeight(reduced))
        guard columns > 0, rows > 0, let data = pixGetData(reduced) else { return nil }
        let wordsPerLine = Int(pixGetWpl(reduced))
        var inked = [Bool](repeating: false, count: columns * rows)
        for y in 0..<rows {
            let line = data + y * wordsPerLine
            for x in 0..<columns where l_getDataBit(line, Int32(x)) != 0 { inked[y * columns + x] = true }
        }
        return InkGrid(columns: columns, rows: rows, cell: 4 * 72 / dpi, inked: inked)
    }
}
