public import ArgumentParser
import Foundation
import UnifexCore

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
              ux-split corpus/*.pdf | ux-text | ux-ocr | ux-merge --output-dir out --format text

            \(exitStatusHelp)
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, text
    }

    @Option(help: "Output format: json (one document record per line) or text (pages end with a form feed).")
    var format: Format = .json

    @Option(name: .customLong("output-dir"), help: "Write one file per document into this directory instead of stdout.")
    var outputDir: String?

    @OptionGroup var progressOptions: ProgressOptions

    public init() {}

    public func run() throws {
        let writer = RecordWriter()
        var assembler = DocumentAssembler()
        let reader = RecordReader(stage: "merge")
        var summary = MergeSummary()
        let progress = progressOptions.reporter(tool: "ux-merge")

        let emit = { (document: AssembledDocument) in
            summary.add(document)
            report(document)
            if let outputDir {
                writeFile(document, into: outputDir)
            } else {
                switch format {
                case .json: writer.write(PageRecord(object: document.record))
                case .text: writer.writeRaw(Array(document.plainText.utf8))
                }
            }
        }

        while let record = reader.next() {
            progress.count(record)
            if record.doc == nil {
                // A malformed line reported upstream or here: keep it in the output, never drop it.
                summary.badRecords += 1
                if outputDir == nil && format == .json { writer.write(record) }
                continue
            }
            if let document = assembler.add(record) { emit(document) }
        }
        for document in assembler.drain() { emit(document) }
        progress.finish()

        summary.print(alwaysPrint: isatty(2) != 0 && progress.drawing == nil)
        var status: ExitStatus = summary.allOK ? .ok : .someFailed
        if reader.badLines > 0 { status = status.worst(.dataError) }
        if reader.readFailed { status = status.worst(.ioError) }
        finish(status.worst(summary.ioStatus))
    }

    private func report(_ document: AssembledDocument) {
        guard document.status != "ok" else { return }
        var reasons: [String] = []
        if let error = document.pages.first(where: { $0.page == nil })?.error { reasons.append(error.message) }
        let failed = document.failedPages.compactMap(\.page)
        if !failed.isEmpty { reasons.append("failed pages \(compactRanges(failed))") }
        if document.missingPages > 0 { reasons.append("\(document.missingPages) pages never arrived (input ended early)") }
        let message = "document \(document.status): " + reasons.joined(separator: "; ")
        if document.status == "skipped" { Diagnostics.warning(message, at: document.doc) } else { Diagnostics.error(message, at: document.doc) }
    }

    private func writeFile(_ document: AssembledDocument, into directory: String) {
        let bytes: [UInt8]
        switch format {
        case .json:
            var out: [UInt8] = []
            JSONValue.object(document.record).write(to: &out)
            out.append(0x0A)
            bytes = out
        case .text:
            bytes = Array(document.plainText.utf8)
        }
        let target = directory + "/" + outputName(for: document.doc, format: format.rawValue)
        do {
            try AtomicFile.write(bytes, to: target)
        } catch {
            Diagnostics.error("cannot write output: \(error.message)", at: target)
            MergeSummary.ioFailed = true
        }
    }
}

/// The file a document is written to under --output-dir: its path as given, made relative
/// (no leading '/', no '..'), with the format's extension added, so `a.pdf` and `a.png` differ.
func outputName(for doc: String, format: String) -> String {
    let parts = doc.split(separator: "/").filter { $0 != "." && $0 != ".." && !$0.isEmpty }
    let name = parts.isEmpty ? "document" : parts.joined(separator: "/")
    return name + "." + (format == "text" ? "txt" : format)
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

struct MergeSummary {
    nonisolated(unsafe) static var ioFailed = false
    var documents: [String: Int] = [:]
    var pages: [RecordStatus: Int] = [:]
    var badRecords = 0

    mutating func add(_ document: AssembledDocument) {
        documents[document.status, default: 0] += 1
        for page in document.pages where page.page != nil { pages[page.status, default: 0] += 1 }
    }

    var allOK: Bool {
        documents.keys.allSatisfy { $0 == "ok" || $0 == "skipped" } && badRecords == 0
    }

    var ioStatus: ExitStatus { Self.ioFailed ? .ioError : .ok }

    func print(alwaysPrint: Bool) {
        guard alwaysPrint || !allOK else { return }
        let docTotal = documents.values.reduce(0, +)
        let pageTotal = pages.values.reduce(0, +)
        let docParts = ["ok", "partial", "error", "skipped"].compactMap { s in documents[s].map { "\($0) \(s)" } }
        let pageParts = RecordStatus.allCases.compactMap { s in pages[s].map { "\($0) \(s.rawValue)" } }
        var line = "\(docTotal) documents (\(docParts.joined(separator: ", "))), \(pageTotal) pages (\(pageParts.joined(separator: ", ")))"
        if badRecords > 0 { line += ", \(badRecords) malformed input lines" }
        Diagnostics.note(line)
    }
}
