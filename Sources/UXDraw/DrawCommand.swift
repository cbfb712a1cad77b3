public import UXShared
import Foundation
import UnifexCore
import UnifexDraw
import UnifexOCR
import UnifexPDF

public struct DrawCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ux-draw",
        abstract: "Draw what the records hold over each page: one PNG per page, and a batch as a page to browse.",
        discussion: """
            Reads page records (any tool's output) and writes one PNG per page into the output \
            folder, named like the document with `.p<page>.png` (`scans/a.pdf` page 3: \
            `draw/scans/a.pdf.p3.png`): the page as poppler renders it (an image page as it is) \
            with what the record holds drawn over it: words and lines as thin boxes (OCR words \
            shaded by confidence, red under 60%), blocks framed in their kind's colour with their \
            place in reading order and kind, tables with their cell grid (spanning cells tinted), \
            and in the top right corner the text-layer verdict and the OCR resolution. Records \
            pass through to stdout unchanged, so ux-draw can sit anywhere in a pipeline.

            With --html it also writes index.html into the folder: the documents with their \
            status, their pages as thumbnails, a page opened large beside its text (or its \
            Markdown, when it has blocks), and with --report the batch's summary. It is one \
            static file that works offline, from disk.

            Examples:
              ux-split paper.pdf | ux-text | ux-layout | ux-table | ux-draw > /dev/null
              ux-split scans/*.pdf | ux-text | ux-ocr | ux-draw --html | ux-merge --report r.json --output-dir out
              ux-draw --html --report r.json --show blocks,tables < pages.jsonl > /dev/null

            \(exitStatusHelp)
            """,
        version: unifexVersion)

    @OptionGroup public var stageOptions: PageStageOptions

    @Option(help: "What to draw, comma-separated: words, lines, blocks, tables.")
    var show = ShowOption(Set(Layer.allCases))

    @Option(help: "Resolution of the pictures (100 is about a screen's size).")
    var dpi = 100.0

    @Option(name: .customLong("output-dir"), help: "Folder the pictures (and index.html) are written into.")
    var outputDir = "draw"

    @Flag(help: "Also write index.html: the batch as one page to browse, offline.")
    var html = false

    @Option(help: "A batch report of ux-merge to summarise in index.html (repeat for one per host or shard).")
    var report: [String] = []

    @Option(help: timeoutHelp)
    public var timeout = PageTimeout(60)

    @OptionGroup var password: PasswordOption

    public init() {}

    public mutating func validate() throws {
        guard dpi.isFinite, (10...600).contains(dpi) else { throw ValidationError("--dpi must be between 10 and 600") }
        try PathArgument.check(outputDir, option: "--output-dir")
        guard report.isEmpty || html else { throw ValidationError("--report is shown in index.html: give --html too") }
    }

    public func run() throws { runStage() }
}

extension DrawCommand: PageStage {
    public static var stage: String { StageName.draw }
    public var passwordOption: PasswordOption? { password }
    public var libraryVersions: [String: String] { PDFTextDocument.libraryVersions.merging(ImageFile.libraryVersions) { a, _ in a } }

    /// Pages read ok; document errors and failed pages pass through (and are listed in index.html).
    public func wants(_ record: PageRecord) -> Bool {
        record.status == .ok && record.page != nil && record.doc != nil
    }

    public func makePage(_ context: PageContext) -> (PageRecord) -> PageRecord {
        let documents = context.documents(open: { path, password throws(UnifexError) in
            try PDFTextDocument(path: path, password: password)
        }, pageCount: { $0.pageCount })
        let settings = DrawSettings(show: show.layers, dpi: dpi, outputDir: outputDir)
        return { record in drawPage(record, documents, settings, context) }
    }

    public func written(_ record: PageRecord) {
        if html { batchSeen.add(record) }
    }

    public func finishing(_ status: ExitStatus) -> ExitStatus {
        guard html else { return status }
        return writeIndex(batchSeen, reports: report, outputDir: outputDir) ? status : status.worst(.ioError)
    }
}

/// `--show words,lines,blocks,tables`.
struct ShowOption: ExpressibleByArgument, Sendable {
    var layers: Set<Layer>
    init(_ layers: Set<Layer>) { self.layers = layers }
    init?(argument: String) {
        let parts = argument.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let layers = parts.compactMap(Layer.init(rawValue:))
        guard !parts.isEmpty, layers.count == parts.count else { return nil }
        self.layers = Set(layers)
    }
    var defaultValueDescription: String { Layer.allCases.map(\.rawValue).joined(separator: ",") }
}
