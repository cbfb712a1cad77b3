#if canImport(Glibc)
import Glibc
#endif

/// Where ux-merge --output-dir puts a document, and how ux-split --skip-done finds it again.
public enum OutputLayout {
    /// File extensions of the formats ux-merge writes.
    public static let extensions = ["json": "json", "text": "txt", "markdown": "md", "tsv": "tsv", "hocr": "hocr"]

    /// The document's path as given, made relative (no leading '/', no '.' or '..'), with the
    /// format's extension added, so `a.pdf` and `a.png` do not collide.
    public static func fileName(for doc: String, format: String) -> String {
        let parts = doc.split(separator: "/").filter { $0 != "." && $0 != ".." && !$0.isEmpty }
        let name = parts.isEmpty ? "document" : parts.joined(separator: "/")
        return name + "." + (extensions[format] ?? format)
    }

    /// True when a finished output for `doc` (in any format) is already in `directory`.
    public static func isDone(_ doc: String, in directory: String) -> Bool {
        extensions.keys.contains { format in
            access(directory + "/" + fileName(for: doc, format: format), F_OK) == 0
        }
    }
}
