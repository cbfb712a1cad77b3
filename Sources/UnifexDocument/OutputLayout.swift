import UnifexCore
#if canImport(Glibc)
import Glibc
#endif

/// Where ux-merge --output-dir puts a document, and how ux-split --skip-done finds it again.
public enum OutputLayout {
    /// File extensions of the formats ux-merge writes, by format name.
    public static let extensions = Dictionary(uniqueKeysWithValues: DocumentFormats.all.map { ($0.name, $0.fileExtension) })

    /// The document's path as given, made relative (no leading '/', no '.' or '..'), with the
    /// format's extension added, so `a.pdf` and `a.png` do not collide.
    public static func fileName(for doc: String, format: String) -> String {
        let parts = doc.split(separator: "/").filter { $0 != "." && $0 != ".." && !$0.isEmpty }
        let name = parts.isEmpty ? "document" : parts.joined(separator: "/")
        return name + "." + (extensions[format] ?? format)
    }

    /// The marker beside an output file (`a.pdf.txt` → `.a.pdf.txt.unifex-incomplete`) that says
    /// the document in it is not complete and ok (partial, error or skipped). Plain text, TSV and
    /// the other formats have no place for a status, so it lives beside them, for every format.
    public static func incompleteMarker(for fileName: String) -> String {
        let parts = fileName.split(separator: "/", omittingEmptySubsequences: false)
        let folder = parts.dropLast().joined(separator: "/")
        return (folder.isEmpty ? "" : folder + "/") + "." + (parts.last.map(String.init) ?? "") + ".unifex-incomplete"
    }

    /// `name` with `~n` before its extension: the name of another document that maps to `name`.
    public static func numbered(_ name: String, _ n: Int) -> String {
        guard let dot = name.lastIndex(of: "."), !name[dot...].contains("/") else { return name + "~\(n)" }
        return name[..<dot] + "~\(n)" + name[dot...]
    }

    /// The format whose files end as `file` does, for manifest lines that do not name theirs.
    public static func format(ofFile file: String) -> String? {
        extensions.first { file.hasSuffix("." + $0.value) }?.key
    }

    /// True when `directory` holds an output for `doc` in `format` that is complete and ok (a
    /// folder without a manifest, written before there was one); one written as partial, error or
    /// skipped has its marker and is to be done again.
    public static func isDone(_ doc: String, format: String, in directory: String) -> Bool {
        isComplete(fileName(for: doc, format: format), in: directory)
    }

    /// True when the output file `name` is in `directory`, a regular file (not a link), without
    /// its incomplete-marker.
    static func isComplete(_ name: String, in directory: String) -> Bool {
        isRegularFile(PathName.join(directory, name)) && !isMarkedIncomplete(name, in: directory)
    }

    /// True when the incomplete-marker of the output `name` stands in `directory`.
    static func isMarkedIncomplete(_ name: String, in directory: String) -> Bool {
        var info = stat()
        return lstat(PathName.join(directory, incompleteMarker(for: name)), &info) == 0
    }

    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }
}
