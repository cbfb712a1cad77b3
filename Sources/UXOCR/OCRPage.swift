import Foundation
import UXShared
import UnifexCore
import UnifexOCR
import UnifexPDF

struct OCRSettings: Sendable {
    /// The `--language` that reads each page with the models of its own script.
    static let auto = "auto"
    /// What `auto` reads Latin pages with, and pages whose script is unclear or not installed.
    static let autoFallback = "eng"

    var language: String
    var psm: Int
    var dpi: DPISetting
    var maxPixels: Int
    var rotate: Bool
    var deskew: Bool
}

/// The languages a page is read with: those asked for, or with `--language auto` the fallback's,
/// then, on a page the fallback reads with little confidence, those of the script tesseract's osd
/// model sees on it when they read it with more.
struct LanguageChoice {
    var languages: String
    /// The script detected, when its models read the page.
    var script: String?
    /// A note when the page's script is clear and its models are not installed.
    var missing: String?

    init(languages: String) { self.languages = languages }

    init(_ finding: OSDFinding?, installed: Set<String>) {
        let choice = ScriptLanguages.choose(script: finding?.script, installed: installed,
                                            fallback: OCRSettings.autoFallback)
        languages = choice.languages
        guard let finding, let script = finding.script else { return }
        if let package = choice.missing {
            // Said only of a clear detection: a doubtful one may be wrong.
            if finding.scriptConfidence >= ScriptLanguages.minimumConfidence {
                missing = "page is in \(script) script, whose tesseract models are not installed; read as "
                    + "\(OCRSettings.autoFallback) (Debian: apt-get install \(package))"
            }
        } else if languages != OCRSettings.autoFallback {
            self.script = script
        }
    }
}

/// Which records ux-ocr works on: ok pages of PDFs and images whose text layer is missing or
/// unusable and that were not OCRed already; with `force`, every ok page.
func wantsOCR(_ record: PageRecord, force: Bool) -> Bool {
    guard record.status == .ok, record.page != nil, record.source == RecordSource.pdf || record.source == RecordSource.image else {
        return false
    }
    if force { return true }
    if record["text_source"]?.stringValue == TextSource.ocr { return false }
    guard let layer = record["text_layer"]?.objectValue else { return true }
    return layer["usable"]?.boolValue != true
}

func ocrPage(_ input: PageRecord, _ documents: OpenDocuments<PDFTextDocument>, _ engines: ThreadEngines,
             _ settings: OCRSettings, _ context: PageContext) -> PageRecord {
    let started = Date.timeIntervalSinceReferenceDate
    var record = input
    do throws(RecordError) {
        let (image, choice, warnings, damaged) = try pageImage(record, documents, settings, context)
        let downscaled = choice.reason == .maxPixels
        // Tesseract's own deadline comes a little before the pipeline's, so a slow page normally
        // ends inside tesseract and the worker thread (with its loaded models) carries on.
        var limit: Double? = nil
        if let timeout = context.timeout {
            limit = timeout - min(1, timeout * 0.1) - (Date.timeIntervalSinceReferenceDate - started)
        }
        let result: OCRResult
        var reading = LanguageChoice(languages: settings.language == OCRSettings.auto ? OCRSettings.autoFallback : settings.language)
        do throws(UnifexError) {
            // One detection per page at most: with --rotate it is made first, and also names the
            // script should English read the page doubtfully.
            let finding: OSDFinding?? = settings.rotate ? .some(try engines.osd().detect(image)) : nil
            let orientation: OCREngine.Orientation = finding.map { .detected($0) } ?? .asDisplayed
            var read = try engines.engine(reading.languages).recognize(image, orientation: orientation,
                                                                       deskew: settings.deskew, timeLimit: limit)
            // A page in another script reads as a scatter of doubtful Latin words: tesseract's
            // osd model names its script, and the reading its models give is kept when tesseract
            // is surer of it.
            if settings.language == OCRSettings.auto, !read.blank,
               (read.meanConfidence ?? 1) < ScriptLanguages.doubtfulConfidence, engines.detectsScripts {
                let script = if let finding { finding } else { try engines.osd().detect(image) }
                let other = LanguageChoice(script, installed: engines.installed)
                reading.missing = other.missing
                if other.languages != reading.languages {
                    let left = limit.map { $0 - (Date.timeIntervalSinceReferenceDate - started) }
                    let second = try engines.engine(other.languages).recognize(image, orientation: orientation,
                                                                               deskew: settings.deskew, timeLimit: left)
                    if (second.meanConfidence ?? 0) > (read.meanConfidence ?? 0) {
                        read = second
                        reading = other
                    }
                }
            }
            result = read
        } catch {
            throw context.error(error)
        }

        result.text.apply(to: &record)
        record["text_source"] = .string(TextSource.ocr)
        var ocr = JSONObject([
            ("engine", .string("tesseract")),
            ("lang", .string(reading.languages)),
            ("psm", .int(settings.psm)),
            ("dpi", .double(image.dpi)),
            ("dpi_reason", .string(choice.reason.rawValue)),
        ])
        if let script = reading.script { ocr["script"] = .string(script) }
        if let x = choice.xHeight { ocr["x_height"] = .double((x * 10).rounded() / 10) }
        if downscaled { ocr["downscaled"] = .bool(true) }
        if let orientation = result.orientation {
            ocr["orientation"] = .int(orientation)
            if let confidence = result.orientationConfidence { ocr["orientation_conf"] = .double(confidence) }
        }
        if let skew = result.skew { ocr["skew"] = .double((skew * 100).rounded() / 100) }
        if let mean = result.meanConfidence { ocr["conf"] = .double(mean) }
        record["ocr"] = .object(ocr)
        record["blank"] = result.blank ? .bool(true) : nil
        record.markDamaged(damaged)
        var notes = warnings
        if let note = matchPageToImage(&record, image) { notes.append(note) }
        if let missing = reading.missing { notes.append(missing) }
        if result.orientationUndetermined {
            notes.append("orientation not detected (too little text); OCRed as displayed")
        }
        if downscaled {
            notes.append("page read at \(formatted(image.dpi)) dpi instead of \(formatted(choice.wanted)) to stay within the pixel limit")
        }
        // A page ux-text already read carries the same damage reports; say each once.
        let known = Set(record.warnings)
        record.addWarnings(notes.filter { !known.contains($0) })
    } catch {
        if error.code == "timeout" {
            record.fail(.timeout, context.timedOut(detail: "no partial text"))
        } else {
            record.fail(.error, error)
        }
    }
    return record
}

/// An image page whose record states a resolution that is not believed (written by hand, or by an
/// older ux-split, which took any) was read at the assumed one: its size is set to the image's at
/// that resolution, so that the word boxes lie on the page the record describes. The note says so.
func matchPageToImage(_ record: inout PageRecord, _ image: PageImage) -> String? {
    guard record.source == RecordSource.image, let stated = record["dpi"]?.doubleValue,
          Resolution.believed(stated) == nil else { return nil }
    let dpi = record.imageDPI
    record["dpi"] = .int(Resolution.assumedForImages)
    record["dpi_assumed"] = .bool(true)
    record["width"] = .double(Double(image.width) * 72 / image.dpi)
    record["height"] = .double(Double(image.height) * 72 / image.dpi)
    let range = Resolution.plausibleForImages
    // The record is input: its number may be too large for an integer.
    let written = abs(stated) < 1e9 ? formatted(stated) : String(format: "%g", stated)
    return "record's dpi \(written) is implausible (not \(Int(range.lowerBound))-\(Int(range.upperBound))); "
        + "read at \(formatted(dpi)) dpi, the page size set to match"
}

func formatted(_ value: Double) -> String {
    value.rounded() == value ? String(Int(value)) : String(format: "%.1f", value)
}
