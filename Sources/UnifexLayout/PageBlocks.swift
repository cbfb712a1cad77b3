public import UnifexCore

/// A page's blocks in reading order, from its lines (with their fonts where the text layer gives
/// them, with their heights for OCR) and its tables. Pure geometry and typography: no model.
///
/// What is decided here is what one page shows; what only the document shows (a running header
/// repeated on every page, heading levels by the document's own ranks) is decided where the
/// document is assembled.
public enum PageBlocks {
    public struct Page: Sendable {
        public var width: Double
        public var height: Double
        public var lines: [TextSpan]
        public var tables: [Table]
        public var pageNumber: Int?

        public init(width: Double, height: Double, lines: [TextSpan], tables: [Table], pageNumber: Int? = nil) {
            self.width = width; self.height = height; self.lines = lines; self.tables = tables; self.pageNumber = pageNumber
        }
    }

    public static func blocks(_ page: Page, words: Words = .none) -> [Block] {
        let width = page.width.isFinite && page.width > 0 ? page.width : 612
        let height = page.height.isFinite && page.height > 0 ? page.height : 792
        let bounds = Box(x0: 0, y0: 0, x1: width, y1: height)
        let fragments = RowMerge.merged(Fragment.of(lines: page.lines, tables: page.tables, page: bounds))
        guard !fragments.isEmpty else { return [] }
        let body = bodySize(fragments)
        let (furniture, rest) = Furniture.split(fragments, pageHeight: height, bodySize: body)
        let order = ReadingOrder(rest)
        let rightToLeft = Direction.isRightToLeft(rest.map(\.text))
        var groups: [LineGroup] = []
        for column in order.ordered(rest, rightToLeft: rightToLeft) {
            groups += Paragraphs.group(column, bodySize: body)
        }
        var blocks = Classify.blocks(groups, bodySize: body, pageHeight: height, pageNumber: page.pageNumber, words: words)
        // Furniture keeps its place in the JSON: headers first, footers last.
        let headers = furniture.filter { $0.centerY < height / 2 }.sorted(by: ReadingOrder.topToBottom)
        let footers = furniture.filter { $0.centerY >= height / 2 }.sorted(by: ReadingOrder.topToBottom)
        blocks = headers.map { Classify.block($0, kind: .pageHeader) } + blocks + footers.map { Classify.block($0, kind: .pageFooter) }
        ListDepth.assign(&blocks)
        return blocks
    }

    /// The size most of the page's characters are set in.
    static func bodySize(_ fragments: [Fragment]) -> Double {
        var weight: [Double: Int] = [:]
        for f in fragments where f.table == nil { weight[(f.size * 2).rounded() / 2, default: 0] += f.text.count }
        return weight.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key ?? 10
    }
}

/// Running headers and footers, and page numbers, by where they stand: a short line in the top
/// or bottom margin, apart from the body.
enum Furniture {
    static func split(_ fragments: [Fragment], pageHeight: Double, bodySize: Double) -> (furniture: [Fragment], rest: [Fragment]) {
        let text = fragments.filter { $0.table == nil }
        guard text.count >= 3 else { return ([], fragments) }
        var furniture: [Fragment] = []
        var rest: [Fragment] = []
        for f in fragments {
            if f.table == nil, isFurniture(f, among: text, pageHeight: pageHeight, bodySize: bodySize) {
                furniture.append(f)
            } else {
                rest.append(f)
            }
        }
        return (furniture, rest)
    }

    static func isFurniture(_ f: Fragment, among all: [Fragment], pageHeight: Double, bodySize: Double) -> Bool {
        let top = f.box.y1 <= 0.08 * pageHeight, bottom = f.box.y0 >= 0.92 * pageHeight
        let nearEdge = f.box.y1 <= 0.12 * pageHeight || f.box.y0 >= 0.88 * pageHeight
        if nearEdge, isPageNumber(f.text) { return true }
        guard top || bottom, f.words <= 20, f.size <= 1.3 * bodySize else { return false }
        // Apart from the body: nothing else of the page between it and its edge... and a gap to the rest.
        let others = all.filter { $0.box != f.box && !RowMerge.sameRow($0, f) }
        if top {
            let below = others.filter { $0.box.y0 >= f.box.y1 }.map(\.box.y0).min() ?? pageHeight
            return below - f.box.y1 >= 0.6 * bodySize
        }
        let above = others.filter { $0.box.y1 <= f.box.y0 }.map(\.box.y1).max() ?? 0
        return f.box.y0 - above >= 0.6 * bodySize
    }

    /// `12`, `- 12 -`, `Page 12`, `12 of 40`, `xii`, `Seite 3`.
    static func isPageNumber(_ text: String) -> Bool {
        var t = text.trimmingWhitespace().lowercased()
        for word in ["page", "seite", "pagina", "página", "p."] where t.hasPrefix(word + " ") { t = String(t.dropFirst(word.count + 1)) }
        t = t.trimmingCharacters(in: "-–—|[]() ")
        let parts = t.split(separator: " ")
        if parts.count == 3, parts[1] == "of" || parts[1] == "/" { t = String(parts[0]) }
        if t.count <= 4, !t.isEmpty, t.allSatisfy(\.isASCIIDigit) { return true }
        return t.count <= 6 && !t.isEmpty && t.allSatisfy { "ivxlc".contains($0) }
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}

/// Whether a page reads right to left: most of its letters are of a right-to-left script.
enum Direction {
    static func isRightToLeft(_ texts: [String]) -> Bool {
        var rtl = 0, ltr = 0
        for text in texts {
            for scalar in text.unicodeScalars where scalar.properties.isAlphabetic {
                if isRightToLeft(scalar) { rtl += 1 } else { ltr += 1 }
            }
        }
        return rtl > ltr
    }

    static func isRightToLeft(_ s: Unicode.Scalar) -> Bool {
        (0x0590...0x08FF).contains(s.value) || (0xFB1D...0xFDFF).contains(s.value) || (0xFE70...0xFEFF).contains(s.value)
    }
}
