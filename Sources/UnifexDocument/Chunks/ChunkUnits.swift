/// A part of a chunk that is never cut: a sentence, a list item, a table row. `glued`: no chunk
/// ends after it while the part after it fits with it (a list's introducing sentence and its first
/// item, a caption and its table).
struct ChunkAtom {
    var markdown: String
    var places: [PiecePlace]
    var glued = false
    var tokens: Int { TokenEstimate.count(markdown) }
}

/// What stays in one chunk when it fits: a paragraph, a list with the paragraph that introduces it,
/// a table with its caption. One that does not fit is cut between its atoms; `continuation` starts
/// each further chunk it spans (a table's header rows).
struct ChunkUnit {
    var atoms: [ChunkAtom]
    var continuation = ""
    /// The atoms a chunk may start at with `continuation` before them (a table's rows).
    var continues: Range<Int> = 0..<0

    var markdown: String { atoms.map(\.markdown).joined() }
    var places: [PiecePlace] { atoms.flatMap(\.places) }

    /// A paragraph, caption, footnote or formula: its sentences; code: its lines.
    static func text(_ piece: MarkdownPiece, gluedAtEnd: Bool = false) -> [ChunkAtom] {
        var body = piece.markdown
        while body.hasSuffix("\n") { body.removeLast() }
        let parts: [String]
        if piece.kind == .code {
            parts = body.split(separator: "\n", omittingEmptySubsequences: false).map { $0 + "\n" }
        } else {
            parts = Sentences.split(body).map { $0 + " " }
        }
        var atoms = parts.map { ChunkAtom(markdown: $0, places: piece.places) }
        guard !atoms.isEmpty else { return [] }
        atoms[atoms.count - 1].markdown = trimmedEnd(atoms[atoms.count - 1].markdown) + "\n\n"
        atoms[atoms.count - 1].glued = gluedAtEnd
        return atoms
    }

    static func text(_ piece: MarkdownPiece) -> ChunkUnit { ChunkUnit(atoms: text(piece, gluedAtEnd: false)) }

    /// List items, after the paragraph that introduces them if there is one.
    static func list(intro: MarkdownPiece?, items: [MarkdownPiece]) -> ChunkUnit {
        var atoms = intro.map { text($0, gluedAtEnd: true) } ?? []
        atoms += items.map { ChunkAtom(markdown: $0.markdown, places: $0.places) }
        return ChunkUnit(atoms: atoms)
    }

    /// A table: lines of text above its grid, the header row and each row an atom; its caption
    /// before or after it glued to it. Further chunks of it start with the header row again.
    static func table(_ table: MarkdownPiece, captionBefore: MarkdownPiece?, captionAfter: MarkdownPiece?) -> ChunkUnit {
        var atoms = captionBefore.map { text($0, gluedAtEnd: true) } ?? []
        let lines = table.markdown.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let titles = lines.prefix { !$0.hasPrefix("|") }
        let grid = lines.dropFirst(titles.count)
        var continuation = ""
        var continues = 0..<0
        if !titles.isEmpty {
            atoms.append(ChunkAtom(markdown: titles.map { $0 + "\n\n" }.joined(), places: table.places, glued: true))
        }
        if grid.count >= 2 {
            continuation = grid.prefix(2).map { $0 + "\n" }.joined()
            atoms.append(ChunkAtom(markdown: continuation, places: table.places, glued: true))
            atoms += grid.dropFirst(2).map { ChunkAtom(markdown: $0 + "\n", places: table.places) }
            continues = (atoms.count - (grid.count - 2))..<atoms.count
        } else {
            atoms += grid.map { ChunkAtom(markdown: $0 + "\n", places: table.places) }
        }
        guard !atoms.isEmpty else { return ChunkUnit(atoms: []) }
        atoms[atoms.count - 1].markdown += "\n"
        if let captionAfter {
            atoms[atoms.count - 1].glued = true
            atoms += text(captionAfter, gluedAtEnd: false)
        }
        return ChunkUnit(atoms: atoms, continuation: continuation, continues: continues)
    }

    static func trimmedEnd(_ text: String) -> String {
        var t = Substring(text)
        while let last = t.last, last.isWhitespace { t.removeLast() }
        return String(t)
    }
}
