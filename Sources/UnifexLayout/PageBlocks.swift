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
        /// The words, in the lines' order: OCR lines run across a gutter are cut between them.
        public var words: [TextSpan]
        public var tables: [Table]
        public var pageNumber: Int?
        /// The entries of the PDF's outline that lead to this page.
        public var outline: [OutlineEntry]
        /// The boxes of the images the page draws.
        public var images: [Box]
        /// The boxes of the pictures it draws with lines and curves.
        public var drawings: [Box]

        public init(width: Double, height: Double, lines: [TextSpan], words: [TextSpan] = [], tables: [Table], pageNumber: Int? = nil,
                    outline: [OutlineEntry] = [], images: [Box] = [], drawings: [Box] = []) {
            self.width = width; self.height = height; self.lines = lines; self.words = words; self.tables = tables
            self.pageNumber = pageNumber; self.outline = outline; self.images = images
            self.drawings = drawings
        }
    }

    public static func blocks(_ page: Page, words: Words = .none) -> [Block] {
        let width = page.width.isFinite && page.width > 0 ? page.width : 612
        let height = page.height.isFinite && page.height > 0 ? page.height : 792
        let bounds = Box(x0: 0, y0: 0, x1: width, y1: height)
        var fragments = RowMerge.merged(Fragment.of(lines: page.lines, words: page.words, tables: page.tables,
                                                            images: page.images, drawings: page.drawings, page: bounds))
        guard !fragments.isEmpty else { return [] }
        if typewritten(fragments) {
            for i in fragments.indices { fragments[i].mono = false }
        }
        let body = bodySize(fragments)
        let (furniture, rest) = Furniture.split(fragments, pageWidth: width, pageHeight: height, bodySize: body)
        let order = ReadingOrder(rest)
        // Right to left when most letters are, as pdftotext decides for a page.
        let rightToLeft = !LogicalOrder.readsLeftToRight(rest.map(\.text))
        var groups: [LineGroup] = []
        let pictures = rest.filter(\.figure).map(\.box)
        for column in order.ordered(rest, rightToLeft: rightToLeft, bodySize: body) {
            var next = Paragraphs.group(column, bodySize: body, pictures: pictures)
            // A paragraph the column's foot cut off goes on at the top of the next column, past
            // the footnotes set small under it.
            var end = groups.count - 1
            while end > 0, groups[end].first.isText, groups[end].size < 0.92 * body,
                  groups[end].box.y0 >= groups[end - 1].box.y1 { end -= 1 }
            if end >= 0, let first = next.first, Paragraphs.goesOn(groups[end], into: first, bodySize: body) {
                groups[end].fragments += first.fragments
                next.removeFirst()
            }
            groups += next
        }
        OutlineHeadings.mark(&groups, entries: page.outline)
        var blocks = Classify.blocks(groups, bodySize: body, pageHeight: height, pageNumber: page.pageNumber, words: words)
        // Footnotes after the page's body, in the order read, wherever their column put them.
        blocks = blocks.filter { $0.kind != .footnote } + blocks.filter { $0.kind == .footnote }
        // Furniture keeps its place in the JSON: headers first, footers last.
        let headers = furniture.filter { $0.centerY < height / 2 }.sorted(by: ReadingOrder.topToBottom)
        let footers = furniture.filter { $0.centerY >= height / 2 }.sorted(by: ReadingOrder.topToBottom)
        blocks = headers.map { Classify.block($0, kind: .pageHeader) } + blocks + footers.map { Classify.block($0, kind: .pageFooter) }
        ListDepth.assign(&blocks)
        Figures.linkCaptions(&blocks, bodySize: body)
        return blocks
    }

    /// A page set in a fixed-pitch font (typewritten, a transcript, text printed as it was typed)
    /// has no code set apart by its font: most of its characters are in that font and they read as
    /// prose, with hardly any of the brackets, operators and quotes code is made of.
    static func typewritten(_ fragments: [Fragment]) -> Bool {
        var all = 0, mono = 0, symbols = 0
        for f in fragments where f.isText {
            all += f.text.count
            guard f.mono else { continue }
            mono += f.text.count
            symbols += f.text.filter { "{}()[];=<>*/\\_|&#$@+'\"".contains($0) }.count
        }
        return 2 * mono > all && 100 * symbols < 3 * mono
    }

    /// The size the page's body is set in: the size most of its characters have, unless a clearly
    /// larger size fills ten lines or more with at least half as many (footnotes, captions and labels
    /// are set smaller than the body, and a page can hold more footnote text than body text).
    static func bodySize(_ fragments: [Fragment]) -> Double {
        var weight: [Double: (characters: Int, lines: Int)] = [:]
        for f in fragments where f.isText {
            let size = (f.size * 2).rounded() / 2
            weight[size, default: (0, 0)].characters += f.text.count
            weight[size, default: (0, 0)].lines += 1
        }
        guard let most = weight.max(by: { $0.value.characters < $1.value.characters || ($0.value.characters == $1.value.characters && $0.key > $1.key) })
        else { return 10 }
        let larger = weight.filter { $0.key >= 1.1 * most.key && 2 * $0.value.characters >= most.value.characters && $0.value.lines >= 10 }
        return larger.max { $0.value.characters < $1.value.characters }?.key ?? most.key
    }
}

/// Running headers and footers, and page numbers, by where they stand: the rows at the top or
/// the bottom of the page, a few lines at most, set no larger than the body and apart from it by
/// more than the body's line spacing; and a page number near an edge wherever it stands.
enum Furniture {
    static func split(_ fragments: [Fragment], pageWidth: Double = 0, pageHeight: Double, bodySize: Double) -> (furniture: [Fragment], rest: [Fragment]) {
        let all = fragments.filter { $0.isText }.sorted { $0.box.y0 < $1.box.y0 }
        // On a page set upright (not in vertical lines, as Japanese can be set).
        let upright = Double(all.filter { !$0.sideways }.count) >= 0.8 * Double(all.count)
        let margin = upright ? all.filter { isMarginStamp($0, pageWidth: pageWidth, bodySize: bodySize) } : []
        let text = all.filter { f in !margin.contains { $0.box == f.box } }
        guard text.count >= 3 else { return margin.isEmpty ? ([], fragments) : (margin, text + fragments.filter { !$0.isText }) }
        var furniture = Set<Int>()   // indices into `text`
        for (i, f) in text.enumerated() where isPageNumber(f.text) && (f.box.y1 <= 0.12 * pageHeight || f.box.y0 >= 0.88 * pageHeight) {
            furniture.insert(i)
        }
        if let top = edgeCluster(text, fromTop: true, pageHeight: pageHeight, bodySize: bodySize) { furniture.formUnion(top) }
        if let bottom = edgeCluster(text, fromTop: false, pageHeight: pageHeight, bodySize: bodySize) { furniture.formUnion(bottom) }
        if let foot = footLine(text, all: fragments, pageHeight: pageHeight, bodySize: bodySize) { furniture.insert(foot) }
        if furniture.count >= text.count { furniture = [] }
        guard !furniture.isEmpty || !margin.isEmpty else { return ([], fragments) }
        let held = margin + furniture.map { text[$0] }
        let rest = text.indices.filter { !furniture.contains($0) }.map { text[$0] } + fragments.filter { !$0.isText }
        return (held, rest)
    }

    /// A line set sideways in the page's outer margin, no larger than the body: a stamp of the
    /// printer's or the archive's (`jbell on DSKJLSW7X2PROD with PROPOSALS`, an arXiv identifier),
    /// not the page's text.
    static func isMarginStamp(_ f: Fragment, pageWidth: Double, bodySize: Double) -> Bool {
        guard pageWidth > 0, f.sideways, f.size <= 1.05 * bodySize else { return false }
        return f.box.x1 <= 0.08 * pageWidth || f.box.x0 >= 0.92 * pageWidth
    }

    /// The lines of the top (or bottom) edge of the page, rows close to each other, when they
    /// are furniture: at most three rows, in the outer 15% of the page, no larger than the body,
    /// with a gap to the rest of the page larger than a line's spacing.
    static func edgeCluster(_ text: [Fragment], fromTop: Bool, pageHeight: Double, bodySize: Double) -> Set<Int>? {
        let order = fromTop ? Array(text.indices) : text.indices.sorted { text[$0].box.y1 > text[$1].box.y1 }
        var members: [Int] = []
        var rows = 0
        var widest = 0.0   // the widest gap between the cluster's own rows
        var edge = fromTop ? -Double.infinity : Double.infinity   // the cluster's inner edge so far
        for i in order {
            let f = text[i]
            if members.isEmpty {
                members = [i]; rows = 1
                edge = fromTop ? f.box.y1 : f.box.y0
                continue
            }
            let gap = fromTop ? f.box.y0 - edge : edge - f.box.y1
            let sameRow = members.suffix(50).contains { RowMerge.sameRow(text[$0], f) }
            if sameRow || gap <= 0.8 * f.size {
                // The same row, or the next one at a line's spacing: part of the cluster.
                if !sameRow { rows += 1; widest = max(widest, gap) }
                guard rows <= 3, members.count < 200 else { return nil }
                members.append(i)
                edge = fromTop ? max(edge, f.box.y1) : min(edge, f.box.y0)
                continue
            }
            // The first line outside the cluster: the gap to the body decides.
            guard gap >= max(0.9 * bodySize, 1.5 * widest) else { return nil }
            break
        }
        guard !members.isEmpty, rows <= 3, members.count < text.count else { return nil }
        let inZone = fromTop ? edge <= 0.15 * pageHeight : edge >= 0.85 * pageHeight
        let small = members.allSatisfy { text[$0].size <= 1.05 * bodySize && text[$0].words <= 25 }
        // A running header is set smaller than the body or carries the page number; lines at the
        // top in the body's size are the page's own (a heading, a paragraph going on from the last
        // page), unless the document shows them again on other pages.
        let header = !fromTop || members.contains { isPageNumber(text[$0].text) }
            || members.allSatisfy { text[$0].size <= 0.95 * bodySize }
        return inZone && small && header ? Set(members) : nil
    }

    /// A page number or a document's code (`REDP-5110-00`, `ISBN 0738453463`) standing alone under
    /// everything else, in the page's lower quarter and well apart from the body, though above the
    /// margin where running footers stand: a back cover's or a shorter page's foot.
    static func footLine(_ text: [Fragment], all: [Fragment], pageHeight: Double, bodySize: Double) -> Int? {
        guard let i = text.indices.max(by: { text[$0].box.y1 < text[$1].box.y1 }) else { return nil }
        let f = text[i]
        guard f.box.y0 >= 0.75 * pageHeight, f.size <= 1.05 * bodySize, isPageNumber(f.text) || isDocumentCode(f.text) else { return nil }
        let above = all.filter { $0.box.y0 < f.box.y0 && !($0.box == f.box) }
        guard above.allSatisfy({ f.box.y0 - $0.box.y1 >= 2 * bodySize }) else { return nil }
        return i
    }

    /// Capitals and digits, a token or three, with a digit: `REDP-5110-00`, `SG24-8888-00`, `ISBN 0738453463`.
    static func isDocumentCode(_ text: String) -> Bool {
        let t = text.trimmingWhitespace()
        let tokens = t.split(separator: " ")
        return !tokens.isEmpty && tokens.count <= 3 && t.count <= 40 && t.contains(where: \.isNumber)
            && t.contains(where: \.isUppercase) && !t.contains(where: \.isLowercase)
            && t.allSatisfy { $0.isLetter || $0.isNumber || " -–/.:#".contains($0) }
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
