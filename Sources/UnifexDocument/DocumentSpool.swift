import Foundation
import UnifexCore

/// Page records waiting on disk for their document to complete, so memory does not grow with
/// the size of documents. An unlinked temporary file: nothing is left behind, even after kill -9.
final class DocumentSpool {
    private let fd: Int32
    private var size = 0

    init() throws(UnifexError) {
        let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        var template = Array("\(base)/unifex-spool-XXXXXX".utf8CString)
        fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw UnifexError(code: "io", message: "cannot create a spool file in \(base): \(String(cString: strerror(errno)))")
        }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
    }

    deinit { close(fd) }

    func append(_ bytes: [UInt8]) throws(UnifexError) -> Range<Int> {
        guard writeAll(fd: fd, bytes) else {
            throw UnifexError(code: "io", message: "cannot write spool file: \(String(cString: strerror(errno)))")
        }
        defer { size += bytes.count }
        return size..<(size + bytes.count)
    }

    func read(_ range: Range<Int>) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: range.count)
        var done = 0
        while done < range.count {
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, range.count - done, off_t(range.lowerBound + done)) }
            if n <= 0 { break }
            done += n
        }
        return bytes
    }
}

