#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes records to stdout, one per line, each line in a single write.
///
/// A closed pipe downstream (`ux-split big.pdf | head -1`) ends the process quietly with
/// status 0, as ripgrep does: the reader got what it asked for.
public final class RecordWriter: @unchecked Sendable {
    private let fd: Int32
    private let lock = Lock()
    private var scratch: [UInt8] = []

    public init(fd: Int32 = 1) {
        self.fd = fd
        signal(SIGPIPE, SIG_IGN)
    }

    public func write(_ record: PageRecord) {
        lock.withLock {
            scratch.removeAll(keepingCapacity: true)
            record.write(to: &scratch)
            scratch.append(0x0A)
            emit(scratch)
        }
    }

    /// Writes raw bytes (already formatted output such as plain text).
    public func writeRaw(_ bytes: [UInt8]) {
        lock.withLock { emit(bytes) }
    }

    private func emit(_ bytes: [UInt8]) {
        if !writeAll(fd: fd, bytes) {
            // Workers may be inside a C library right now: leave without exit handlers.
            if errno == EPIPE { exitProcess(ExitStatus.ok.rawValue) }
            Diagnostics.error("cannot write output: \(String(cString: strerror(errno)))")
            exitProcess(ExitStatus.ioError.rawValue)
        }
    }
}
