public import UXShared
import Foundation
import UnifexCore
import UnifexPDF

public struct TextCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ux-text",
        abstract: "Add the PDF text layer (text, words and lines with boxes) to page records.",
        discussion: """
            Reads page records on stdin and writes them to stdout in the same order with `text`, \
            `words`, `lines` and a `text_layer` verdict added. Pages whose text layer is missing \
            or unusable are marked (`text_layer.usable: false`) so that ux-ocr OCRs just those. \
            Image pages and failed records pass through unchanged.

            Examples:
              ux-split paper.pdf | ux-text | ux-merge --format text
              ux-split corpus/*.pdf | ux-text -j2 --timeout 30 > pages.ndjson
              ux-split scans/*.pdf | ux-text | ux-ocr | ux-merge --output-dir out

            \(exitStatusHelp)
            """,
        version: unifexVersion)

    @OptionGroup public var stageOptions: PageStageOptions

    @Option(help: timeoutHelp)
    public var timeout = PageTimeout(60)

    @OptionGroup var password: PasswordOption

    @Flag(help: "Also add every character with its box, font name and size (`chars`).")
    var chars = false

    public init() {}

    public func run() throws { runStage() }
}

extension TextCommand: PageStage {
    public static var stage: String { StageName.text }
    public var passwordOption: PasswordOption? { password }
    public var libraryVersions: [String: String] { PDFTextDocument.libraryVersions }

    /// Ok pages of PDFs; image pages and failed records pass through.
    public func wants(_ record: PageRecord) -> Bool {
        record.status == .ok && record.source == RecordSource.pdf && record.page != nil
    }

    public func makePage(_ context: PageContext) -> (PageRecord) -> PageRecord {
        let documents = context.documents(open: { path, password throws(UnifexError) in
            try PDFTextDocument(path: path, password: password)
        }, pageCount: { $0.pageCount })
        let characters = chars
        return { record in extractTextLayer(record, documents, context, characters: characters) }
    }

    public func written(_ record: PageRecord) {
        guard record["text_layer"]?.objectValue?["reason"]?.stringValue == TextLayerReason.missingFontData,
              let report = PopplerReports(record.warnings).missingData.first else { return }
        Self.notice.notice(report, at: record.location)
    }

    static let notice = MissingDataNotice(consequence: "those pages lack that text and are marked missing-font-data")
}
