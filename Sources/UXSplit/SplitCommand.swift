public import UXShared
import Foundation
import UnifexCore
import UnifexDocument
import UnifexOCR
import UnifexPDF

public struct SplitCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ux-split",
        abstract: "Turn PDFs and images into one JSON page record per line.",
        discussion: """
            Each page of each document becomes one record on stdout. A document that cannot be \
            read (missing, damaged, encrypted without --password) becomes one error record, a \
            line on stderr, and the batch goes on. A PDF's records carry its size and rotation, \
            its document information on the first page (`metadata`), and the entries of its \
            outline (bookmarks) on the pages they lead to (`outline`), which ux-layout takes as \
            headings.

            Examples:
              ux-split report.pdf scan.tiff | ux-text | ux-merge --format text
              find corpus -name '*.pdf' -print0 | ux-split -0 - --pages 1-3 > pages.ndjson
              ux-split --skip-done out *.pdf | ux-text | ux-merge --output-dir out # resume
              export UNIFEX_PASSWORD=secret; ux-split locked.pdf | ux-text

            \(exitStatusHelp)
            """,
        version: unifexVersion)

    @Argument(help: "PDF or image files. A lone '-' reads the list of paths from stdin, one per line.")
    var files: [String] = []

    @Option(name: .customLong("files-from"), help: "Read paths from this file, one per line ('-' for stdin).")
    var filesFrom: String?

    @Flag(name: [.customShort("0"), .customLong("null")],
          help: "Paths in the lists end with NUL, not newline (find -print0): any file name can be given.")
    var nullSeparated = false

    @Option(help: "Pages to emit, e.g. 1-3,7,9-end (default: all).")
    var pages: String?

    @OptionGroup var password: PasswordOption

    @OptionGroup var concurrency: ConcurrencyOptions

    @Option(name: .customLong("skip-done"),
            help: "Skip documents whose pages (all, or those --pages selects) already have complete, ok output in this ux-merge --output-dir (to resume a batch); partial, failed and skipped ones, and other pages, are redone.")
    var skipDone: String?

    @Option(name: .customLong("done-format"),
            help: ArgumentHelp("With --skip-done: the format the ux-merge run after it writes (its --format): only outputs in it count as done.",
                               valueName: "format"))
    var doneFormat = "json"

    @OptionGroup var progressOptions: ProgressOptions
    @OptionGroup var strictOptions: StrictOptions

    public init() {}

    public mutating func validate() throws {
        if files.isEmpty && filesFrom == nil {
            throw ValidationError("no input: give files, '-' or --files-from LIST")
        }
        if let pages {
            do { _ = try PageRanges(pages) } catch { throw ValidationError(error.message) }
        }
        if let skipDone { try PathArgument.check(skipDone, option: "--skip-done") }
        guard OutputLayout.extensions[doneFormat] != nil else {
            throw ValidationError("--done-format must be one of \(DocumentFormats.all.map(\.name).joined(separator: ", ")), not \(doneFormat)")
        }
    }

    public func run() throws {
        let selection = try pages.map { spec throws(RecordError) in try PageRanges(spec) }
        let progress = progressOptions.reporter(tool: Self.configuration.commandName!)
        progress.setLibraries(PDFTextDocument.libraryVersions.merging(ImageFile.libraryVersions) { a, _ in a })
        let password = password.resolved
        let splitter = DocumentSplitter(selection: selection, password: password, strict: strictOptions.strict)

        // Paths are small: read every list first, so the batch can be counted for progress.
        var paths = files.filter { $0 != "-" }
        var status = ExitStatus.ok
        if files.contains("-") || filesFrom == "-" { paths += readList(fd: 0, name: "stdin", status: &status) }
        if let filesFrom, filesFrom != "-" {
            let fd = open(filesFrom, O_RDONLY)
            guard fd >= 0 else {
                Diagnostics.error("cannot read list: \(String(cString: strerror(errno)))", at: filesFrom)
                progress.finish()
                finish(.noInput)
            }
            paths += readList(fd: fd, name: filesFrom, status: &status)
            close(fd)
        }
        if let skipDone {
            // ux-merge writes a document atomically and lists it in the folder's manifest with
            // its file's identity, status and pages: what is listed ok, with the pages selected
            // now, for the file as it is now is done; partial, failed and skipped documents, other
            // selections of pages and files replaced since are redone.
            let before = paths.count
            let done = DoneOutputs(in: skipDone, format: doneFormat)
            paths.removeAll { done.contains($0) { count in selection?.ranges(of: count) ?? [1...count] } }
            if before > paths.count {
                Diagnostics.note("skipping \(before - paths.count) documents already done in \(skipDone)")
            } else if !done.otherFormats.isEmpty {
                Diagnostics.note("\(skipDone) holds \(done.otherFormats.joined(separator: ", ")) outputs, none in \(doneFormat): "
                    + "nothing is skipped (--done-format names the format ux-merge writes)")
            }
        }
        progress.setTotals(documents: paths.count, pages: nil)
        if ProgressReporter.totalsWanted(mode: progressOptions.progress) {
            countInBackground(paths, splitter: splitter, progress: progress)
        }
        // Documents are opened on -j threads; their records come out in the order given.
        let writer = RecordWriter()
        let tally = Lock()
        nonisolated(unsafe) var worst = ExitStatus.ok
        let pool = OrderedPool<String, SplitResult>(
            workers: concurrency.jobs,
            makeWorker: { { path in splitter.split(path) } },
            onTimeout: { path, _ in splitter.split(path) },
            sink: { result in
                for message in result.messages {
                    if message.isError { Diagnostics.error(message.text, at: result.path) } else { Diagnostics.warning(message.text, at: result.path) }
                }
                for record in result.records {
                    writer.write(record)
                    progress.count(record)
                }
                tally.withLock { worst = worst.worst(result.status) }
            })
        for path in paths { pool.submit(path) }
        pool.finish()
        status = status.worst(tally.withLock { worst })
        // Every page is out: the count is exact now, whether or not the counting thread is done.
        progress.setTotals(documents: paths.count, pages: progress.pagesCounted)
        progress.finish()
        finish(status)
    }

    /// The paths a list holds; one that cannot be read to its end (a folder given as the list)
    /// is said, and the batch goes on with what was read, ending with exit 66.
    private func readList(fd: Int32, name: String, status: inout ExitStatus) -> [String] {
        let reader = LineReader(fd: fd, terminator: nullSeparated ? 0 : 0x0A)
        var paths: [String] = []
        while let line = reader.next() {
            let path = String(decoding: line, as: UTF8.self)
            if !path.isEmpty { paths.append(path) }
        }
        if let code = reader.readError {
            Diagnostics.error("cannot read list: \(String(cString: strerror(code)))", at: name)
            status = status.worst(.noInput)
        }
        return paths
    }

    /// Counts the batch's pages on a background thread, so the progress line can show a total
    /// and an ETA long before the last document is reached.
    private func countInBackground(_ paths: [String], splitter: DocumentSplitter, progress: ProgressReporter) {
        let thread = Thread {
            var pages = 0
            for path in paths { pages += splitter.recordCount(path) }
            progress.setTotals(documents: paths.count, pages: pages)
        }
        thread.stackSize = 16 << 20
        thread.start()
    }
}

/// One document's records, and what to tell the user about it.
struct SplitResult: Sendable {
    struct Message: Sendable { var isError: Bool; var text: String }
    var path: String
    var records: [PageRecord] = []
    var messages: [Message] = []
    var status = ExitStatus.ok
}

/// Turns one document into its page records (or one document-level error record).
struct DocumentSplitter: Sendable {
    let selection: PageRanges?
    let password: String?
    var strict = false

    /// How many records `split` will write for this document (for progress totals).
    func recordCount(_ path: String) -> Int {
        do {
            let pageCount = try isImage(path) ? try ImageFile.pageCount(of: path) : try PDFTextDocument(path: path, password: password).pageCount
            return max(selected(pageCount).count, 1)
        } catch {
            return 0   // becomes a document error record, not a page
        }
    }

    func split(_ path: String) -> SplitResult {
        var result = SplitResult(path: path)
        do {
            if try isImage(path) {
                try splitImage(path, into: &result)
            } else {
                try splitPDF(path, into: &result)
            }
        } catch {
            let failure = PageMessages.failure(StageName.split, error)
            result.messages.append(.init(isError: true, text: failure.message))
            var record = PageRecord(doc: path, source: sourceGuess(path), page: nil, pageCount: nil, selected: 1)
            record.fail(.error, failure)
            result.records = [record]
            result.status = error.code == "missing" || error.code == "unreadable" ? .noInput : .someFailed
        }
        // Two files given under one path (`x.pdf` from two folders) must not merge into one document.
        if let id = FileIdentity.of(path) {
            for i in result.records.indices { result.records[i].setFileID(id) }
        }
        if strict {
            let refused = result.records.indices.filter { result.records[$0].failIfDamaged(stage: StageName.split) }
            if let first = refused.first, let message = result.records[first]["error"]?.objectValue?["message"]?.stringValue {
                let pages = refused.count == 1 ? "1 page" : "\(refused.count) pages"
                result.messages.append(.init(isError: true, text: "\(pages) \(message)"))
                result.status = result.status.worst(.someFailed)
            }
        }
        return result
    }

    func isImage(_ path: String) throws(UnifexError) -> Bool {
        try checkReadable(path)
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw UnifexError(code: "unreadable", message: "cannot open file")
        }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)).map { Array($0) } ?? []
        return ImageFile.looksLikeImage(header)
    }

    private func sourceGuess(_ path: String) -> String {
        let ext = (path as NSString).pathExtension.lowercased()
        return ["png", "jpg", "jpeg", "tif", "tiff", "bmp", "gif", "webp", "pnm", "jp2"].contains(ext) ? RecordSource.image : RecordSource.pdf
    }

    func selected(_ pageCount: Int) -> [Int] {
        selection?.pages(of: pageCount) ?? Array(1...pageCount)
    }

    private func nothingSelected(_ path: String, source: String, pageCount: Int, into result: inout SplitResult) {
        var record = PageRecord(doc: path, source: source, page: nil, pageCount: pageCount, selected: 1)
        record.status = .skipped
        record["error"] = .object(JSONObject([
            ("stage", .string(StageName.split)), ("code", .string("no-pages-selected")),
            ("message", .string("--pages selects none of the document's \(pageCount) pages")),
        ]))
        result.messages.append(.init(isError: false, text: "--pages selects none of the document's \(pageCount) pages"))
        result.records.append(record)
    }

    private func splitPDF(_ path: String, into result: inout SplitResult) throws(UnifexError) {
        let document = try PDFTextDocument(path: path, password: password)
        let pages = selected(document.pageCount)
        guard !pages.isEmpty else {
            nothingSelected(path, source: RecordSource.pdf, pageCount: document.pageCount, into: &result)
            return
        }
        let outline = document.outline()
        for number in pages {
            var record = PageRecord(doc: path, source: RecordSource.pdf, page: number, pageCount: document.pageCount, selected: pages.count)
            if let entries = outline[number] { record["outline"] = .array(entries.map(\.json)) }
            var warnings = number == pages.first ? document.openWarnings : []
            if let geometry = document.geometry(page: number) {
                record["width"] = .double(geometry.width)
                record["height"] = .double(geometry.height)
                record["rotation"] = .int(geometry.rotation)
                warnings += geometry.warnings
            } else {
                record.fail(.error, RecordError(stage: StageName.split, code: "damaged", message: "page \(number) cannot be loaded"))
            }
            if password != nil { record["encrypted"] = .bool(true) }
            if number == pages.first {
                // Document-level facts ride on the first record; ux-merge lifts them into the document.
                let info = document.metadata()
                if !info.isEmpty { record["metadata"] = .object(JSONObject(info.map { ($0.key, .string($0.value)) })) }
            }
            record.addWarnings(warnings)
            record.markDamaged(!document.openWarnings.isEmpty || !warnings.isEmpty)
            result.records.append(record)
        }
    }

    private func splitImage(_ path: String, into result: inout SplitResult) throws(UnifexError) {
        let infos = try ImageFile.pages(of: path)
        let pages = selected(infos.count)
        guard !pages.isEmpty else {
            nothingSelected(path, source: RecordSource.image, pageCount: infos.count, into: &result)
            return
        }
        for number in pages {
            let info = infos[number - 1]
            // Without a stored resolution, or with one no scanner or screen writes, assume the
            // usual one of scans and say so.
            let stored = info.dpi.map(Double.init)
            let believed = Resolution.believed(stored)
            let dpi = believed ?? Double(Resolution.assumedForImages)
            var record = PageRecord(doc: path, source: RecordSource.image, page: number, pageCount: infos.count, selected: pages.count)
            record["width"] = .double(Double(info.pixelWidth) * 72 / dpi)
            record["height"] = .double(Double(info.pixelHeight) * 72 / dpi)
            record["rotation"] = .int(0)
            record["dpi"] = .int(Int(dpi))
            if believed == nil { record["dpi_assumed"] = .bool(true) }
            record["pixel_width"] = .int(info.pixelWidth)
            record["pixel_height"] = .int(info.pixelHeight)
            if let stored, believed == nil {
                let range = Resolution.plausibleForImages
                record.addWarnings(["image resolution \(Int(stored)) dpi is implausible (not \(Int(range.lowerBound))-\(Int(range.upperBound))); \(Resolution.assumedForImages) dpi assumed"])
            }
            result.records.append(record)
        }
    }
}
