public import UnifexCore
/// Page texts, each followed by a form feed, as pdftotext prints them.
public struct TextFormat: DocumentFormat {
    public init() {}
    public var name: String { "text" }
    public var fileExtension: String { "txt" }

    public func page(_ record: PageRecord) -> [UInt8] { Array((record["text"]?.stringValue ?? "").utf8) }

    /// pdftotext's page separator.
    public var pageTerminator: [UInt8] { [0x0C] }
}
