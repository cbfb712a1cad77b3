import Foundation

/// Reads records from stdin, reporting malformed lines on stderr and turning each into an
/// error record that keeps the original line.
public final class RecordReader {
    private let lines: LineReader
    private let name: String
    private let stage: String
    /// Malformed input lines seen so far.
    public private(set) var badLines = 0

    /// `stage` names the reader in the error records of malformed lines.
    public init(fd: Int32 = 0, name: String = "stdin", stage: String) {
        lines = LineReader(fd: fd)
        self.name = name
        self.stage = stage
    }

    /// The next record (a bad-input error record for a malformed line), or nil at end of input.
    /// Blank lines carry nothing and are skipped.
    public func next() -> PageRecord? {
        while let line = lines.next() {
            if line.isBlankLine { continue }
            let (record, error) = PageRecord.decode(line: line, number: lines.lineNumber, stage: stage)
            if let error {
                badLines += 1
                MalformedLine.report(error, line: lines.lineNumber, in: name)
            }
            return record
        }
        if let code = lines.readError { MalformedLine.reportReadError(code, in: name) }
        return nil
    }

    public var readFailed: Bool { lines.readError != nil }
}

/// What every tool says about input it cannot read, in one wording.
public enum MalformedLine {
    /// `stdin:3: unexpected end of JSON`: the line's number and why it is not a record.
    public static func report(_ error: RecordError, line: Int, in name: String = "stdin") {
        Diagnostics.error(error.message, at: "\(name):\(line)")
    }

    /// The input itself failed (an I/O error, not a bad line).
    public static func reportReadError(_ code: Int32, in name: String = "stdin") {
        Diagnostics.error("cannot read input: \(String(cString: strerror(code)))", at: name)
    }
}
