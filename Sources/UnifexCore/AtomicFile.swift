import Foundation

/// Writes whole files atomically: a temporary file beside the target, then rename(2), so a
/// reader (or a rerun after a crash) never sees half a file.
public enum AtomicFile {
    static let temporaryMarker = "unifex-tmp-"

    /// Removes temporary files a killed run left behind (their writer is gone), so a rerun
    /// leaves the folder exactly as an uninterrupted run would.
    public static func removeStaleTemporaries(in directory: String) {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return }
        for case let relative as String in walker {
            let name = (relative as NSString).lastPathComponent
            guard name.hasPrefix("."), let range = name.range(of: temporaryMarker),
                  let pid = Int32(name[range.upperBound...]) else { continue }
            if pid != getpid(), kill(pid, 0) != 0, errno == ESRCH {
                unlink(directory + "/" + relative)
            }
        }
    }

    public static func write(_ bytes: [UInt8], to path: String) throws(RecordError) {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory.isEmpty ? "." : directory, withIntermediateDirectories: true)
        } catch {
            throw RecordError(stage: "merge", code: "io", message: "cannot create directory \(directory)")
        }
        let name = (path as NSString).lastPathComponent
        let temporary = (directory.isEmpty ? "" : directory + "/") + ".\(name).\(temporaryMarker)\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw RecordError(stage: "merge", code: "io", message: String(cString: strerror(errno))) }
        let ok = writeAll(fd: fd, bytes)
        let reason = ok ? "" : String(cString: strerror(errno))
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw RecordError(stage: "merge", code: "io", message: ok ? String(cString: strerror(errno)) : reason)
        }
    }
}
