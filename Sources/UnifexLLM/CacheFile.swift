#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import UnifexCore

/// Writes one cache entry whole or not at all: a temporary beside it with an unpredictable name,
/// created O_EXCL|O_NOFOLLOW (so nobody can plant a link there to be written through), then
/// rename(2). Two runs sharing a cache, or a run killed mid-write, never leave half an entry.
enum CacheFile {
    static func write(_ bytes: [UInt8], to path: String) throws(CacheError) {
        let directory = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        try makeDirectories(directory)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<16 {
            let suffix = String(generator.next() as UInt64, radix: 16)
            let temporary = "\(directory)/.entry-\(getpid())-\(suffix).tmp"
            let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if fd < 0 {
                if errno == EEXIST { continue }
                throw failure("cannot create \(temporary)")
            }
            let written = writeAll(fd: fd, bytes)
            let closed = close(fd) == 0
            guard written, closed, rename(temporary, path) == 0 else {
                let error = failure("cannot write \(path)")
                unlink(temporary)
                throw error
            }
            return
        }
        throw CacheError(message: "cannot create a temporary file in \(directory)")
    }

    /// mkdir -p, private to this user: answers may hold what the pages said.
    private static func makeDirectories(_ path: String) throws(CacheError) {
        guard !path.isEmpty else { return }
        var info = stat()
        if stat(path, &info) == 0 { return }
        try makeDirectories(String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)]))
        guard mkdir(path, 0o700) == 0 || errno == EEXIST else { throw failure("cannot create \(path)") }
    }

    private static func failure(_ what: String) -> CacheError {
        CacheError(message: "\(what): \(String(cString: strerror(errno)))")
    }
}

/// Why an answer could not be stored, with the system's reason.
public struct CacheError: Error, Sendable {
    public let message: String
}
