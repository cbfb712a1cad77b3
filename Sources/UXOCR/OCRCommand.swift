public import UXShared
import Foundation
import UnifexCore
import UnifexOCR
import UnifexPDF

public struct OCRCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ux-ocr",
        abstract: "OCR page records with tesseract: text, words and lines with boxes and confidences.",
        discussion: """
            Reads page records on stdin and writes them to stdout in the same order. PDF pages are \
            rendered with poppler at --dpi, image pages are read with leptonica, and tesseract adds \
            `text`, `words` and `lines` (boxes in points, top-left origin, the page as displayed; \
            word confidences 0-1), `"text_source": "ocr"` and an `ocr` object saying how \
            (dpi, lang, psm, orientation, skew, downscaled).

            Pages are OCRed when their record has no `text_layer` (straight from ux-split, image \
            pages) or ux-text found it unusable; pages with a usable text layer, pages already \
            OCRed and failed records pass through unchanged. --force OCRs every ok page. A page \
            with no text becomes an ok record with empty text and `"blank": true`. A page that \
            cannot be read becomes an error record (stage "ocr") and the batch goes on; a page \
            over --timeout becomes a timeout record with no text.

            Examples:
              ux-split scans/*.pdf | ux-ocr -j2 | ux-merge --format text
              ux-split mixed.pdf | ux-text | ux-ocr -l eng+deu | ux-merge --output-dir out
              ux-split photos/*.jpg crooked-scan.pdf | ux-ocr --rotate --deskew > pages.ndjson

            \(exitStatusHelp)
            """,
        version: unifexVersion)

    @OptionGroup var concurrency: ConcurrencyOptions
    @OptionGroup var progressOptions: ProgressOptions
    @OptionGroup var executorOptions: ExecutorOptions
    @OptionGroup var strictOptions: StrictOptions

    @Option(name: [.customShort("l"), .customLong("language")],
            help: "Tesseract languages, joined with '+' (e.g. eng+deu).")
    var language: String = "eng"

    @Option(help: "Tesseract page segmentation mode: 1 or 3-13 (3: fully automatic; 6: one block of text).")
    var psm: Int = 3

    @Option(help: "Resolution PDF pages are rendered at.")
    var dpi: Int = 300

    @Option(name: .customLong("max-pixels"),
            help: "Largest image OCRed, in pixels (e.g. 100M); bigger pages are rendered or scaled down to fit.")
    var maxPixels: PixelCount = PixelCount(100_000_000)

    @Flag(help: "Detect each page's orientation (tesseract OSD) and OCR it upright.")
    var rotate = false

    @Flag(help: "Straighten pages whose text lines slope (skewed scans) before OCR; boxes stay on the page as given.")
    var deskew = false

    @Flag(help: "OCR every ok page, even those with a usable text layer or already OCRed.")
    var force = false

    @Option(help: timeoutHelp)
    var timeout = PageTimeout(180)

    @Option(help: "Password for encrypted PDFs (default: $UNIFEX_PASSWORD).")
    var password: String?

    public init() {}

    public mutating func validate() throws {
        guard psm == 1 || (3...13).contains(psm) else {
            throw ValidationError("--psm must be 1 or 3-13 (0 and 2 do no recognition)")
        }
        guard (10...2400).contains(dpi) else { throw ValidationError("--dpi must be between 10 and 2400") }
        let valid = language.split(separator: "+", omittingEmptySubsequences: false).allSatisfy { name in
            !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
        }
        guard valid else { throw ValidationError("--language must be names joined with '+', e.g. eng+deu") }
    }

    public func run() throws {
        let settings = OCRSettings(language: language, psm: psm, dpi: Double(dpi), maxPixels: maxPixels.value,
                                   rotate: rotate, deskew: deskew, strict: strictOptions.strict,
                                   timeout: timeout.seconds)
        let password = resolvePassword(password)
        let makeWorker: @Sendable () -> (PageRecord) -> PageRecord = {
            let documents = OpenDocuments(stage: "ocr", open: { path throws(RecordError) in
                try PDFTextDocument(path: path, password: password, stage: "ocr")
            }, pageCount: { $0.pageCount })
            let engine: Result<OCREngine, RecordError>
            do throws(RecordError) {
                engine = .success(try OCREngine(languages: settings.language, pageSegmentationMode: settings.psm))
            } catch {
                engine = .failure(error)
            }
            return { record in ocrPage(record, documents, engine, settings) }
        }
        if executorOptions.workerProcess { RecordPipeline.serveWorker(stage: "ocr", makeWorker: makeWorker) }

        var needed = language.split(separator: "+").map(String.init)
        if rotate { needed.append("osd") }
        let installed = OCREngine.installedLanguages()
        let missing = needed.filter { !installed.contains($0) }
        if !missing.isEmpty {
            let place = OCREngine.dataPath().map { " in \($0.hasSuffix("/") ? String($0.dropLast()) : $0)" } ?? ""
            let have = installed.isEmpty ? "none" : installed.joined(separator: ", ")
            Diagnostics.error("tesseract language data not installed: \(missing.joined(separator: ", ")) "
                + "(installed\(place): \(have); Debian: apt-get install \(missing.map { "tesseract-ocr-\($0)" }.joined(separator: " ")))")
            finish(.unavailable)
        }

        let force = force
        let progress = progressOptions.reporter(tool: "ux-ocr")
        progress.setLibraries(PDFTextDocument.libraryVersions.merging(OCREngine.libraryVersions) { a, _ in a })
        let options = RecordPipeline.Options(stage: "ocr", jobs: concurrency.jobs, timeout: settings.timeout,
                                             progress: progress,
                                             executor: executorOptions.executor,
                                             workerArguments: executorOptions.workerArguments)
        let notice = MissingDataNotice(consequence: "text in those fonts is not drawn, so OCR cannot read it")
        let status = RecordPipeline.run(options, wants: { record in
            wantsOCR(record, force: force)
        }, makeWorker: makeWorker, written: { record in
            // ux-text has said it already for pages it marked.
            guard record["text_source"]?.stringValue == "ocr",
                  record["text_layer"]?.objectValue?["reason"]?.stringValue != "missing-font-data",
                  let report = PopplerReports(record.warnings).missingData.first else { return }
            notice.notice(report, at: record.location)
        })
        finish(status)
    }
}

/// A pixel count written as a number with an optional k, M or G suffix (powers of 1000).
struct PixelCount: ExpressibleByArgument, Sendable {
    var value: Int

    init(_ value: Int) { self.value = value }

    init?(argument: String) {
        var text = argument.trimmingCharacters(in: .whitespaces)
        var multiplier = 1.0
        switch text.last {
        case "k", "K": multiplier = 1e3
        case "m", "M": multiplier = 1e6
        case "g", "G": multiplier = 1e9
        default: break
        }
        if multiplier != 1 { text.removeLast() }
        guard let number = Double(text), number.isFinite, number * multiplier >= 10_000,
              number * multiplier < 1e15 else { return nil }
        value = Int(number * multiplier)
    }

    var defaultValueDescription: String { value % 1_000_000 == 0 ? "\(value / 1_000_000)M" : "\(value)" }
}

struct OCRSettings: Sendable {
    var language: String
    var psm: Int
    var dpi: Double
    var maxPixels: Int
    var rotate: Bool
    var deskew: Bool
    var strict: Bool
    /// Seconds per page, or nil for no limit.
    var timeout: Double?
}

/// Which records ux-ocr works on: ok pages of PDFs and images whose text layer is missing or
/// unusable and that were not OCRed already; with `force`, every ok page.
func wantsOCR(_ record: PageRecord, force: Bool) -> Bool {
    guard record.status == .ok, record.page != nil, record.source == "pdf" || record.source == "image" else {
        return false
    }
    if force { return true }
    if record["text_source"]?.stringValue == "ocr" { return false }
    guard let layer = record["text_layer"]?.objectValue else { return true }
    return layer["usable"]?.boolValue != true
}

func ocrPage(_ input: PageRecord, _ documents: OpenDocuments<PDFTextDocument>, _ engine: Result<OCREngine, RecordError>,
             _ settings: OCRSettings) -> PageRecord {
    let started = Date.timeIntervalSinceReferenceDate
    var record = input
    do {
        let engine = try engine.get()
        let (image, downscaled, warnings, damaged) = try pageImage(record, documents, settings)
        // Tesseract's own deadline comes a little before the pipeline's, so a slow page normally
        // ends inside tesseract and the worker thread (with its loaded models) carries on.
        var limit: Double? = nil
        if let timeout = settings.timeout {
            limit = timeout - min(1, timeout * 0.1) - (Date.timeIntervalSinceReferenceDate - started)
        }
        let result = try engine.recognize(image, detectOrientation: settings.rotate, deskew: settings.deskew,
                                          timeLimit: limit)

        result.text.apply(to: &record)
        record["text_source"] = .string("ocr")
        var ocr = JSONObject([
            ("engine", .string("tesseract")),
            ("lang", .string(settings.language)),
            ("psm", .int(settings.psm)),
            ("dpi", .double(image.dpi)),
        ])
        if downscaled { ocr["downscaled"] = .bool(true) }
        if let orientation = result.orientation {
            ocr["orientation"] = .int(orientation)
            if let confidence = result.orientationConfidence { ocr["orientation_conf"] = .double(confidence) }
        }
        if let skew = result.skew { ocr["skew"] = .double((skew * 100).rounded() / 100) }
        if let mean = result.meanConfidence { ocr["conf"] = .double(mean) }
        record["ocr"] = .object(ocr)
        record["blank"] = result.blank ? .bool(true) : nil
        // Same rule as ux-text: whatever poppler had to repair marks the page damaged.
        if damaged { record["damaged"] = .bool(true) }
        var notes = warnings
        if result.orientationUndetermined {
            notes.append("orientation not detected (too little text); OCRed as displayed")
        }
        if downscaled {
            notes.append("page rendered at \(formatted(image.dpi)) dpi instead of \(formatted(settings.dpi)) to stay within the pixel limit")
        }
        // A page ux-text already read carries the same damage reports; say each once.
        let known = Set(record.warnings)
        record.addWarnings(notes.filter { !known.contains($0) })
        if settings.strict { record.failIfDamaged(stage: "ocr") }
    } catch {
        if error.code == "timeout" {
            record.fail(.timeout, RecordError(
                stage: "ocr", code: "timeout",
                message: "page took longer than \(formatted(settings.timeout ?? 0)) s; gave up on it (no partial text)"))
        } else {
            record.fail(.error, error)
        }
    }
    return record
}

/// The page as an image ready for tesseract: a PDF page rendered, an image page read.
private func pageImage(_ record: PageRecord, _ documents: OpenDocuments<PDFTextDocument>,
                       _ settings: OCRSettings) throws(RecordError) -> (PageImage, Bool, [String], damaged: Bool) {
    switch record.source {
    case "pdf":
        // Rendered as pdftoppm renders (poppler's Splash), which tesseract reads best; what poppler
        // reports while opening or rendering belongs to this page.
        let (document, page) = try documents.open(for: record)
        let rendered = try document.render(page: page, dpi: settings.dpi, maxPixels: settings.maxPixels,
                                           maxDimension: OCREngine.maxDimension)
        let image = try PageImage(raster: Raster(width: rendered.width, height: rendered.height, channels: 1,
                                                 pixels: rendered.pixels), dpi: rendered.dpi)
        return (image, rendered.downscaled, rendered.warnings, rendered.reports.damaged)
    default:
        guard let path = record.doc, let number = record.page else {
            throw RecordError(stage: "ocr", code: "bad-record", message: "record has no document or page")
        }
        // ux-split measured the page at this resolution (300 when the file has none).
        // The record's dpi is input: only a plausible resolution is believed.
        let dpi = record["dpi"]?.doubleValue.flatMap { (1...100_000).contains($0) ? $0 : nil } ?? 300
        let image = try PageImage.load(path: path, page: number, dpi: dpi)
        if let smaller = image.fitting(maxPixels: settings.maxPixels) { return (smaller, true, [], false) }
        return (image, false, [], false)
    }
}

private func formatted(_ value: Double) -> String {
    value.rounded() == value ? String(Int(value)) : String(format: "%.1f", value)
}
