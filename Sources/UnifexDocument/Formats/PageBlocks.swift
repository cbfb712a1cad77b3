public import UnifexCore

/// A page's blocks as Markdown and chunks read them. A block of a kind this version does not know
/// (a newer ux-layout's, or another tool's: `quote`) is read as a paragraph, so that its text is
/// kept; ux-merge says so once per kind.
public enum PageBlocks {
    /// The record's blocks, nil when it has none.
    static func read(_ record: PageRecord) -> [Block]? {
        record["blocks"]?.arrayValue.map { values in
            values.compactMap { value in Block(value) ?? (unknownKind(value) == nil ? nil : asParagraph(value)) }
        }
    }

    /// The kinds of the record's blocks that are read as paragraphs because they are unknown, in
    /// the order they come, the first `limit` of them.
    public static func unknownKinds(in record: PageRecord, limit: Int = 10) -> [String] {
        var kinds: [String] = []
        var seen: Set<String> = []
        for value in record["blocks"]?.arrayValue ?? [] where kinds.count < limit {
            if let kind = unknownKind(value), !seen.contains(kind), asParagraph(value) != nil {
                seen.insert(kind)
                kinds.append(kind)
            }
        }
        return kinds
    }

    /// The block's kind, when it has one this version does not know.
    private static func unknownKind(_ value: JSONValue) -> String? {
        guard let kind = value.objectValue?["kind"]?.stringValue, BlockKind(rawValue: kind) == nil else { return nil }
        return kind
    }

    private static func asParagraph(_ value: JSONValue) -> Block? {
        guard var object = value.objectValue else { return nil }
        object["kind"] = .string(BlockKind.paragraph.rawValue)
        return Block(.object(object))
    }
}
