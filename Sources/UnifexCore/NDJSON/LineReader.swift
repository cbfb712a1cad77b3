#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Collection<UInt8> {
    /// Spaces and tabs only: a line that carries nothing.
    public var isBlankLine: Bool { allSatisfy { $0 == 0x20 || $0 == 0x09 } }
}

/// Reads newline-delimited lines (or NUL-delimited items, as `find -print0` writes them) from a
/// file descriptor without holding more than one line.
public final class LineReader {
    private let fd: Int32
    private let terminator: UInt8
    private var buffer: [UInt8] = []
    private var start = 0
    /// Where the search for the next newline resumes: a long line is scanned once, not once per read.
    private var scanned = 0
    private var atEOF = false
    /// The 1-based number of the line last returned.
    public private(set) var lineNumber = 0
    public private(set) var readError: Int32? = nil

    /// `terminator` ends a line: "\n" (the default; a "\r" before it is dropped too) or NUL.
    public init(fd: Int32, terminator: UInt8 = 0x0A) {
        self.fd = fd
        self.terminator = terminator
    }

    /// The next line without its terminator ("\n" or "\r\n"; or NUL), or nil at end of input.
    public func next() -> ArraySlice<UInt8>? {
        while true {
            if let nl = terminatorIndex(from: max(start, scanned)) {
                var end = nl
                if terminator == 0x0A, end > start, buffer[end - 1] == 0x0D { end -= 1 }
                let line = buffer[start..<end]
                start = nl + 1
                scanned = start
                lineNumber += 1
                return line
            }
            scanned = buffer.count
            if atEOF {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                start = buffer.count
                lineNumber += 1
                return line
            }
            fill()
        }
    }

    /// The index of the first terminator in `buffer` from `from` on: memchr, as records run to tens
    /// of KiB a line.
    private func terminatorIndex(from: Int) -> Int? {
        guard from < buffer.count else { return nil }
        return buffer.withUnsafeBytes { bytes -> Int? in
            guard let base = bytes.baseAddress,
                  let hit = memchr(base + from, Int32(terminator), bytes.count - from) else { return nil }
            return base.distance(to: UnsafeRawPointer(hit))
        }
    }

    private func fill() {
        if start > 0 {
            buffer.removeSubrange(0..<start)
            scanned -= start
            start = 0
        }
        let chunk = 1 << 16
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: chunk))
        var n: Int
        repeat {
            n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + old, chunk) }
        } while n < 0 && errno == EINTR
        if n < 0 { readError = errno }
        buffer.removeLast(chunk - max(n, 0))
        if n <= 0 { atEOF = true }
    }
}
