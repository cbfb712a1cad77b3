import UnifexCore

/// Where a piece's text stands: the page and the box of a block it is made of.
struct PiecePlace: Equatable {
    var page: Int
    var box: Box
}

/// One block's Markdown as a page is stored until its document is complete, with what the
/// document-level pass decides from: whether it is at the top or bottom of its page's body, its
/// text reduced to a key (`page 3 of 12` and `page 4 of 12` are one), and whether a paragraph may go
/// on across the page break; and what chunks are cut by: the block's kind, a heading's level, and
/// where on which page its text stands.
struct MarkdownPiece: Equatable {
    enum Edge: Int { case none = 0, top = 1, bottom = 2 }
    var markdown: String
    var edge = Edge.none
    var key = ""
    /// A paragraph that does not end a sentence: the next page may go on with it.
    var goesOn = false
    /// A paragraph that starts in lowercase: it may go on from the last page.
    var goesOnFromBefore = false
    var kind = BlockKind.paragraph
    /// Headings: 1-6; the title: 0.
    var level = 0
    /// The block's place; two for a paragraph a page break cut, joined again.
    var places: [PiecePlace] = []
    /// Headings: their font as `size|flags` (`12|b`), "" when the page gave none (OCR).
    var style = ""
    /// Tables: the two lines of the header (`| a | b |` and `| --- | --- |`).
    var tableHeader = ""
    /// Tables: a continued part without a header of its own, whose empty `tableHeader` the header of
    /// the table it goes on with replaces.
    var headless = false

    /// A table's piece.
    static func table(_ table: Table, page: Int) -> MarkdownPiece {
        let (markdown, header) = MarkdownTables.rendered(table)
        var piece = MarkdownPiece(markdown: markdown)
        piece.kind = .table
        piece.places = [PiecePlace(page: page, box: table.box)]
        piece.tableHeader = header
        piece.headless = MarkdownTables.headless(table)
        return piece
    }

    /// Short texts only, in lowercase, digits as `#`, spaces collapsed; "" for a longer text.
    static func key(_ text: String) -> String {
        let words = text.split(whereSeparator: \.isWhitespace)
        guard !words.isEmpty, words.count <= 15 else { return "" }
        return words.map { String($0.lowercased().map { $0.isNumber ? "#" : $0 }) }.joined(separator: " ")
    }

    private static let kinds = BlockKind.allCases

    /// `edge goesOn goesOnFromBefore keyBytes markdownBytes kind level placesBytes styleBytes headless
    /// tableHeaderBytes\n` + key + markdown + places (`page x0 y0 x1 y1\n` each) + style + tableHeader.
    var stored: [UInt8] {
        let key = Array(key.utf8), md = Array(markdown.utf8), style = Array(style.utf8), header = Array(tableHeader.utf8)
        let places = Array(places.map { "\($0.page) \($0.box.x0) \($0.box.y0) \($0.box.x1) \($0.box.y1)\n" }.joined().utf8)
        let kindIndex = Self.kinds.firstIndex(of: kind) ?? 0
        let head = "\(edge.rawValue) \(goesOn ? 1 : 0) \(goesOnFromBefore ? 1 : 0) \(key.count) \(md.count) \(kindIndex) \(level) "
            + "\(places.count) \(style.count) \(headless ? 1 : 0) \(header.count)\n"
        return Array(head.utf8) + key + md + places + style + header
    }

    static func pieces(in stored: [UInt8]) -> [MarkdownPiece] {
        var pieces: [MarkdownPiece] = []
        var i = 0
        while i < stored.count, let end = stored[i...].firstIndex(of: 0x0A) {
            let f = String(decoding: stored[i..<end], as: UTF8.self).split(separator: " ").compactMap { Int($0) }
            guard f.count == 11 else { break }
            let sizes = [f[3], f[4], f[7], f[8], f[10]]
            guard sizes.allSatisfy({ $0 >= 0 && $0 <= stored.count }), end + 1 + sizes.reduce(0, +) <= stored.count else { break }
            let keyStart = end + 1, mdStart = keyStart + f[3], placesStart = mdStart + f[4], styleStart = placesStart + f[7]
            let headerStart = styleStart + f[8], next = headerStart + f[10]
            var piece = MarkdownPiece(markdown: String(decoding: stored[mdStart..<placesStart], as: UTF8.self))
            piece.edge = Edge(rawValue: f[0]) ?? .none
            piece.goesOn = f[1] == 1
            piece.goesOnFromBefore = f[2] == 1
            piece.key = String(decoding: stored[keyStart..<mdStart], as: UTF8.self)
            piece.kind = f[5] >= 0 && f[5] < kinds.count ? kinds[f[5]] : .paragraph
            piece.level = f[6]
            piece.style = String(decoding: stored[styleStart..<headerStart], as: UTF8.self)
            piece.headless = f[9] == 1
            piece.tableHeader = String(decoding: stored[headerStart..<next], as: UTF8.self)
            piece.places = String(decoding: stored[placesStart..<styleStart], as: UTF8.self).split(separator: "\n").compactMap { line in
                let n = line.split(separator: " ")
                guard n.count == 5, let page = Int(n[0]) else { return nil }
                let c = n.dropFirst().compactMap { Double($0) }
                return c.count == 4 ? PiecePlace(page: page, box: Box(x0: c[0], y0: c[1], x1: c[2], y1: c[3])) : nil
            }
            pieces.append(piece)
            i = next
        }
        return pieces
    }
}

/// The document-level pass over a document's blocks, which Markdown and chunks both read: a short
/// text that stands at the top (or bottom) of the body of many pages is a running header (or
/// footer) the pages alone did not recognise, and is left out; a paragraph cut by a page break (no
/// sentence end, the next page going on in lowercase) is one; and a heading without a section
/// number set in the font of the document's numbered headings of one depth is at that depth
/// (`Abstract` and `References` beside `1. Introduction`), wherever its page ranked it.
enum MarkdownDocument {
    static func write(_ pages: some Sequence<[UInt8]>, pageCount: Int, keepFurniture: Bool,
                      to sink: ([UInt8]) throws(UnifexError) -> Void) throws(UnifexError) {
        try pieces(pages, pageCount: pageCount, keepFurniture: keepFurniture) { piece throws(UnifexError) in
            try sink(Array(piece.markdown.utf8))
        }
    }

    /// The document's pieces in reading order, a page read back at a time (twice: once to find what
    /// repeats and how its headings are set, once to hand the pieces on).
    static func pieces(_ pages: some Sequence<[UInt8]>, pageCount: Int, keepFurniture: Bool,
                       each: (MarkdownPiece) throws(UnifexError) -> Void) throws(UnifexError) {
        var seen: [String: Int] = [:]
        var numbered: [String: [Int: Int]] = [:]   // heading font -> depth of its numbered headings -> count
        for page in pages {
            var onPage: Set<String> = []
            for piece in MarkdownPiece.pieces(in: page) {
                if piece.edge != .none && !piece.key.isEmpty { onPage.insert("\(piece.edge.rawValue)|\(piece.key)") }
                if piece.kind == .heading, !piece.style.isEmpty, let depth = HeadingLevels.sectionDepth(piece.markdown) {
                    numbered[piece.style, default: [:]][min(depth, 5), default: 0] += 1
                }
            }
            for key in onPage { seen[key, default: 0] += 1 }
        }
        var repeated: Set<String> = []
        if !keepFurniture && pageCount >= 2 {
            let least = max(2, (pageCount * 2 + 4) / 5)
            repeated = Set(seen.filter { $0.value >= least }.keys)
        }
        // Each font's depth: the one most of its numbered headings have.
        let depthOf = numbered.compactMapValues { depths in depths.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key }
        var pending: MarkdownPiece?
        // The header of the last table, and its page: a continued part without one repeats it.
        var lastTable: (header: String, page: Int)?
        for page in pages {
            var first = true
            for stored in MarkdownPiece.pieces(in: page) {
                var piece = stored
                if piece.edge != .none && repeated.contains("\(piece.edge.rawValue)|\(piece.key)") { continue }
                if piece.kind == .table {
                    Self.repeatHeader(into: &piece, from: lastTable)
                    lastTable = piece.places.first.map { (piece.tableHeader, $0.page) }
                }
                if piece.kind == .heading, let depth = depthOf[piece.style], HeadingLevels.sectionDepth(piece.markdown) == nil {
                    HeadingLevels.set(&piece, level: depth)
                }
                if first, var last = pending, last.goesOn, piece.goesOnFromBefore, last.markdown.hasSuffix("\n\n") {
                    // As lines of one paragraph meet: a word hyphenated across the page is one again.
                    last.markdown = TextJoin.joined(String(last.markdown.dropLast(2)), piece.markdown, words: .system)
                    last.goesOn = piece.goesOn
                    last.places += piece.places
                    pending = last
                    first = false
                    continue
                }
                first = false
                if let done = pending { try each(done) }
                pending = piece
            }
        }
        if let done = pending { try each(done) }
    }

    /// A continued part without header rows of its own takes the header of the table it goes on
    /// with, the last table of the page before, in place of its empty one: each part reads as the
    /// table it is, alone too (in a chunk).
    static func repeatHeader(into piece: inout MarkdownPiece, from last: (header: String, page: Int)?) {
        guard piece.headless, let last, let place = piece.places.first, last.page == place.page - 1,
              MarkdownTables.sameColumns(last.header, piece.tableHeader),
              let range = piece.markdown.range(of: piece.tableHeader) else { return }
        piece.markdown.replaceSubrange(range, with: last.header)
        piece.tableHeader = last.header
        piece.headless = false
    }
}

/// Headings' levels over a document.
enum HeadingLevels {
    /// The depth of the section number a heading's Markdown (`## 2.3 Methods`) starts with.
    static func sectionDepth(_ markdown: String) -> Int? {
        let text = markdown.drop { $0 == "#" }.drop { $0 == " " }
        guard let space = text.firstIndex(of: " ") else { return nil }
        return SectionNumber.parse(String(text[..<space]))
    }

    static func set(_ piece: inout MarkdownPiece, level: Int) {
        let level = min(max(level, 1), 6)
        guard level != piece.level else { return }
        let text = piece.markdown.drop { $0 == "#" }
        piece.markdown = String(repeating: "#", count: min(level + 1, 6)) + text
        piece.level = level
    }
}
