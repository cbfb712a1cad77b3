public import Foundation

/// Writes whole files atomically: a temporary file beside the target, then rename(2), so a
/// reader (or a rerun after a crash) never sees half a file. A target that is a device or a pipe
/// is written into instead.
///
/// The temporary's name is `.NAME.unifex-tmp-PID-RANDOM`: unpredictable, so nobody can plant a
/// link there in advance, and created with O_EXCL|O_NOFOLLOW, so a link planted anyway is never
/// followed. The PID lets a later run tell a dead writer's leftovers from a live one's.
/// Used for ux-merge's outputs and ux-llm's answer cache (which keeps its files private: `mode`
/// 0600 in folders of `directoryMode` 0700).
public enum AtomicFile {
    static let temporaryMarker = "unifex-tmp-"

    /// Removes temporary files a killed run left behind (their writer is gone), so a rerun
    /// leaves the folder exactly as an uninterrupted run would. Only regular files of this user
    /// with a temporary's name are removed; links are neither followed nor removed.
    public static func removeStaleTemporaries(in directory: String) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        removeStale(in: fd, depth: 0)
    }

    /// Walks one directory (taking ownership of `fd`), through real subdirectories only.
    private static func removeStale(in fd: Int32, depth: Int) {
        guard let dir = fdopendir(fd) else { close(fd); return }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        for name in names {
            var info = stat()
            guard fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR where depth < 64:
                let child = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                if child >= 0 { removeStale(in: child, depth: depth + 1) }
            case S_IFREG where info.st_uid == geteuid() && info.st_nlink == 1:
                guard let pid = writer(ofTemporary: name), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
                unlinkat(fd, name, 0)
            default:
                continue
            }
        }
    }

    /// The PID in a temporary's name (`.NAME.unifex-tmp-PID-RANDOM`, or `.NAME.unifex-tmp-PID`
    /// as earlier versions named them), or nil when `name` is not a temporary's.
    static func writer(ofTemporary name: String) -> pid_t? {
        guard name.hasPrefix("."), let range = name.range(of: "." + temporaryMarker, options: .backwards) else { return nil }
        let tail = name[range.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
        guard tail.count == 1 || (tail.count == 2 && tail[1].count == 16 && tail[1].allSatisfy(\.isHexDigit)),
              tail[0].allSatisfy(\.isASCII), let pid = pid_t(tail[0]), pid > 0 else { return nil }
        return pid
    }

    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644,
                             directoryMode: mode_t = 0o777, named: Bool = false) throws(UnifexError) {
        try write(to: path, mode: mode, directoryMode: directoryMode, named: named) { fd throws(UnifexError) in
            guard writeAll(fd: fd, bytes) else { throw ioError(errno) }
        }
    }

    /// Lets `body` write the file's contents to a descriptor, a piece at a time; the file
    /// appears under its name only once `body` has succeeded.
    ///
    /// `named`: the path is one the user named (`--report FILE`), not one made inside an output
    /// folder. A device or a pipe named so (`/dev/null`, `/dev/stdout`, a FIFO a reader waits on) is
    /// written into, never renamed over: replacing /dev/null with a file would break every program
    /// on the machine. Inside folders, a link planted at a name is replaced, never followed.
    public static func write(to path: String, mode: mode_t = 0o644, directoryMode: mode_t = 0o777, named: Bool = false,
                             _ body: (Int32) throws(UnifexError) -> Void) throws(UnifexError) {
        var existing = stat()
        if named, stat(path, &existing) == 0 {
            switch existing.st_mode & S_IFMT {
            case S_IFCHR, S_IFIFO:
                try writeInto(path, body)
                return
            case S_IFDIR:
                throw UnifexError(code: "io", message: "\(path) is a directory")
            default:
                // A file, or a link through /proc to one (`/dev/stdout` redirected to a file): what
                // the name leads to, if it leads out of /dev and /proc, is replaced as any file is.
                var link = stat()
                if lstat(path, &link) == 0, link.st_mode & S_IFMT == S_IFLNK, path.hasPrefix("/dev/") || path.hasPrefix("/proc/") {
                    try writeInto(path, body)
                    return
                }
            }
        }
        let directory = PathName.parent(of: path)
        try makeDirectories(directory.isEmpty ? "." : directory, mode: directoryMode)
        var generator = SystemRandomNumberGenerator()
        let (fd, temporary) = try createTemporary(beside: path, using: &generator, mode: mode)
        do {
            try body(fd)
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        // Some file systems (NFS, quotas) report a full disk only when the file is closed.
        guard close(fd) == 0 else {
            let error = ioError(errno)
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let error = ioError(errno)
            unlink(temporary)
            throw error
        }
    }

    /// Writes into a device or a pipe as it is. A pipe nobody reads is an error, not a wait.
    private static func writeInto(_ path: String, _ body: (Int32) throws(UnifexError) -> Void) throws(UnifexError) {
        let fd = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else {
            let reason = errno == ENXIO ? "nothing reads from the pipe" : String(cString: strerror(errno))
            throw UnifexError(code: "io", message: "cannot write \(path): \(reason)")
        }
        defer { close(fd) }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        try body(fd)
    }

    /// A new temporary beside `path`, created exclusively, with `mode` (0644 unless asked otherwise).
    static func createTemporary(beside path: String, using generator: inout some RandomNumberGenerator,
                                mode: mode_t = 0o644) throws(UnifexError) -> (Int32, String) {
        let directory = PathName.parent(of: path)
        let name = PathName.lastComponent(of: path)
        for _ in 0..<100 {
            let random = String(generator.next() as UInt64, radix: 16)
            let suffix = String(repeating: "0", count: 16 - random.count) + random
            let temporary = PathName.join(directory, ".\(name).\(temporaryMarker)\(getpid())-\(suffix)")
            let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if fd >= 0 {
                // Created private so nobody reads a half-written file; readable like any output once complete.
                fchmod(fd, mode)
                return (fd, temporary)
            }
            guard errno == EEXIST else { throw ioError(errno) }
        }
        throw UnifexError(code: "io", message: "cannot create a temporary file in \(directory.isEmpty ? "." : directory)")
    }

    /// mkdir -p, failing with the system's reason (read-only file system, permission denied...).
    public static func makeDirectories(_ path: String, mode: mode_t = 0o777) throws(UnifexError) {
        var info = stat()
        if stat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else {
                throw UnifexError(code: "io", message: "cannot create directory \(path): \(String(cString: strerror(ENOTDIR)))")
            }
            return
        }
        let parent = PathName.parent(of: path)
        if !parent.isEmpty && parent != path { try makeDirectories(parent, mode: mode) }
        guard mkdir(path, mode) == 0 || errno == EEXIST else {
            throw UnifexError(code: "io", message: "cannot create directory \(path): \(String(cString: strerror(errno)))")
        }
    }

    private static func ioError(_ code: Int32) -> UnifexError {
        UnifexError(code: "io", message: String(cString: strerror(code)))
    }
}
