#if canImport(Glibc)
import Glibc
#endif

/// What tells one file from another when their paths, as given, are the same string (`x.pdf`
/// in two folders): the device and inode it lives at, `"<st_dev>:<st_ino>"`.
public enum FileIdentity {
    /// The identity of the file at `path` (links followed, as opening it would), or nil when
    /// there is no such file.
    public static func of(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return "\(info.st_dev):\(info.st_ino)"
    }
}

extension PageRecord {
    /// The file the record's document was read from (`file_id`, written by ux-split), if known.
    public var fileID: String? { object["file_id"]?.stringValue }

    /// Sets `file_id`, right after `doc`, where a reader looks for what the record is about.
    public mutating func setFileID(_ id: String) {
        if object["file_id"] != nil { object["file_id"] = .string(id); return }
        let at = object.pairs.firstIndex { $0.key == "doc" }.map { $0 + 1 } ?? object.pairs.count
        object.pairs.insert(("file_id", .string(id)), at: at)
    }

    /// What a record's document is known by: its path as given and, when the record carries it,
    /// the file's identity, so two files given under one path stay two documents. Records
    /// without `file_id` (older streams, records made by hand) are known by their path alone.
    public var documentKey: DocumentKey? { doc.map { DocumentKey(doc: $0, fileID: fileID) } }
}

/// A document as ux-merge and progress tell documents apart: path as given, and file identity.
public struct DocumentKey: Hashable, Sendable {
    public var doc: String
    public var fileID: String?

    public init(doc: String, fileID: String?) { self.doc = doc; self.fileID = fileID }
}
