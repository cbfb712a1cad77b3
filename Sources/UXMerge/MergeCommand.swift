public import UXShared
import Foundation
import UnifexCore
import UnifexDocument

public struct MergeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ux-merge",
        abstract: "Gather page records back into documents.",
        discussion: """
            Groups page records by document, restores page order, and writes each document as \
            soon as all of its pages have arrived. A document with failed or missing pages is \
            still written, marked `partial` or `error`, and named on stderr.

            Examples:
              ux-split a.pdf b.pdf | ux-text | ux-merge > docs.ndjson
              ux-split paper.pdf | ux-text | ux-merge --format text > paper.txt
              ux-split *.pdf | ux-text | ux-ocr | ux-merge --format markdown > docs.md
              ux-split scan.pdf | ux-ocr | ux-merge --format hocr --unit px > scan.hocr
              ux-split *.pdf | ux-text | ux-layout | ux-table | ux-merge --format chunks > chunks.jsonl

            \(exitStatusHelp)
            """,
        version: unifexVersion)

    @Option(help: ArgumentHelp(
        "Output format: json, text, markdown, tsv, hocr, jsonl-data, csv or chunks.",
        discussion: "json: one document record per line. text: pages end with a form feed (like pdftotext). markdown: headings and paragraphs from the layout. tsv: tesseract's columns. hocr: XHTML with word boxes. jsonl-data: what ux-llm extracted, one line per page ({doc, page, status, data}). csv: the tables (from ux-table), one CSV each: `<doc>.p<page>.t<n>.csv` with --output-dir. chunks: the document cut along its sections for retrieval, one JSON line per chunk ({doc, chunk, headings, text, pages, boxes, tokens})."))
    var format = FormatOption(JSONFormat())

    @Option(help: ArgumentHelp("markdown: drop (default) leaves running headers, footers and page numbers (ux-layout's page_header and page_footer blocks) out of the text; keep puts them back.",
                               valueName: "drop|keep"))
    var furniture: Furniture = .drop

    @Option(name: .customLong("csv-formulas"), help: ArgumentHelp(
        "With --format csv: keep cells that begin like a spreadsheet formula as they are, or escape them.",
        discussion: "keep: the cells are data and go out exact. escape: a cell beginning with =, +, -, @, a tab or a carriage return is written as text for spreadsheets: quoted, with a ' in front (OWASP's rule)."))
    var csvFormulas: CSVFormulas = .keep

    @Option(name: .customLong("chunk-tokens"), help: ArgumentHelp(
        "With --format chunks: the most tokens a chunk holds, its heading path included (default \(ChunkSettings.defaultTokens)).",
        discussion: "Tokens are estimated (unifex-estimate-1, see README), not counted by a model's tokenizer.",
        valueName: "N"))
    var chunkTokens: Int?

    @Option(name: .customLong("chunk-overlap"), help: ArgumentHelp(
        "With --format chunks: tokens of a chunk's end repeated at the start of the next chunk of the same section (default 0).",
        valueName: "N"))
    var chunkOverlap: Int?

    @Option(help: "Unit of coordinates in the output: pt (points), px (pixels), in (inches) or norm (fractions of the page).")
    var unit: CoordinateUnit = .pt

    @Option(help: "Resolution for --unit px on pages that have none of their own (text-layer pages).")
    var dpi: Double = 72

    @Option(name: .customLong("output-dir"), help: "Write one file per document into this directory instead of stdout.")
    var outputDir: String?

    @OptionGroup var concurrency: ConcurrencyOptions
    @OptionGroup var progressOptions: ProgressOptions

    @Option(help: "Write a batch report (JSON) to this file at the end, or when interrupted.")
    var report: String?

    public init() {}

    public mutating func validate() throws {
        if csvFormulas != .keep {
            guard format.format is CSVFormat else { throw ValidationError("--csv-formulas applies to --format csv") }
            format = FormatOption(CSVFormat(formulas: csvFormulas))
        }
        if chunkTokens != nil || chunkOverlap != nil {
            guard format.format is ChunkFormat else { throw ValidationError("--chunk-tokens and --chunk-overlap apply to --format chunks") }
            let settings = ChunkSettings(tokens: chunkTokens ?? ChunkSettings.defaultTokens, overlap: chunkOverlap ?? 0)
            if let problem = settings.problem { throw ValidationError(problem) }
            format = FormatOption(ChunkFormat(settings: settings))
        }
        guard dpi > 0, dpi.isFinite else { throw ValidationError("--dpi must be a number of dots per inch above 0, not \(dpi)") }
        // An option the format has no use for is refused, not silently left without effect (its
        // default, which changes nothing, is accepted).
        if furniture != .drop, !(format.format is MarkdownFormat) { throw ValidationError("--furniture applies to --format markdown") }
        if unit != .pt, !format.format.writesCoordinates {
            let names = DocumentFormats.all.filter(\.writesCoordinates).map(\.name)
            throw ValidationError("--unit applies to --format \(names.dropLast().joined(separator: ", ")) or \(names.last ?? "json")")
        }
        if dpi != 72, unit != .px { throw ValidationError("--dpi applies to --unit px") }
        if let outputDir { try PathArgument.check(outputDir, option: "--output-dir") }
        if let report { try PathArgument.check(report, option: "--report") }
    }

    /// The format asked for, with its settings.
    private var chosenFormat: any DocumentFormat {
        format.format is MarkdownFormat ? MarkdownFormat(keepFurniture: furniture == .keep) : format.format
    }

    public func run() throws {
        let state = MergeState()
        // Before any thread starts: Ctrl-C and kill must leave a report, not a torn file.
        let reportPath = report
        let options = optionsJSON
        SignalWatcher.install { signal in
            state.interrupt(by: signal, reportPath: reportPath, options: options)
            SignalWatcher.end(by: signal)
        }
        let folder = outputDir.map { OutputFolder($0, format: chosenFormat) }
        let writer = RecordWriter()
        nonisolated(unsafe) var assembler = DocumentAssembler(format: chosenFormat)
        // Documents whose pages came again after they were written (touched by the one sink thread).
        nonisolated(unsafe) var lateDocuments: Set<DocumentKey> = []
        // Block kinds met that Markdown and chunks do not know (touched by the one sink thread).
        nonisolated(unsafe) var unknownKinds: Set<String> = []
        let progress = progressOptions.reporter(tool: Self.configuration.commandName!)
        state.progress = progress

        let outputDir = outputDir, format = chosenFormat, unit = unit, dpi = dpi
        nonisolated(unsafe) let output = folder
        let emit: @Sendable (AssembledDocument) -> Void = { document in
            // Written and counted as one step: an interruption never finds a document on disk
            // that the report leaves out.
            state.emitting {
                Self.announce(document)
                var failure: RecordError?
                if let output {
                    failure = Self.writeFile(document, into: output)
                } else {
                    try? document.write { chunk throws(UnifexError) in writer.writeRaw(chunk) }
                }
                state.add(document, writeFailure: failure)
            }
        }

        // Decoding JSON is most of ux-merge's work: lines are decoded on -j threads, and
        // gathered into documents in input order on one. Plain text needs no boxes: they are
        // checked as strictly as when built (a line is malformed or not whatever the format),
        // but not built, which is most of the decoding saved.
        let skipped: Set<String> = format is TextFormat ? ["words", "lines", "chars"] : []
        let decode: @Sendable ((Int, [UInt8])) -> Decoded = { line in
            let (record, error) = PageRecord.decode(line: line.1, number: line.0, stage: StageName.merge, skipping: skipped)
            return Decoded(line: line.0, record: record, error: error)
        }
        let pool = OrderedPool<(Int, [UInt8]), Decoded>(
            workers: concurrency.jobs,
            makeWorker: { decode },
            onTimeout: { line, _ in decode(line) },
            sink: { decoded in
                var record = decoded.record
                progress.count(record)
                if record.doc == nil {
                    // A malformed line, reported upstream or here: keep it in the output, never drop it.
                    if let error = decoded.error { MalformedLine.report(error, line: decoded.line) }
                    state.addMalformed(record)
                    if outputDir == nil && format is JSONFormat { writer.write(record) }
                    return
                }
                if assembler.isRepeat(record) {
                    // The same page again, its document already out whole: kept once, said once.
                    if let key = record.documentKey, let page = record.page, lateDocuments.insert(key).inserted {
                        Diagnostics.warning("page \(page) arrived again after the document was written whole; "
                            + "left out, as are any more copies of its pages (the report lists them)", at: key.doc)
                    }
                    state.addLateDuplicate(record)
                    return
                }
                if let problem = record.failIfPageOutOfRange(stage: StageName.merge) {
                    Diagnostics.error(problem.message, at: record.location)
                }
                state.addTimings(record)
                state.noteArrival(record)
                if format.readsBlocks, unknownKinds.count < 100 {
                    for kind in PageBlocks.unknownKinds(in: record) where unknownKinds.insert(kind).inserted {
                        Diagnostics.warning("block kind \(JSONValue.string(String(kind.prefix(60))).serialized()) is not one "
                            + "ux-merge knows; its text is written as a paragraph (said once per kind)", at: record.location)
                    }
                }
                do throws(UnifexError) {
                    if let document = try assembler.add(record.converting(to: unit, fallbackDPI: dpi)) { emit(document) }
                } catch {
                    Diagnostics.error(error.message, at: record.location)
                    state.noteIOFailure()
                }
            })
        let lines = LineReader(fd: 0)
        while let line = lines.next() {
            if line.isBlankLine { continue }
            pool.submit((lines.lineNumber, Array(line)))
        }
        pool.finish()
        // Ctrl-C or SIGTERM to the whole pipeline ends the tools upstream too, and their end can
        // reach us as an end of input as soon as our own signal arrives: an interrupted batch,
        // not a finished one, whose open documents are left out rather than written partial.
        if let signal = SignalWatcher.arrived(within: 0.05) { SignalWatcher.handle(signal) }
        if let code = lines.readError {
            MalformedLine.reportReadError(code)
            state.noteIOFailure()
        }
        for document in assembler.drain() { emit(document) }

        let (summary, allOK) = state.finish(reportPath: reportPath, options: options)
        if isatty(2) != 0 && progress.drawing == nil || !allOK { Diagnostics.note(summary) }
        var status: ExitStatus = allOK ? .ok : .someFailed
        if state.malformedLines > 0 { status = status.worst(.dataError) }
        if state.ioFailed { status = status.worst(.ioError) }
        finish(status)
    }

    private var optionsJSON: JSONObject {
        var o = JSONObject([("format", .string(format.format.name)), ("unit", .string(unit.rawValue))])
        o["output_dir"] = outputDir.map(JSONValue.string) ?? .null
        o["report"] = report.map(JSONValue.string) ?? .null
        return o
    }

    private static func announce(_ document: AssembledDocument) {
        if !document.duplicatePages.isEmpty {
            let list = document.duplicatePages.map { "page \($0.page) arrived \($0.arrivals) times" }.joined(separator: ", ")
            Diagnostics.warning("\(list); the last record of each is kept", at: document.doc)
        }
        guard document.status != "ok" else { return }
        var reasons: [String] = []
        if let error = document.documentError { reasons.append(error.message) }
        let failed = document.failedPages.compactMap(\.page)
        if !failed.isEmpty { reasons.append("failed pages \(compactRanges(failed))") }
        if document.missingPages > 0 { reasons.append("\(document.missingPages) pages never arrived (input ended early)") }
        let message = "document \(document.status): " + reasons.joined(separator: "; ")
        if document.status == "skipped" { Diagnostics.warning(message, at: document.doc) } else { Diagnostics.error(message, at: document.doc) }
    }

    /// Writes one document's file (inside `MergeState.emitting`, one document at a time);
    /// returns why it could not be written, if it could not.
    private static func writeFile(_ document: AssembledDocument, into folder: OutputFolder) -> RecordError? {
        let (target, failure) = folder.write(document) { wanted, given in
            Diagnostics.warning("another document is written to \(PathName.join(folder.directory, wanted)); "
                + "this one goes to \(PathName.join(folder.directory, given))", at: document.doc)
        }
        guard let failure else { return nil }
        Diagnostics.error("cannot write output: \(failure.message)", at: target)
        MergeState.noteIOFailure()
        return RecordError(stage: StageName.merge, code: "io", message: "cannot write \(target): \(failure.message)")
    }
}

extension CoordinateUnit: ExpressibleByArgument {}

/// `--furniture`: running headers and footers in markdown.
enum Furniture: String, ExpressibleByArgument, Sendable {
    case drop, keep
}

/// "1-3,7,9-10" from [1, 2, 3, 7, 9, 10].
func compactRanges(_ pages: [Int]) -> String {
    var parts: [String] = []
    var i = 0
    let sorted = pages.sorted()
    while i < sorted.count {
        var j = i
        while j + 1 < sorted.count, sorted[j + 1] == sorted[j] + 1 { j += 1 }
        parts.append(i == j ? "\(sorted[i])" : "\(sorted[i])-\(sorted[j])")
        i = j + 1
    }
    return parts.joined(separator: ",")
}

/// What ux-merge has done so far, shared with the signal thread that writes the report on Ctrl-C.
final class MergeState: @unchecked Sendable {
    private let lock = Lock()
    private let emitLock = NSLock()
    private var interrupted = false
    private var batch = BatchReport()
    private var done = false
    var progress: ProgressReporter?
    nonisolated(unsafe) private static var ioFailure = false

    static func noteIOFailure() { ioFailure = true }
    var ioFailed: Bool { Self.ioFailure }

    /// Documents whose pages have begun to arrive and that are not written yet, with the pages
    /// received: what an interruption leaves out.
    private var open: [DocumentKey: Interruption.Unfinished] = [:]
    private var openOrder: [DocumentKey] = []

    func add(_ document: AssembledDocument, writeFailure: RecordError?) {
        lock.withLock {
            batch.add(document, writeFailure: writeFailure)
            open[document.key] = nil
        }
    }

    func noteArrival(_ record: PageRecord) {
        guard let key = record.documentKey else { return }
        lock.withLock {
            if open[key] == nil {
                open[key] = Interruption.Unfinished(key: key, pagesReceived: 0, selected: record.selected)
                openOrder.append(key)
                if openOrder.count > 4 * open.count + 64 { openOrder.removeAll { open[$0] == nil } }
            }
            open[key]!.pagesReceived += 1
        }
    }
    func addTimings(_ record: PageRecord) { lock.withLock { batch.addTimings(record) } }
    func addLateDuplicate(_ record: PageRecord) { lock.withLock { batch.addDuplicate(record) } }
    var malformedLines: Int { lock.withLock { batch.malformedLines } }
    func noteIOFailure() { Self.ioFailure = true }
    func addMalformed(_ record: PageRecord) { lock.withLock { batch.addMalformedLine(record) } }

    /// Writes the report at the end of input; returns the summary line and whether all was ok.
    func finish(reportPath: String?, options: JSONObject) -> (String, Bool) {
        let result = lock.withLock { () -> (String, Bool) in
            done = true
            write(reportPath, interrupted: false, options: options)
            return (batch.summaryLine, batch.allOK)
        }
        progress?.finish()
        return result
    }

    /// Runs one document's output; after an interruption, nothing more is written.
    func emitting(_ body: () -> Void) {
        emitLock.withLock {
            guard !interrupted else { return }
            body()
        }
    }

    /// Writes the report of what finished, marked interrupted; holds back any further output
    /// until the process exits.
    func interrupt(by signal: Int32, reportPath: String?, options: JSONObject) {
        emitLock.lock()
        interrupted = true
        let summary = lock.withLock { () -> String? in
            guard !done else { return nil }
            done = true
            var seen: Set<DocumentKey> = []
            let unfinished = openOrder.compactMap { key in seen.insert(key).inserted ? open[key] : nil }
            write(reportPath, interrupted: true, options: options,
                  interruption: Interruption(signal: signal, unfinished: unfinished, notReached: notReached(besides: unfinished.count)))
            var line = batch.summaryLine
            if !unfinished.isEmpty { line += "; \(unfinished.count) documents unfinished" }
            return line
        }
        progress?.finish(interrupted: true)
        guard let summary else { return }
        // Pages of documents still open are dropped: say so, and how to finish the batch.
        var note = "interrupted: written: \(summary); documents not yet complete were left out"
        if let dir = options["output_dir"]?.stringValue {
            let format = options["format"]?.stringValue ?? "json"
            note += " (ux-split --skip-done \(dir)\(format == "json" ? "" : " --done-format " + format) ... resumes the batch)"
        }
        Diagnostics.note(note)
    }

    /// Documents ux-split was given and that never reached ux-merge, when ux-split said how many
    /// it was given (on the pipeline's progress board).
    private func notReached(besides unfinished: Int) -> Int? {
        guard let total = progress?.pipelineTools().first(where: { $0.tool == "ux-split" })?.documentsTotal else { return nil }
        return max(0, total - batch.documents.values.reduce(0, +) - unfinished)
    }

    private func write(_ path: String?, interrupted: Bool, options: JSONObject, interruption: Interruption? = nil) {
        guard let path else { return }
        let tools = progress?.pipelineTools() ?? []
        var bytes: [UInt8] = []
        batch.json(interrupted: interrupted, tools: tools, options: options, interruption: interruption).write(to: &bytes)
        bytes.append(0x0A)
        do {
            try AtomicFile.write(bytes, to: path, named: true)
        } catch {
            Diagnostics.error("cannot write report: \(error.message)", at: path)
            Self.ioFailure = true
        }
    }
}
