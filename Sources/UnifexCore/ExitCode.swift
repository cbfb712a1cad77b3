#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Exit codes shared by every tool, after BSD sysexits.
public enum ExitStatus: Int32, Sendable {
    /// Everything succeeded.
    case ok = 0
    /// The batch finished, but some records failed (error or timeout).
    case someFailed = 1
    /// Bad command line.
    case usage = 64
    /// Bad input data (malformed JSON lines).
    case dataError = 65
    /// An input file was missing or unreadable.
    case noInput = 66
    /// A dependency or language data is missing.
    case unavailable = 69
    /// Reading or writing failed.
    case ioError = 74
    /// Interrupted by a signal.
    case interrupted = 130

    /// The more serious of two outcomes, so a batch reports its worst problem.
    public func worst(_ other: ExitStatus) -> ExitStatus {
        func rank(_ s: ExitStatus) -> Int {
            switch s {
            case .ok: 0
            case .someFailed: 1
            case .dataError: 2
            case .noInput: 3
            case .unavailable: 4
            case .ioError: 5
            case .usage: 6
            case .interrupted: 7
            }
        }
        return rank(other) > rank(self) ? other : self
    }
}

/// Ends the process without running exit handlers or library destructors: a worker thread may
/// still be inside poppler or tesseract (abandoned after a timeout, or busy when the reader
/// downstream went away), and their global destructors would race with it and crash.
/// Output is written with write(2); stdio is flushed first.
public func exitProcess(_ code: Int32) -> Never {
    fflush(nil)
    _exit(code)
}
