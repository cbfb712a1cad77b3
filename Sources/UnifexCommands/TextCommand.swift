public import ArgumentParser
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
            """)

    @OptionGroup var concurrency: ConcurrencyOptions

    @Option(help: "Seconds one page may take before it becomes a timeout record (0: no limit).")
    var timeout: Double = 60

    @Option(help: "Password for encrypted PDFs (default: $UNIFEX_PASSWORD).")
    var password: String?

    public init() {}

    public func run() throws {
        let password = resolvePassword(password)
        let options = RecordPipeline.Options(stage: "text", jobs: concurrency.jobs, timeout: timeout > 0 ? timeout : nil)
        let status = RecordPipeline.run(options, wants: { record in
            record.status == .ok && record.source == "pdf" && record.page != nil
        }, makeWorker: {
            let documents = DocumentCache(password: password, stage: "text")
            return { record in extractTextLayer(record, documents) }
        })
        finish(status)
    }
}

func extractTextLayer(_ input: PageRecord, _ documents: DocumentCache) -> PageRecord {
    var record = input
    do {
        // Loading the document and page can report damage too; it belongs to this page.
        let (loaded, loadWarnings) = PopplerLog.collecting { () -> Result<PDFPage, RecordError> in
            do throws(RecordError) { return .success(try documents.page(of: record)) } catch { return .failure(error) }
        }
        let page = try loaded.get()
        let (text, textWarnings) = page.text()
        let warnings = loadWarnings + textWarnings
        text.apply(to: &record)
        record["text_source"] = .string("pdf")
        record["text_layer"] = TextLayerQuality(text: text.text).json
        record.addWarnings(warnings)
        if !warnings.isEmpty { record["damaged"] = .bool(true) }
    } catch {
        record.fail(.error, error)
    }
    return record
}

/// The document a worker thread has open, kept while consecutive records come from it.
/// One per thread: poppler documents must never cross threads.
final class DocumentCache {
    private let password: String?
    private let stage: String
    private var current: (path: String, document: PDFDocument)?

    init(password: String?, stage: String) {
        self.password = password
        self.stage = stage
    }

    func page(of record: PageRecord) throws(RecordError) -> PDFPage {
        guard let path = record.doc, let number = record.page else {
            throw RecordError(stage: stage, code: "bad-record", message: "record has no document or page")
        }
        if current?.path != path {
            current = nil
            do {
                current = (path, try PDFDocument(path: path, password: password))
            } catch {
                throw RecordError(stage: stage, code: error.code, message: error.message)
            }
        }
        guard let page = current!.document.page(number) else {
            throw RecordError(stage: stage, code: "bad-record",
                              message: "page \(number) is out of range (document has \(current!.document.pageCount))")
        }
        return page
    }
}
