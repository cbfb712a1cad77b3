import UnifexCore

/// One block's Markdown as a page is stored until its document is complete, with what the
/// document-level pass decides from: whether it is at the top or bottom of its page's body, its
/// text reduced to a key (`page 3 of 12` and `page 4 of 12` are one), and whether a paragraph may go
/// on across the page break.
struct MarkdownPiece: Equatable {
    enum Edge: Int { case none = 0, top = 1, bottom = 2 }
    var markdown: String
    var edge = Edge.none
    var key = ""
    /// A paragraph that does not end a sentence: the next page may go on with it.
    var goesOn = false
    /// A paragraph that starts in lowercase: it may go on from the last page.
    var goesOnFromBefore = false

    /// Short texts only, in lowercase, digits as `#`, spaces collapsed; "" for a longer text.
    static func key(_ text: String) -> String {
        let words = text.split(whereSeparator: \.isWhitespace)
        guard !words.isEmpty, words.count <= 15 else { return "" }
        return words.map { String($0.lowercased().map { $0.isNumber ? "#" : $0 }) }.joined(separator: " ")
    }

    /// `edge goesOn goesOnFromBefore keyBytes markdownBytes\n` + key + markdown.
    var stored: [UInt8] {
        let key = Array(key.utf8), md = Array(markdown.utf8)
        return Array("\(edge.rawValue) \(goesOn ? 1 : 0) \(goesOnFromBefore ? 1 : 0) \(key.count) \(md.count)\n".utf8) + key + md
    }

    static func pieces(in stored: [UInt8]) -> [MarkdownPiece] {
        var pieces: [MarkdownPiece] = []
        var i = 0
        while i < stored.count, let end = stored[i...].firstIndex(of: 0x0A) {
            let f = String(decoding: stored[i..<end], as: UTF8.self).split(separator: " ").compactMap { Int($0) }
            guard f.count == 5, f[3] >= 0, f[4] >= 0, f[3] <= stored.count, f[4] <= stored.count,
                  end + 1 + f[3] + f[4] <= stored.count else { break }
            let keyStart = end + 1, mdStart = keyStart + f[3]
            var piece = MarkdownPiece(markdown: String(decoding: stored[mdStart..<(mdStart + f[4])], as: UTF8.self))
            piece.edge = Edge(rawValue: f[0]) ?? .none
            piece.goesOn = f[1] == 1
            piece.goesOnFromBefore = f[2] == 1
            piece.key = String(decoding: stored[keyStart..<mdStart], as: UTF8.self)
            pieces.append(piece)
            i = mdStart + f[4]
        }
        return pieces
    }
}

/// The document-level pass of Markdown: a short text that stands at the top (or bottom) of the body
/// of many pages is a running header (or footer) the pages alone did not recognise, and is left out;
/// a paragraph cut by a page break (no sentence end, the next page going on in lowercase) is one.
enum MarkdownDocument {
    static func write(_ pages: some Sequence<[UInt8]>, pageCount: Int, keepFurniture: Bool,
                      to sink: ([UInt8]) throws(UnifexError) -> Void) throws(UnifexError) {
        var repeated: Set<String> = []
        if !keepFurniture && pageCount >= 2 {
            var seen: [String: Int] = [:]
            for page in pages {
                var onPage: Set<String> = []
                for piece in MarkdownPiece.pieces(in: page) where piece.edge != .none && !piece.key.isEmpty {
                    onPage.insert("\(piece.edge.rawValue)|\(piece.key)")
                }
                for key in onPage { seen[key, default: 0] += 1 }
            }
            let least = max(2, (pageCount * 2 + 4) / 5)
            repeated = Set(seen.filter { $0.value >= least }.keys)
        }
        var pending: MarkdownPiece?
        for page in pages {
            var first = true
            for piece in MarkdownPiece.pieces(in: page) {
                if piece.edge != .none && repeated.contains("\(piece.edge.rawValue)|\(piece.key)") { continue }
                if first, var last = pending, last.goesOn, piece.goesOnFromBefore, last.markdown.hasSuffix("\n\n") {
                    last.markdown = String(last.markdown.dropLast(2)) + " " + piece.markdown
                    last.goesOn = piece.goesOn
                    pending = last
                    first = false
                    continue
                }
                first = false
                if let done = pending { try sink(Array(done.markdown.utf8)) }
                pending = piece
            }
        }
        if let done = pending { try sink(Array(done.markdown.utf8)) }
    }
}
