import Foundation
import UnifexCore


/// Threads or child processes for a page stage's work.
public enum Executor: String, Sendable, CaseIterable {
    case thread, process
}

/// The run of a page stage: records in on stdin, the same records out on stdout in the same
/// order, the work done on worker threads (or their child processes) with a bounded window.
struct PageRunner: Sendable {
    var stage: String
    var jobs: Int
    /// Seconds one page may take; nil for no limit.
    var timeout: Double?
    var progress: ProgressReporter?
    /// With `process`, each worker thread hands its pages to a child process started with
    /// `workerArguments` (the tool in worker mode), so a crash costs one page.
    var executor: Executor
    var workerArguments: [String]
    /// Decides, on the reading thread, whether a record needs work; the rest pass through
    /// untouched (other tools' failures, pages already done, unknown sources).
    var wants: @Sendable (PageRecord) -> Bool
    /// Sees each record as it is written, in this process whatever the executor.
    var written: @Sendable (PageRecord) -> Void
    /// Runs once every record is written, while the progress line still routes messages.
    var ending: @Sendable (ExitStatus) -> ExitStatus = { $0 }

    /// Runs the stage with `makePage` building each worker thread's page function; returns the
    /// exit status.
    func run(makePage: @escaping @Sendable () -> (PageRecord) -> PageRecord) -> ExitStatus {
        let output = PageOutput(stage: stage, progress: progress, written: written)
        let processMode = executor == .process
        let wants = wants, stage = stage
        let pool = OrderedPool<PageRecord, PageRecord>(
            workers: jobs,
            // In process mode each worker enforces the deadline itself, with SIGKILL.
            timeout: processMode ? nil : timeout,
            makeWorker: { [self] in
                let work = processMode ? processWork() : threadWork(makePage())
                return { record in
                    guard wants(record) else { return record }
                    return timed(record, stage: stage, work)
                }
            },
            onTimeout: { [timeout] record, elapsed in
                var result = record
                result.fail(.timeout, PageMessages.timedOut(stage, seconds: timeout ?? elapsed))
                result.addTiming(stage, elapsed)
                return result
            },
            sink: output.write)
        return output.read(stage: stage, into: pool.submit, finish: pool.finish, ending: ending)
    }

    /// The process executor's work: send the record to this thread's child, read back the result.
    private func processWork() -> (PageRecord) -> PageRecord {
        let worker = ProcessWorker(arguments: workerArguments)
        let stage = stage, timeout = timeout
        return { record in
            var line: [UInt8] = []
            record.write(to: &line)
            var result = record
            switch worker.process(line, deadline: timeout) {
            case .success(let answer):
                do throws(RecordError) {
                    result = try PageRecord.decode(answer)
                } catch {
                    result.fail(.error, RecordError(stage: stage, code: "crashed", message: "worker answered garbage: \(error.message)"))
                }
            case .failure(.crashed(let why)):
                result.fail(.error, RecordError(stage: stage, code: "crashed", message: why))
            case .failure(.timedOut):
                result.fail(.timeout, PageMessages.timedOut(stage, seconds: timeout ?? 0, then: "worker killed"))
            }
            return result
        }
    }

    /// The worker side of `--executor process`: records in on stdin, results out on stdout,
    /// one line each, using the same per-thread work as the thread executor.
    static func serveWorker(stage: String, makePage: () -> (PageRecord) -> PageRecord) -> Never {
        signal(SIGPIPE, SIG_IGN)
        PageMemory.configure()
        let work = threadWork(makePage())
        let lines = LineReader(fd: 0)
        var out: [UInt8] = []
        while let line = lines.next() {
            var (result, error) = PageRecord.decode(line: line, number: lines.lineNumber, stage: stage)
            if error == nil { result = timed(result, stage: stage, work) }
            out.removeAll(keepingCapacity: true)
            result.write(to: &out)
            out.append(0x0A)
            if !writeAll(fd: 1, out) { exitProcess(0) }
        }
        exitProcess(0)
    }
}

/// The reading and writing half of a page stage, the same for every executor: records in from
/// stdin, records out in order, with the messages, tally, progress and exit status.
struct PageOutput: Sendable {
    let stage: String
    let progress: ProgressReporter?
    let written: @Sendable (PageRecord) -> Void
    let reports: @Sendable (RecordError) -> Bool
    let writer: RecordWriter
    let tally = StatusTally()

    init(stage: String, progress: ProgressReporter?, written: @escaping @Sendable (PageRecord) -> Void,
         reports: @escaping @Sendable (RecordError) -> Bool = { _ in true }, fd: Int32 = 1) {
        self.stage = stage; self.progress = progress; self.written = written; self.reports = reports
        writer = RecordWriter(fd: fd)
    }

    /// Writes one finished record; a failure of this stage is said on stderr.
    func write(_ record: PageRecord) {
        // Malformed input lines were reported by the reader already.
        if record.status != .ok, record["input_line"] == nil, let error = record.error, error.stage == stage,
           reports(error) {
            Diagnostics.error(error.message, at: record.location)
        }
        tally.add(record.status)
        written(record)
        writer.write(record)
        progress?.count(record)
    }

    /// Reads stdin into `submit` until its end, waits for `finish`, and returns the exit status,
    /// after `ending` (the stage's last words, said while the progress line still routes them).
    func read(stage: String, fd: Int32 = 0, into submit: (PageRecord) -> Void, finish: () -> Void,
              ending: (ExitStatus) -> ExitStatus = { $0 }) -> ExitStatus {
        let reader = RecordReader(fd: fd, stage: stage)
        while let record = reader.next() { submit(record) }
        finish()
        var status: ExitStatus = tally.failures > 0 ? .someFailed : .ok
        if reader.badLines > 0 { status = status.worst(.dataError) }
        if reader.readFailed { status = status.worst(.ioError) }
        status = ending(status)
        progress?.finish()
        return status
    }
}

/// Counts what a tool wrote, by status, for its exit code and summary.
final class StatusTally: @unchecked Sendable {
    private let lock = Lock()
    private var counts: [RecordStatus: Int] = [:]

    func add(_ status: RecordStatus) { lock.withLock { counts[status, default: 0] += 1 } }

    subscript(status: RecordStatus) -> Int { lock.withLock { counts[status, default: 0] } }

    /// Errors and timeouts are failures; skipped pages were asked to be skipped.
    var failures: Int { self[.error] + self[.timeout] }
}

/// The work with the seconds it took added to the record's timings.
private func timed(_ record: PageRecord, stage: String, _ work: (PageRecord) -> PageRecord) -> PageRecord {
    let started = Date.timeIntervalSinceReferenceDate
    var result = work(record)
    result.addTiming(stage, Date.timeIntervalSinceReferenceDate - started)
    PageMemory.release()
    return result
}

/// The fault-injection switch tests use: UNIFEX_FAULT_CRASH_PAGE=N crashes the worker on page N
/// for real, the way a C library would.
enum FaultInjection {
    static let crashPage = ProcessInfo.processInfo.environment["UNIFEX_FAULT_CRASH_PAGE"].flatMap(Int.init)

    static func crashIfAsked(_ record: PageRecord) {
        if let crashPage, record.page == crashPage { raise(SIGSEGV) }
    }
}

/// The thread executor's work (also what a worker process runs).
private func threadWork(_ work: @escaping (PageRecord) -> PageRecord) -> (PageRecord) -> PageRecord {
    { record in
        FaultInjection.crashIfAsked(record)
        return work(record)
    }
}

/// The default worker count: one per core.
public var defaultJobs: Int { ProcessInfo.processInfo.activeProcessorCount }
