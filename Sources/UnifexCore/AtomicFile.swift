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
        try write(to: path) { fd throws(RecordError) in
            guard writeAll(fd: fd, bytes) else {
                throw RecordError(stage: "merge", code: "io", message: String(cString: strerror(errno)))
            }
        }
    }

    /// Lets `body` write the file's contents to a descriptor, a piece at a time; the file
    /// appears under its name only once `body` has succeeded.
    public static func write(to path: String, _ body: (Int32) throws(RecordError) -> Void) throws(RecordError) {
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
        do {
            try body(fd)
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw RecordError(stage: "merge", code: "io", message: reason)
        }
    }
}
