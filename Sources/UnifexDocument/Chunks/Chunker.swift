/// Cuts a document's pieces, in reading order, into chunks that follow its structure:
///
/// - a chunk starts with its heading path (`# Title`, `## 2 Methods`, ...), so it reads on its own;
/// - a heading of the chunk's own level or higher ends it; a deeper one (a subsection) joins it when
///   the subsection's first part fits too, so short sections are not chunks of a few words;
/// - a paragraph, a list with the paragraph that introduces it, a table with its caption go into one
///   chunk whole when they fit in one; one that does not is cut at sentence ends (list items, table
///   rows with the header row repeated), a sentence longer than a chunk at spaces;
/// - furniture and pictures are left out.
///
/// Holds one chunk and the few pieces a list or a table is gathered from: memory stays flat however
/// long the document.
struct Chunker {
    let settings: ChunkSettings
    /// Chunks finished, for the caller to take.
    var ready: [Chunk] = []

    private struct Heading {
        var level: Int
        var text: String
        var markdown: String
        var places: [PiecePlace]
    }

    private var path: [Heading] = []
    /// Headings met since the last text, not yet in a chunk.
    private var pendingHeadings: [Heading] = []
    /// The pieces a list or a table is being gathered from, and their tokens.
    private var held: [MarkdownPiece] = []
    private var heldTokens = 0

    // The open chunk.
    private var open = false
    private var chunkPath: [Heading] = []
    private var prefix = ""
    private var body = ""
    private var tokens = 0
    private var places: [PiecePlace] = []
    /// The end of the last chunk, to start the next one with (`overlap`).
    private var carry = ""

    init(settings: ChunkSettings) { self.settings = settings }

    mutating func add(_ piece: MarkdownPiece) {
        if piece.kind.isFurniture || piece.kind == .figure || piece.markdown.allSatisfy(\.isWhitespace) { return }
        if let last = held.last {
            let gathering = held.contains { $0.kind == .listItem } || last.kind == .paragraph
            if gathering && piece.kind == .listItem {
                // A list of several chunks is placed a few chunks at a time, not gathered whole in
                // memory: it is cut between items anyway (its introduction went with its first items).
                if heldTokens > 4 * settings.tokens && held.contains(where: { $0.kind == .listItem }) { releaseHeld() }
                hold(piece)
                return
            }
            if last.kind == .caption && held.count == 1 && piece.kind == .table { hold(piece); return }
            if last.kind == .table && piece.kind == .caption && held.first?.kind != .caption {
                hold(piece)
                releaseHeld()
                return
            }
            releaseHeld()
        }
        switch piece.kind {
        case .title, .heading: heading(piece)
        case .paragraph, .caption, .listItem, .table: hold(piece)
        default: place(ChunkUnit.text(piece))
        }
    }

    /// Ends the document: what is held and open becomes chunks.
    mutating func finish() {
        releaseHeld()
        settlePendingHeadings()
        flush(overlap: false)
    }

    /// Headings with no text of their own after them (the document ends, or a heading of their level
    /// comes next): into the open chunk when they fit, else a chunk of their own, so none is lost.
    private mutating func settlePendingHeadings() {
        guard !pendingHeadings.isEmpty else { return }
        let markdown = pendingHeadings.map(\.markdown).joined()
        if open && tokens + TokenEstimate.count(markdown) <= settings.tokens {
            append(markdown, pendingHeadings.flatMap(\.places))
            pendingHeadings = []
        } else {
            flush(overlap: false)
            startChunk(before: 0)
            flush(overlap: false, evenEmpty: true)
        }
    }

    private mutating func hold(_ piece: MarkdownPiece) {
        held.append(piece)
        heldTokens += TokenEstimate.count(piece.markdown)
    }

    private mutating func releaseHeld() {
        guard !held.isEmpty else { return }
        let group = held
        held = []
        heldTokens = 0
        if let t = group.firstIndex(where: { $0.kind == .table }) {
            place(ChunkUnit.table(group[t], captionBefore: t > 0 ? group[0] : nil,
                                  captionAfter: t + 1 < group.count ? group[t + 1] : nil))
        } else if group.contains(where: { $0.kind == .listItem }) {
            let intro = group[0].kind == .listItem ? nil : group[0]
            place(ChunkUnit.list(intro: intro, items: Array(group.dropFirst(intro == nil ? 0 : 1))))
        } else {
            for piece in group { place(ChunkUnit.text(piece)) }
        }
    }

    private mutating func heading(_ piece: MarkdownPiece) {
        let level = piece.kind == .title ? 0 : max(1, piece.level)
        let text = String(piece.markdown.drop { $0 == "#" || $0 == " " }).trimmingWhitespace()
        if pendingHeadings.contains(where: { $0.level >= level }) { settlePendingHeadings() }
        while let last = path.last, last.level >= level { path.removeLast() }
        let heading = Heading(level: level, text: text, markdown: piece.markdown, places: piece.places)
        path.append(heading)
        carry = ""
        // A heading of the chunk's own level or higher ends it; before any heading, every one does.
        if open && level <= (chunkPath.last?.level ?? Int.max) { flush(overlap: false) }
        pendingHeadings.append(heading)
    }

    private mutating func place(_ unit: ChunkUnit) {
        guard !unit.atoms.isEmpty else { return }
        let size = unit.atoms.reduce(0) { $0 + $1.tokens }
        if open && !pendingHeadings.isEmpty {
            let markdown = pendingHeadings.map(\.markdown).joined()
            if tokens + TokenEstimate.count(markdown) + size <= settings.tokens {
                append(markdown, pendingHeadings.flatMap(\.places))
                pendingHeadings = []
                append(unit.markdown, unit.places)
                return
            }
            flush(overlap: false)
        }
        if open && tokens + size <= settings.tokens { append(unit.markdown, unit.places); return }
        if open { flush(overlap: true) }
        startChunk(before: size)
        if tokens + size <= settings.tokens { append(unit.markdown, unit.places); return }
        pack(unit)
    }

    /// A unit larger than a chunk, cut between its atoms (glued ones kept together while they fit).
    private mutating func pack(_ unit: ChunkUnit) {
        let capacity = settings.tokens - TokenEstimate.count(prefix)
        var runs: [(atoms: [ChunkAtom], first: Int)] = []
        for (i, atom) in unit.atoms.enumerated() {
            if let last = runs.last, last.atoms.last?.glued == true,
               last.atoms.reduce(0, { $0 + $1.tokens }) + atom.tokens <= capacity {
                runs[runs.count - 1].atoms.append(atom)
            } else {
                runs.append(([atom], i))
            }
        }
        let continuationTokens = TokenEstimate.count(unit.continuation)
        for run in runs {
            let markdown = run.atoms.map(\.markdown).joined()
            let size = TokenEstimate.count(markdown)
            let runPlaces = run.atoms.flatMap(\.places)
            if tokens + size <= settings.tokens { append(markdown, runPlaces); continue }
            let continues = unit.continues.contains(run.first)
            // A table's next rows start again from its header rows, not from the last rows' words.
            flush(overlap: !continues)
            startChunk(before: size)
            if continues, continuationTokens <= capacity / 2 { append(unit.continuation, []) }
            if tokens + size <= settings.tokens { append(markdown, runPlaces); continue }
            cut(markdown, runPlaces)
        }
    }

    /// Text longer than what a chunk holds: cut at spaces, a word longer than a chunk anywhere.
    private mutating func cut(_ text: String, _ textPlaces: [PiecePlace]) {
        var words: [Substring] = []
        var start = text.startIndex
        for i in text.indices where text[i] == " " {
            words.append(text[start...i])
            start = text.index(after: i)
        }
        if start < text.endIndex { words.append(text[start...]) }
        for word in words {
            var rest = Substring(word)
            while !rest.isEmpty {
                let size = TokenEstimate.count(rest)
                if tokens + size <= settings.tokens { append(String(rest), textPlaces); break }
                let room = settings.tokens - tokens
                if room >= TokenEstimate.mostPerCharacter && size > settings.tokens - TokenEstimate.count(prefix) {
                    // No character counts more than `mostPerCharacter` tokens: so many always fit.
                    // (A character of many scalars, an emoji sequence, may count more: halve until it fits.)
                    var piece = rest.prefix(max(1, room / TokenEstimate.mostPerCharacter))
                    while piece.count > 1, TokenEstimate.count(piece) > room { piece = piece.prefix(piece.count / 2) }
                    append(String(piece), textPlaces)
                    rest = rest.dropFirst(piece.count)
                }
                flush(overlap: false)
                startChunk(before: 0)
            }
        }
    }

    /// Opens a chunk in the current section: the heading path, then what the last chunk carried over
    /// when it and `size` tokens still fit.
    private mutating func startChunk(before size: Int) {
        open = true
        chunkPath = path
        prefix = Self.prefix(path, budget: settings.tokens)
        body = ""
        tokens = TokenEstimate.count(prefix)
        places = pendingHeadings.flatMap(\.places)
        pendingHeadings = []
        let carried = TokenEstimate.count(carry)
        if !carry.isEmpty && tokens + carried + size <= settings.tokens {
            body = carry
            tokens += carried
        }
        carry = ""
    }

    private mutating func append(_ markdown: String, _ more: [PiecePlace]) {
        body += markdown
        tokens += TokenEstimate.count(markdown)
        for place in more where !places.contains(place) { places.append(place) }
    }

    private mutating func flush(overlap: Bool, evenEmpty: Bool = false) {
        guard open else { return }
        open = false
        guard evenEmpty || !body.allSatisfy(\.isWhitespace) else { return }
        let text = ChunkUnit.trimmedEnd(prefix + body)
        ready.append(Chunk(headings: chunkPath.map(\.text), text: text, places: places, tokens: TokenEstimate.count(text)))
        carry = overlap && settings.overlap > 0 ? Self.tail(body, tokens: settings.overlap) : ""
    }

    /// The last words of a text, as many as fit in `tokens`; none after a table or code, whose
    /// words out of their rows and lines would read as neither.
    static func tail(_ text: String, tokens: Int) -> String {
        let lastLine = text.split(separator: "\n").last ?? ""
        if lastLine.hasPrefix("|") || lastLine.hasPrefix("```") || lastLine.hasPrefix("~~~~") { return "" }
        var words: [Substring] = []
        var used = 0
        for word in text.split(whereSeparator: \.isWhitespace).reversed() {
            let size = TokenEstimate.count(word)
            guard used + size <= tokens else { break }
            used += size
            words.append(word)
        }
        return words.isEmpty ? "" : words.reversed().joined(separator: " ") + " "
    }

    /// The heading path as Markdown; the outer headings left out while it takes more than half a
    /// chunk (a heading alone that does is cut).
    private static func prefix(_ path: [Heading], budget: Int) -> String {
        var kept = path[...]
        while kept.count > 1, TokenEstimate.count(kept.map(\.markdown).joined()) > budget / 2 { kept = kept.dropFirst() }
        let markdown = kept.map(\.markdown).joined()
        guard TokenEstimate.count(markdown) > budget / 2 else { return markdown }
        return String(markdown.prefix(budget / 4 - 2)) + "\n\n"
    }
}
