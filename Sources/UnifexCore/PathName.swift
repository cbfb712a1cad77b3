/// Path names taken apart as POSIX does, on the bytes given: no normalisation, no look at the file
/// system, no Foundation (whose `deletingLastPathComponent` has trapped on a one-letter relative
/// name). `dirname(3)`'s rules, with "" instead of "." for a name without a folder.
public enum PathName {
    /// The folder part of `path`: "a/b" → "a", "a/b/" → "a", "/a" → "/", "a" → "", "/" → "/".
    public static func parent(of path: String) -> String {
        var bytes = Array(path.utf8)
        while bytes.count > 1, bytes.last == slash { bytes.removeLast() }
        guard let cut = bytes.lastIndex(of: slash) else { return "" }
        var end = cut
        while end > 0, bytes[end - 1] == slash { end -= 1 }
        return end == 0 ? "/" : String(decoding: bytes[..<end], as: UTF8.self)
    }

    /// The last component of `path`: "a/b" → "b", "a/b/" → "b", "a" → "a", "/" → "/".
    public static func lastComponent(of path: String) -> String {
        var bytes = Array(path.utf8)
        while bytes.count > 1, bytes.last == slash { bytes.removeLast() }
        guard let cut = bytes.lastIndex(of: slash), bytes.count > 1 else { return String(decoding: bytes, as: UTF8.self) }
        return String(decoding: bytes[(cut + 1)...], as: UTF8.self)
    }

    /// `name` inside `folder`, with one slash between them however `folder` ends.
    public static func join(_ folder: String, _ name: String) -> String {
        if folder.isEmpty { return name }
        return folder.utf8.last == slash ? folder + name : folder + "/" + name
    }

    /// True when `name` stays inside the folder it is relative to: not empty, not absolute, no
    /// `..` component. A name read from a file (a manifest line) must pass this before it is used.
    public static func staysInside(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.first != slash, !name.utf8.contains(0) else { return false }
        return !name.split(separator: "/", omittingEmptySubsequences: true).contains("..")
    }

    private static let slash = UInt8(ascii: "/")
}
