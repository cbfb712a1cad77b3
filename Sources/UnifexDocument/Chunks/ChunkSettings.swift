/// What `ux-merge --format chunks` cuts documents to: at most `tokens` tokens a chunk (its heading
/// path included), and `overlap` tokens of a chunk's end repeated at the start of the next one when
/// both are of one section.
public struct ChunkSettings: Sendable, Equatable {
    public static let defaultTokens = 512
    public var tokens: Int
    public var overlap: Int

    public init(tokens: Int = defaultTokens, overlap: Int = 0) {
        self.tokens = tokens; self.overlap = overlap
    }

    /// Why the settings cannot make chunks, if they cannot: a budget too small to hold a heading and
    /// a sentence's start, or an overlap that would leave no room for new text.
    public var problem: String? {
        if tokens < 16 { return "--chunk-tokens must be at least 16, not \(tokens)" }
        if overlap < 0 { return "--chunk-overlap must be 0 or more, not \(overlap)" }
        if overlap > tokens / 2 { return "--chunk-overlap must be at most half of --chunk-tokens (\(tokens / 2)), not \(overlap)" }
        return nil
    }
}

/// One chunk as ux-merge writes it.
struct Chunk: Equatable {
    /// The heading path the chunk is in, from the title down.
    var headings: [String]
    /// Markdown, starting with the heading path.
    var text: String
    var places: [PiecePlace]
    var tokens: Int
}
