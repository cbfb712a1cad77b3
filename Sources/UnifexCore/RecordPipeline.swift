import Foundation

/// Reads records from stdin, reporting malformed lines on stderr and turning each into an
/// error record that keeps the original line.
public final class RecordReader {
    private let lines: LineReader
    private let name: String
    private let stage: String
    /// Malformed input lines seen so far.
    public private(set) var badLines = 0

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
                Diagnostics.error(error.message, at: "\(name):\(lines.lineNumber)")
            }
            return record
        }
        if let code = lines.readError {
            Diagnostics.error("cannot read input: \(String(cString: strerror(code)))", at: name)
        }
        return nil
    }

    public var readFailed: Bool { lines.readError != nil }
}

/// Counts what a tool wrote, by status, for its exit code and summary.
public final class StatusTally: @unchecked Sendable {
    private let lock = Lock()
    private var counts: [RecordStatus: Int] = [:]

    public init() {}

    public func add(_ status: RecordStatus) { lock.withLock { counts[status, default: 0] += 1 } }

    public subscript(status: RecordStatus) -> Int { lock.withLock { counts[status, default: 0] } }

    /// Errors and timeouts are failures; skipped pages were asked to be skipped.
    public var failures: Int { self[.error] + self[.timeout] }
}

/// The shared shape of a page-transforming tool (ux-text, ux-ocr): records in on stdin, the same
/// records out on stdout in the same order, the work done on `jobs` threads with a bounded window.
public enum Executor: String, Sendable, CaseIterable {
    case thread, process
}

public enum RecordPipeline {
    public struct Options: Sendable {
        /// Stage name written into timings and errors ("text", "ocr").
        public var stage: String
        public var jobs: Int
        /// Seconds one page may take; nil for no limit.
        public var timeout: Double?

        /// Counts what is written and shows progress; finished when the run ends.
        public var progress: ProgressReporter?
        /// With `process`, each worker thread hands its pages to a child process started with
        /// `workerArguments` (the tool in worker mode), so a crash costs one page.
        public var executor: Executor
        public var workerArguments: [String]

        public init(stage: String, jobs: Int, timeout: Double?, progress: ProgressReporter? = nil,
                    executor: Executor = .thread, workerArguments: [String] = []) {
            self.stage = stage; self.jobs = jobs; self.timeout = timeout; self.progress = progress
            self.executor = executor; self.workerArguments = workerArguments
        }
    }

    /// Runs the tool and returns its exit status.
    ///
    /// - `wants` decides, on the reading thread, whether a record needs work; the rest pass
    ///   through untouched (other tools' failures, pages already done, unknown sources).
    /// - `makeWorker` runs once on each worker thread; the closure it returns owns that thread's
    ///   C handles and turns one record into its result.
    /// - `written` sees each record as it is written, in this process whatever the executor, for
    ///   what the tool says once per run rather than once per page.
    public static func run(_ options: Options,
                           wants: @escaping @Sendable (PageRecord) -> Bool,
                           makeWorker: @escaping @Sendable () -> (PageRecord) -> PageRecord,
                           written: (@Sendable (PageRecord) -> Void)? = nil) -> ExitStatus {
        let writer = RecordWriter()
        let tally = StatusTally()
        let stage = options.stage
        let progress = options.progress
        let processMode = options.executor == .process
        let pool = OrderedPool<PageRecord, PageRecord>(
            workers: options.jobs,
            // In process mode each worker enforces the deadline itself, with SIGKILL.
            timeout: processMode ? nil : options.timeout,
            makeWorker: {
                let work = processMode ? processWork(options) : threadWork(makeWorker())
                return { record in
                    guard wants(record) else { return record }
                    let started = Date.timeIntervalSinceReferenceDate
                    var result = work(record)
                    result.addTiming(stage, Date.timeIntervalSinceReferenceDate - started)
                    return result
                }
            },
            onTimeout: { record, elapsed in
                var result = record
                result.fail(.timeout, RecordError(
                    stage: stage, code: "timeout",
                    message: "page took longer than \(formatNumber(options.timeout ?? elapsed)) s; gave up on it"))
                result.addTiming(stage, elapsed)
                return result
            },
            sink: { record in
                // Malformed input lines were reported by the reader already.
                if record.status != .ok, record["input_line"] == nil, let error = record.error, error.stage == stage {
                    Diagnostics.error(error.message, at: record.location)
                }
                tally.add(record.status)
                written?(record)
                writer.write(record)
                progress?.count(record)
            })
        let reader = RecordReader(stage: stage)
        while let record = reader.next() { pool.submit(record) }
        pool.finish()
        progress?.finish()
        var status: ExitStatus = tally.failures > 0 ? .someFailed : .ok
        if reader.badLines > 0 { status = status.worst(.dataError) }
        if reader.readFailed { status = status.worst(.ioError) }
        return status
    }
}

/// The fault-injection switch tests use: UNIFEX_FAULT_CRASH_PAGE=N crashes the worker on page N
/// for real, the way a C library would.
enum FaultInjection {
    static let crashPage = ProcessInfo.processInfo.environment["UNIFEX_FAULT_CRASH_PAGE"].flatMap(Int.init)

    static func crashIfAsked(_ record: PageRecord) {
        if let crashPage, record.page == crashPage { raise(SIGSEGV) }
    }
}

/// The thread executor's work.
private func threadWork(_ work: @escaping (PageRecord) -> PageRecord) -> (PageRecord) -> PageRecord {
    { record in
        FaultInjection.crashIfAsked(record)
        return work(record)
    }
}

/// The process executor's work: send the record to this thread's child, read back the result.
private func processWork(_ options: RecordPipeline.Options) -> (PageRecord) -> PageRecord {
    let worker = ProcessWorker(arguments: options.workerArguments)
    let stage = options.stage
    return { record in
        var line: [UInt8] = []
        record.write(to: &line)
        var result = record
        switch worker.process(line, deadline: options.timeout) {
        case .success(let answer):
            do throws(RecordError) {
                result = try PageRecord.decode(answer)
            } catch {
                result.fail(.error, RecordError(stage: stage, code: "crashed", message: "worker answered garbage: \(error.message)"))
            }
        case .failure(.crashed(let why)):
            result.fail(.error, RecordError(stage: stage, code: "crashed", message: why))
        case .failure(.timedOut):
            result.fail(.timeout, RecordError(stage: stage, code: "timeout",
                                              message: "page took longer than \(formatNumber(options.timeout ?? 0)) s; worker killed"))
        }
        return result
    }
}

extension PageRecord {
    /// "path" or "path:page N" for messages about this record.
    public var location: String {
        guard let doc else { return object["input_line"]?.intValue.map { "stdin:\($0)" } ?? "stdin" }
        return page.map { "\(doc): page \($0)" } ?? doc
    }

    /// Seconds a stage spent on this record, kept in `timings` for the batch report.
    public mutating func addTiming(_ stage: String, _ seconds: Double) {
        var timings = object["timings"]?.objectValue ?? JSONObject()
        timings[stage] = .number(formatSeconds(seconds))
        object["timings"] = .object(timings)
    }
}

/// Seconds with millisecond precision.
func formatSeconds(_ s: Double) -> String {
    let ms = Int(saturating: max(s, 0) * 1000)
    let frac = ms % 1000
    return "\(ms / 1000)." + (frac < 10 ? "00" : frac < 100 ? "0" : "") + "\(frac)"
}

/// The default worker count: one per core.
public var defaultJobs: Int { ProcessInfo.processInfo.activeProcessorCount }
