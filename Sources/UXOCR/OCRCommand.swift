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
            rendered with poppler, image pages are read with leptonica, and tesseract adds \
            `text`, `words` and `lines` (boxes in points, top-left origin, the page as displayed; \
            word confidences 0-1), `"text_source": "ocr"` and an `ocr` object saying how \
            (dpi, dpi_reason, x_height, lang, psm, orientation, skew, downscaled).

            With --dpi auto (the default) each page is read at the resolution that puts its body \
            text's x-height at about 10 pixels (within 150-400 dpi), where tesseract reads as well as at 300 dpi and \
            spends less: the size comes from the text layer's fonts, or is measured with leptonica, \
            upright or sideways, on the image itself, on a gray or colour scan drawn once just below \
            its own resolution (at most 300 dpi) and then scaled, or on a first render at 150 dpi \
            (bilevel scans, pages without text), kept when the text needs at most 5% more. \
            A scan is never read above its own resolution, \
            and no page above --max-pixels. dpi_reason says why: text-height, image-resolution, \
            unmeasured (no text found: 300 dpi, or the scan's own when lower), sparse-text (fewer \
            than 50 letters: 300 dpi, since tesseract can drop words of a sparse page at lower ones), figures \
            (figures and capitals with hardly an ascender, a table of numbers: 300 dpi, where tesseract \
            misreads fewer digits), max-pixels, or \
            fixed (--dpi N, which renders every PDF page at N dpi; image pages are then read at \
            their own resolution).

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

    @OptionGroup public var stageOptions: PageStageOptions

    @Option(name: [.customShort("l"), .customLong("language")],
            help: "Tesseract languages, joined with '+' (e.g. eng+deu), or auto: each page as eng, and a page eng reads with little confidence again with the installed models of the script tesseract detects on it.")
    var language: String = "auto"

    @Option(help: "Tesseract page segmentation mode: 1 or 3-13 (3: fully automatic; 6: one block of text).")
    var psm: Int = 3

    @Option(help: ArgumentHelp("Resolution pages are read at: auto (each page at the resolution its text needs, never above a scan's own) or a number of dots per inch PDF pages are rendered at.", valueName: "auto|dpi"))
    var dpi: DPISetting = .auto

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
    public var timeout = PageTimeout(180)

    @OptionGroup var password: PasswordOption

    public init() {}

    public mutating func validate() throws {
        guard psm == 1 || (3...13).contains(psm) else {
            throw ValidationError("--psm must be 1 or 3-13 (0 and 2 do no recognition)")
        }
        let valid = language.split(separator: "+", omittingEmptySubsequences: false).allSatisfy { name in
            !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
        }
        guard valid else { throw ValidationError("--language must be names joined with '+', e.g. eng+deu") }
        let names = language.split(separator: "+")
        if names.count > 1, names.contains(where: { $0 == Substring(OCRSettings.auto) }) {
            throw ValidationError("--language auto stands alone (each page read in its own script); name the models instead, e.g. eng+deu")
        }
    }

    public func run() throws { runStage() }
}

extension OCRCommand: PageStage {
    public static var stage: String { StageName.ocr }
    public var passwordOption: PasswordOption? { password }
    public var libraryVersions: [String: String] {
        PDFTextDocument.libraryVersions.merging(OCREngine.libraryVersions) { a, _ in a }
    }

    public func wants(_ record: PageRecord) -> Bool { wantsOCR(record, force: force) }

    public func makePage(_ context: PageContext) -> (PageRecord) -> PageRecord {
        let settings = OCRSettings(language: language, psm: psm, dpi: dpi, maxPixels: maxPixels.value,
                                   rotate: rotate, deskew: deskew)
        let documents = context.documents(open: { path, password throws(UnifexError) in
            try PDFTextDocument(path: path, password: password)
        }, pageCount: { $0.pageCount })
        let engines = ThreadEngines(pageSegmentationMode: settings.psm)
        return { record in ocrPage(record, documents, engines, settings, context) }
    }

    /// Every language asked for (and OSD for --rotate) must be installed before a page is read.
    public func prepare() -> ExitStatus? {
        var needed = language == OCRSettings.auto ? [OCRSettings.autoFallback] : language.split(separator: "+").map(String.init)
        if rotate { needed.append("osd") }
        let installed = OCREngine.installedLanguages()
        let missing = needed.filter { !installed.contains($0) }
        if language == OCRSettings.auto, missing.isEmpty, !installed.contains("osd") {
            Diagnostics.warning("tesseract's osd data is not installed: pages in scripts other than Latin are read as "
                + "\(OCRSettings.autoFallback) (Debian: apt-get install tesseract-ocr-osd)")
        }
        guard !missing.isEmpty else { return nil }
        let place = OCREngine.dataPath().map { " in \($0.hasSuffix("/") ? String($0.dropLast()) : $0)" } ?? ""
        let have = installed.isEmpty ? "none" : installed.joined(separator: ", ")
        Diagnostics.error("tesseract language data not installed: \(missing.joined(separator: ", ")) "
            + "(installed\(place): \(have); Debian: apt-get install \(missing.map { "tesseract-ocr-\($0)" }.joined(separator: " ")))")
        return .unavailable
    }

    public func written(_ record: PageRecord) {
        guard record["text_source"]?.stringValue == TextSource.ocr else { return }
        let reports = PopplerReports(record.warnings)
        if let report = reports.missingFonts.first { Self.fontNotice.notice(report, at: record.location) }
        // ux-text has said it already for pages it marked.
        guard record["text_layer"]?.objectValue?["reason"]?.stringValue != TextLayerReason.missingFontData,
              let report = reports.missingData.first else { return }
        Self.notice.notice(report, at: record.location)
    }

    static let notice = MissingDataNotice(consequence: "text in those fonts is not drawn, so OCR cannot read it")
    static let fontNotice = MissingDataNotice(.fonts, consequence: "text in those fonts is not drawn, so OCR cannot read it")
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

