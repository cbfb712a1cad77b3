import Foundation

/// Writes whole files atomically: a temporary file beside the target, then rename(2), so a
/// reader (or a rerun after a crash) never sees half a file.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String) throws(RecordError) {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory.isEmpty ? "." : directory, withIntermediateDirectories: true)
        } catch {
            throw RecordError(stage: "merge", code: "io", message: "cannot create directory \(directory)")
        }
        let temporary = path + ".tmp-\(getpid())"
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
