public import UnifexCore
/// One output format of ux-merge: its `--format` name, its file extension, and how it writes a
/// document from its pages.
///
/// A document is written a piece at a time and never held in memory whole: each page is turned
/// into its stored form (`page`) when it arrives and waits on disk; when the document is
/// complete, `write` puts the stored pages together. A new format is one new file with a type
/// conforming to this protocol, and one line in `DocumentFormats.all`.
public protocol DocumentFormat: Sendable {
    /// The value of `--format`.
    var name: String { get }
    /// The extension of the files `--output-dir` writes.
    var fileExtension: String { get }
    /// The stored form of one page record.
    func page(_ record: PageRecord) -> [UInt8]
    /// Writes a complete document: by default `prefix`, each stored page followed by
    /// `pageTerminator`, then `suffix`.
    func write(_ document: AssembledDocument, to sink: ([UInt8]) throws(UnifexError) -> Void) throws(UnifexError)
    /// What comes before the first page, given the document's header fields.
    func prefix(_ header: JSONObject) -> [UInt8]
    /// What follows each page.
    var pageTerminator: [UInt8] { get }
    /// What follows the last page.
    var suffix: [UInt8] { get }
    /// For a format that --output-dir writes as several files per document (CSV: one per
    /// table): each file's name suffix, after the document's path, and its contents. Nil: one file.
    func separateFiles(_ document: AssembledDocument) -> [(suffix: String, bytes: [UInt8])]?
    /// Whether the format writes ux-layout's blocks (rather than carrying them as they are, or
    /// not reading them): a block of a kind it does not know is then written as a paragraph.
    var readsBlocks: Bool { get }
    /// Whether the format writes boxes or sizes, which `--unit` converts.
    var writesCoordinates: Bool { get }
}

extension DocumentFormat {
    public func prefix(_ header: JSONObject) -> [UInt8] { [] }
    public var pageTerminator: [UInt8] { [] }
    public var suffix: [UInt8] { [] }
    public func separateFiles(_ document: AssembledDocument) -> [(suffix: String, bytes: [UInt8])]? { nil }
    public var readsBlocks: Bool { false }
    public var writesCoordinates: Bool { false }

    public func write(_ document: AssembledDocument, to sink: ([UInt8]) throws(UnifexError) -> Void) throws(UnifexError) {
        let prefix = prefix(document.header)
        if !prefix.isEmpty { try sink(prefix) }
        for page in document.storedPages() { try sink(page + pageTerminator) }
        let suffix = suffix
        if !suffix.isEmpty { try sink(suffix) }
    }
}

/// The formats ux-merge writes, in the order `--help` lists them.
public enum DocumentFormats {
    public static let all: [any DocumentFormat] = [
        JSONFormat(), TextFormat(), MarkdownFormat(), TSVFormat(), HOCRFormat(), DataFormat(),
        CSVFormat(), ChunkFormat(),
    ]

    /// The format called `name`, if there is one.
    public static func named(_ name: String) -> (any DocumentFormat)? { all.first { $0.name == name } }
}
