import Foundation

/// Fails with `missing` or `unreadable` before any library sees the path, so the message is exact.
/// Only regular files (or links to them) are read: a FIFO would block the reader forever, a device
/// would be read without end.
public func checkReadable(_ path: String) throws(UnifexError) {
    var info = stat()
    guard stat(path, &info) == 0 else {
        let code = errno
        if code == EACCES {
            throw UnifexError(code: "unreadable", message: "permission denied")
        }
        guard code == ENOENT || code == ENOTDIR else {
            throw UnifexError(code: "unreadable", message: String(cString: strerror(code)))
        }
        // Paths travel as JSON strings: bytes that are not UTF-8 arrive as U+FFFD and name no file.
        let why = path.contains("\u{FFFD}")
            ? "no such file (its name is not valid UTF-8, which records cannot carry; rename it, e.g. with convmv)"
            : "no such file"
        throw UnifexError(code: "missing", message: why)
    }
    if let kind = notRegular(info.st_mode) {
        throw UnifexError(code: "unreadable", message: "is \(kind), not a regular file")
    }
    guard access(path, R_OK) == 0 else {
        throw UnifexError(code: "unreadable", message: "permission denied")
    }
}

/// What a file that is not a regular file is, in words; nil for a regular file.
private func notRegular(_ mode: mode_t) -> String? {
    switch mode & S_IFMT {
    case S_IFREG: nil
    case S_IFDIR: "a directory"
    case S_IFIFO: "a FIFO (named pipe)"
    case S_IFCHR: "a character device"
    case S_IFBLK: "a block device"
    case S_IFSOCK: "a socket"
    default: "a special file"
    }
}
