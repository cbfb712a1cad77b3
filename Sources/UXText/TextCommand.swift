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

    @OptionGroup var concurrency: ConcurrencyOptions
    @OptionGroup var progressOptions: ProgressOptions
    @OptionGroup var executorOptions: ExecutorOptions
    @OptionGroup var strictOptions: StrictOptions

    @Option(help: timeoutHelp)
    var timeout = PageTimeout(60)

    @Option(help: "Password for encrypted PDFs (default: $UNIFEX_PASSWORD).")
    var password: String?

    @Flag(help: "Also add every character with its box, font name and size (`chars`).")
    var chars = false

    public init() {}

    public func run() throws {
        let password = resolvePassword(password)
        let deadline = timeout.seconds
        let characters = chars
        let strict = strictOptions.strict
        let makeWorker: @Sendable () -> (PageRecord) -> PageRecord = {
            let documents = OpenDocuments(stage: "text", open: { path throws(RecordError) in
                try PDFTextDocument(path: path, password: password, stage: "text")
            }, pageCount: { $0.pageCount })
            return { record in
                var page = extractTextLayer(record, documents, deadline: deadline, characters: characters)
                if strict { page.failIfDamaged(stage: "text") }
                return page
            }
        }
        if executorOptions.workerProcess { RecordPipeline.serveWorker(stage: "text", makeWorker: makeWorker) }
        let progress = progressOptions.reporter(tool: "ux-text")
        progress.setLibraries(PDFTextDocument.libraryVersions)
        let options = RecordPipeline.Options(stage: "text", jobs: concurrency.jobs, timeout: deadline,
                                             progress: progress,
                                             executor: executorOptions.executor,
                                             workerArguments: executorOptions.workerArguments)
        let notice = MissingDataNotice(consequence: "those pages lack that text and are marked missing-font-data")
        let status = RecordPipeline.run(options, wants: { record in
            record.status == .ok && record.source == "pdf" && record.page != nil
        }, makeWorker: makeWorker, written: { record in
            guard record["text_layer"]?.objectValue?["reason"]?.stringValue == "missing-font-data",
                  let report = PopplerReports(record.warnings).missingData.first else { return }
            notice.notice(report, at: record.location)
        })
        finish(status)
    }
}

func extractTextLayer(_ input: PageRecord, _ documents: OpenDocuments<PDFTextDocument>, deadline: Double?,
                      characters: Bool = false) -> PageRecord {
    var record = input
    let started = Date.timeIntervalSinceReferenceDate
    do throws(RecordError) {
        let (document, page) = try documents.open(for: record)
        guard let layer = document.textLayer(page: page, deadline: deadline, characters: characters) else {
            throw RecordError(stage: "text", code: "damaged", message: "page \(page) cannot be loaded")
        }
        let reports = layer.reports
        record.addWarnings(reports.messages)
        if reports.damaged { record["damaged"] = .bool(true) }
        if layer.aborted {
            record.fail(.timeout, RecordError(stage: "text", code: "timeout",
                                              message: "page took longer than \(Int(deadline ?? 0)) s; gave up on it"))
            return record
        }
        layer.text.apply(to: &record)
        if characters {
            record["chars"] = .array(layer.glyphs.map { g in
                .object(JSONObject([("text", .string(g.text)), ("box", g.box.json), ("font", .string(g.font)),
                                    ("size", .double(g.size)), ("word", .int(g.word))]))
            })
        }
        record["text_source"] = .string("pdf")
        let missingFontData = !reports.missingData.isEmpty
        var quality = TextLayerQuality(text: layer.text.text, missingFontData: missingFontData)
        // The coverage pass spends what is left of the page's one --timeout, not a second one.
        let remaining = deadline.map { $0 - (Date.timeIntervalSinceReferenceDate - started) }
        if quality.wantsImageCoverage, remaining.map({ $0 > 0 }) ?? true,
           let coverage = document.imageCoverage(page: page, deadline: remaining) {
            quality = TextLayerQuality(text: layer.text.text, imageCoverage: coverage, missingFontData: missingFontData)
        }
        record["text_layer"] = quality.json
    } catch {
        record.fail(.error, error)
    }
    return record
}
