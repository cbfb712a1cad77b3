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

    /// True when `directory` holds an output for `doc` (in any format) that is complete and ok;
    /// one written as partial, error or skipped has its marker and is to be done again.
    public static func isDone(_ doc: String, in directory: String) -> Bool {
        extensions.keys.contains { isComplete(fileName(for: doc, format: $0), in: directory) }
    }

    /// True when the output file `name` is in `directory` without its incomplete-marker.
    static func isComplete(_ name: String, in directory: String) -> Bool {
        access(directory + "/" + name, F_OK) == 0 && !isMarkedIncomplete(name, in: directory)
    }

    /// True when the incomplete-marker of the output `name` stands in `directory`.
    static func isMarkedIncomplete(_ name: String, in directory: String) -> Bool {
        access(directory + "/" + incompleteMarker(for: name), F_OK) == 0
    }
}

/// The output files handed out in one run. Different paths can map to one file name (`../a.pdf` and
/// `a.pdf`, `/x/a.pdf` and `x/a.pdf`), two files can be given under one path (`x.pdf` from two
/// folders), and one file can come as two documents (two `--pages` selections of it, or its
/// pages and a document-level record); the second document then gets `a.pdf~2.json` instead of
/// overwriting the first. Keeps a hash per name handed out, not the names, so memory stays small.
public struct OutputNames {
    private var taken: Set<Int> = []

    public init() {}

    /// The file name the next document written is given: `name`, or, when an earlier document of
    /// this run has it, `name` with `~2`, `~3`, ... before its extension. Each call is one document.
    public mutating func claim(_ name: String) -> String {
        var candidate = name
        var n = 1
        while taken.contains(candidate.hashValue) {
            n += 1
            candidate = Self.numbered(name, n)
        }
        taken.insert(candidate.hashValue)
        return candidate
    }

    static func numbered(_ name: String, _ n: Int) -> String {
        guard let dot = name.lastIndex(of: "."), !name[dot...].contains("/") else { return name + "~\(n)" }
        return name[..<dot] + "~\(n)" + name[dot...]
    }
}
