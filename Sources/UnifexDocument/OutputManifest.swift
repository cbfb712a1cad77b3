import Foundation
public import UnifexCore

/// What each output file of an `--output-dir` holds: `DIR/.unifex-outputs`, one JSON line per
/// document written, `{"file", "doc", "file_id", "status"}`, appended as documents are written;
/// a format that writes a document as several files (csv: one a table) adds `"files"`, their names.
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
    }

    /// Adds a line for a document just written to `file` (relative to `directory`), or to `files`
    /// in its stead.
    public static func append(file: String, files: [String]? = nil, document: DocumentKey, status: String,
                              in directory: String) throws(UnifexError) {
        var o = JSONObject([("file", .string(file)), ("doc", .string(document.doc))])
        o["file_id"] = document.fileID.map(JSONValue.string) ?? .null
        o["status"] = .string(status)
        if let files { o["files"] = .array(files.map(JSONValue.string)) }
        var line: [UInt8] = []
        JSONValue.object(o).write(to: &line)
        line.append(0x0A)
        let path = directory + "/" + fileName
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw UnifexError(code: "io", message: "cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard writeAll(fd: fd, line) else { throw UnifexError(code: "io", message: "cannot write \(path): \(String(cString: strerror(errno)))") }
    }

    /// The latest entry of each document in `directory`'s manifest, or nil when it has none (a
    /// folder written before there was one).
    public static func load(_ directory: String) -> [DocumentKey: Entry]? {
        guard let data = FileManager.default.contents(atPath: directory + "/" + fileName) else { return nil }
        var entries: [DocumentKey: Entry] = [:]
        for line in data.split(separator: 0x0A) {
            guard let o = try? JSONValue.parse(Array(line)).objectValue, let file = o["file"]?.stringValue,
                  let doc = o["doc"]?.stringValue, let status = o["status"]?.stringValue else { continue }
            let files = o["files"]?.arrayValue.map { $0.compactMap(\.stringValue) }
            entries[DocumentKey(doc: doc, fileID: o["file_id"]?.stringValue)] = Entry(file: file, status: status, files: files)
        }
        return entries
    }
}

/// The documents an `--output-dir` already holds complete and ok, as `ux-split --skip-done` asks.
public struct DoneOutputs {
    private let directory: String
    private let manifest: [DocumentKey: OutputManifest.Entry]?

    public init(in directory: String) {
        self.directory = directory
        manifest = OutputManifest.load(directory)
    }

    /// True when the document at `path` (the file there now) has an output that is complete and ok.
    public func contains(_ path: String) -> Bool {
        guard let manifest else { return OutputLayout.isDone(path, in: directory) }
        let entry = manifest[DocumentKey(doc: path, fileID: FileIdentity.of(path))] ?? manifest[DocumentKey(doc: path, fileID: nil)]
        guard let entry, entry.status == "ok" else { return false }
        guard let files = entry.files else { return OutputLayout.isComplete(entry.file, in: directory) }
        // Written as several files: done while no incomplete-marker stands for the document and
        // none of its files is gone.
        return !OutputLayout.isMarkedIncomplete(entry.file, in: directory)
            && files.allSatisfy { access(directory + "/" + $0, F_OK) == 0 }
    }
}
