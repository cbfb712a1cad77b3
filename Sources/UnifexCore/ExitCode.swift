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
