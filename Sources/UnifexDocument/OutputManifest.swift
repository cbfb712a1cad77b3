import Foundation
public import UnifexCore

/// What each output file of an `--output-dir` holds: `DIR/.unifex-outputs`, one JSON line per
/// document written, `{"file", "doc", "file_id", "status", "pages", "page_count"}` (`pages`: the
/// pages read ok, as ranges `[[1,3],[7,7]]`), appended as documents are written; a format that
/// writes a document as several files (csv: one a table) adds `"files"`, their names.
///
/// A file name alone does not say which document is in it: `../a.pdf` and `a.pdf` map to one
/// name, a second document of that name goes to `a.pdf~2.json`, and a PDF replaced at its path
/// since is another document. The manifest lets `ux-split --skip-done` skip exactly the
/// documents whose output is there, complete and ok, for the file as it is now. Each line is one
/// `O_APPEND` write, so the ux-merge runs of a parallel batch can share one folder.
public enum OutputManifest {
    public static let fileName = ".unifex-outputs"

    public struct Entry: Sendable, Equatable {
        public var file: String
        public var status: String
        /// The files the document was written as, when not as `file` itself (none for a
        /// document without tables in csv).
        public var files: [String]? = nil
        /// The pages read ok that the output holds, and the document's page count: a `--pages`
        /// selection is not the whole document. Nil in lines that do not say.
        public var pages: [ClosedRange<Int>]? = nil
        public var pageCount: Int? = nil
        /// The format written (`--format`); lines that do not say are read by the file's extension.
        public var format: String? = nil
    }

    /// Adds a line for a document just written to `file` (relative to the folder), or to `files`
    /// in its stead, in `format`, through the manifest's open descriptor `fd` (one O_APPEND write).
    static func append(file: String, files: [String]? = nil, format: String, document: AssembledDocument,
                       to fd: Int32, path: String) throws(UnifexError) {
        var o = JSONObject([("file", .string(file)), ("doc", .string(document.key.doc))])
        o["file_id"] = document.key.fileID.map(JSONValue.string) ?? .null
        o["status"] = .string(document.status)
        o["format"] = .string(format)
        if let files { o["files"] = .array(files.map(JSONValue.string)) }
        let ok = document.pages.filter { $0.status == .ok }.compactMap(\.page).sorted()
        o["pages"] = .array(DocumentAssembler.ranges(ok).map { .array([.int($0.lowerBound), .int($0.upperBound)]) })
        o["page_count"] = document.pageCount.map(JSONValue.int) ?? .null
        var line: [UInt8] = []
        JSONValue.object(o).write(to: &line)
        line.append(0x0A)
        guard writeAll(fd: fd, line) else { throw UnifexError(code: "io", message: "cannot write \(path): \(String(cString: strerror(errno)))") }
    }

    /// Each document's entries in `directory`'s manifest, the latest for each output file (a
    /// later write of the same file replaced it), in the order first written; nil when the folder
    /// has no manifest (written before there was one). One document has several output files
    /// when it was written in several `--pages` selections.
    public static func load(_ directory: String) -> [DocumentKey: [Entry]]? {
        guard let data = FileManager.default.contents(atPath: directory + "/" + fileName) else { return nil }
        var entries: [DocumentKey: [Entry]] = [:]
        for line in data.split(separator: 0x0A) {
            guard let o = try? JSONValue.parse(Array(line)).objectValue, let file = o["file"]?.stringValue,
                  let doc = o["doc"]?.stringValue, let status = o["status"]?.stringValue else { continue }
            let files = o["files"]?.arrayValue.map { $0.compactMap(\.stringValue) }
            let format = o["format"]?.stringValue ?? OutputLayout.format(ofFile: file)
            let entry = Entry(file: file, status: status, files: files, pages: pageRanges(o["pages"]),
                              pageCount: o["page_count"]?.intValue, format: format)
            let key = DocumentKey(doc: doc, fileID: o["file_id"]?.stringValue)
            if let i = entries[key]?.firstIndex(where: { $0.file == file }) {
                entries[key]![i] = entry
            } else {
                entries[key, default: []].append(entry)
            }
        }
        return entries
    }

    /// `[[1,3],[7,7]]` as ranges; nil when the value is missing or not that shape.
    private static func pageRanges(_ value: JSONValue?) -> [ClosedRange<Int>]? {
        guard let items = value?.arrayValue else { return nil }
        var ranges: [ClosedRange<Int>] = []
        for item in items {
            guard let pair = item.arrayValue, pair.count == 2, let first = pair[0].intValue, let last = pair[1].intValue,
                  first <= last else { return nil }
            ranges.append(first...last)
        }
        return ranges
    }
}

/// The documents an `--output-dir` already holds complete and ok in one format, as
/// `ux-split --skip-done` asks. Only outputs in the format asked for count: a folder written as
/// json holds no csv. Only names inside the folder count, and only regular files: a manifest line
/// naming `../../etc/x`, or an output replaced by a link, stands for nothing.
public struct DoneOutputs {
    private let directory: String
    private let format: String
    private let manifest: [DocumentKey: [OutputManifest.Entry]]?

    public init(in directory: String, format: String) {
        self.directory = directory
        self.format = format
        manifest = OutputManifest.load(directory)
    }

    /// The formats the folder holds outputs in, other than the one asked for: to tell a user who
    /// resumes in one format a folder written in another.
    public var otherFormats: [String] {
        var seen: Set<String> = []
        for entries in manifest?.values ?? [:].values {
            for entry in entries { if let f = entry.format, f != format { seen.insert(f) } }
        }
        return seen.sorted()
    }

    /// True when the document at `path` (the file there now) has outputs, complete and ok, that
    /// hold every page wanted: `wanted` gives them, as ranges, for the document's page count (all
    /// of them, or a `--pages` selection). An output of other pages, or one that does not say
    /// which pages it holds, does not count: the document is done again rather than pages left out.
    /// Pages are compared as ranges, never one by one: a manifest line can claim any page count.
    public func contains(_ path: String, wanted: (_ pageCount: Int) -> [ClosedRange<Int>]) -> Bool {
        guard let manifest else { return OutputLayout.isDone(path, format: format, in: directory) }
        let entries = manifest[DocumentKey(doc: path, fileID: FileIdentity.of(path))] ?? manifest[DocumentKey(doc: path, fileID: nil)] ?? []
        let done = entries.filter { $0.status == "ok" && $0.format == format && isWhole($0) }
        guard let pageCount = done.lazy.compactMap(\.pageCount).first, pageCount > 0 else { return false }
        let held = Self.merged(done.compactMap(\.pages).joined())
        let pages = wanted(pageCount)
        return !pages.isEmpty && pages.allSatisfy { range in held.contains { $0.lowerBound <= range.lowerBound && range.upperBound <= $0.upperBound } }
    }

    /// The ranges joined where they overlap or touch: [1...3, 4...6, 9...9] as [1...6, 9...9].
    static func merged(_ ranges: some Sequence<ClosedRange<Int>>) -> [ClosedRange<Int>] {
        var result: [ClosedRange<Int>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, range.lowerBound <= last.upperBound || range.lowerBound - 1 == last.upperBound {
                result[result.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }

    /// The entry's output is all there: written whole and not removed since.
    private func isWhole(_ entry: OutputManifest.Entry) -> Bool {
        guard PathName.staysInside(entry.file) else { return false }
        guard let files = entry.files else { return OutputLayout.isComplete(entry.file, in: directory) }
        // Written as several files: whole while no incomplete-marker stands for the document and
        // none of its files is gone.
        return !OutputLayout.isMarkedIncomplete(entry.file, in: directory)
            && files.allSatisfy { PathName.staysInside($0) && OutputLayout.isRegularFile(PathName.join(directory, $0)) }
    }
}
