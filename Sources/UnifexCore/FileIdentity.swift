#if canImport(Glibc)
import Glibc
#endif

/// What tells one file from another when their paths, as given, are the same string (`x.pdf`
/// in two folders), and a file from itself after it was written again:
/// `"<st_dev>:<st_ino>:<st_size>:<st_mtime in ns>"`. The device and inode name the file; its size
/// and time of last change tell a copy written over it in place (`cp new.pdf x.pdf` keeps the
/// inode) from what ux-split read.
public enum FileIdentity {
    /// The identity of the file at `path` (links followed, as opening it would), or nil when
    /// there is no such file.
    public static func of(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let modified = Int64(info.st_mtim.tv_sec) &* 1_000_000_000 &+ Int64(info.st_mtim.tv_nsec)
        return "\(info.st_dev):\(info.st_ino):\(info.st_size):\(modified)"
    }

    /// The file an identity names, whatever was written into it since: `<st_dev>:<st_ino>` (all of
    /// an identity of that older form).
    public static func file(_ id: String) -> Substring {
        guard let first = id.firstIndex(of: ":"), let second = id[id.index(after: first)...].firstIndex(of: ":") else { return id[...] }
        return id[..<second]
    }

    /// Whether the file found now is the one `recorded` names, as far as it says: the whole
    /// identity, or the file alone for an identity of the older `<st_dev>:<st_ino>` form (records
    /// kept from before), which cannot tell a file written again in place.
    public static func same(_ found: String, as recorded: String) -> Bool {
        found == recorded || (file(recorded) == recorded[...] && file(found) == recorded[...])
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
