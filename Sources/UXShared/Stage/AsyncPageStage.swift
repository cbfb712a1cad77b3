import Foundation
public import ArgumentParser
public import UnifexCore


/// A page stage whose work waits on the network (a language model, a web service): many pages
/// in flight on the few threads of Swift's shared executor, not a blocked thread per page.
///
/// The command declares its options and builds one run (a shared client with its connection
/// pool, the batch's totals); `runStage()` gives it `-j` (pages in flight), the ordered bounded
/// window, a per-page deadline with its timeout record, `--strict`, progress, error messages and
/// the exit status, then lets the run say what it says once and end with its status. There is
/// no process executor: a crash is not what a request risks, and a page that waits holds no
/// thread to lose.
public protocol AsyncPageStage: StageCommand {
    associatedtype Run: AsyncStageRun
    /// `-j` (pages in flight), `--progress`, `--strict`.
    var stageOptions: AsyncPageStageOptions { get }
    /// This tool's `--password`, if it reads PDFs.
    var passwordOption: PasswordOption? { get }
    /// Builds the run, once; its page function is called for many pages at once.
    func makeRun(_ context: PageContext, progress: ProgressReporter) -> Run
}

/// One run of an async page stage: the page function and what comes after the last page.
public protocol AsyncStageRun: Sendable {
    /// One page's work. When a page passes its deadline its task is cancelled and its timeout
    /// record written in its place.
    func page(_ record: PageRecord) async -> PageRecord
    /// Whether this stage's error on a record is said on stderr (a run that stops sending says
    /// so once, not once per page).
    func reports(_ error: RecordError) -> Bool
    /// After the last record is written, before the progress line closes (so what it says reaches
    /// whichever tool draws): the run's summary, and the status to end with given the records'.
    func finished(_ status: ExitStatus) async -> ExitStatus
    /// Which consecutive records are worked on together (a document's pages in one request);
    /// nil for one page at a time.
    var grouping: RecordGrouping? { get }
    /// The work on a group of consecutive records (with a `grouping`): the same records come back
    /// in the same order, those the stage does not want untouched.
    func pages(_ records: [PageRecord]) async -> [PageRecord]
    /// A group past its deadline, before its wanted records are marked `timeout`: what the run
    /// knows of the work given up (what it cost so far) may be added to them.
    func timedOut(_ records: [PageRecord]) -> [PageRecord]
}

/// Which consecutive records an async stage works on together: those with the same non-nil
/// `key`, up to `limit` of them the stage wants (records it does not want in between go along).
public struct RecordGrouping: Sendable {
    public let limit: Int
    public let key: @Sendable (PageRecord) -> String?

    public init(limit: Int, key: @escaping @Sendable (PageRecord) -> String?) {
        self.limit = max(1, limit); self.key = key
    }

    public static let single = RecordGrouping(limit: 1) { _ in nil }
}

extension AsyncStageRun {
    public var grouping: RecordGrouping? { nil }
    public func pages(_ records: [PageRecord]) async -> [PageRecord] {
        var out: [PageRecord] = []
        for record in records { out.append(await page(record)) }
        return out
    }
    public func reports(_ error: RecordError) -> Bool { true }
    public func timedOut(_ records: [PageRecord]) -> [PageRecord] { records }
    public func finished(_ status: ExitStatus) async -> ExitStatus { status }
}

/// The options of every async page stage: `-j` (pages in flight), `--progress`, `--strict`.
public struct AsyncPageStageOptions: ParsableArguments, Sendable {
    public init() {}
    @Option(name: [.customShort("j", allowingJoined: true), .customLong("jobs")],
            help: ArgumentHelp("Pages in flight at once (requests waiting on the service).", valueName: "pages"))
    public var jobs = 4
    @OptionGroup public var progress: ProgressOptions
    @OptionGroup public var strict: StrictOptions

    public mutating func validate() throws {
        guard jobs >= 1, jobs <= 4096 else { throw ValidationError("--jobs must be between 1 and 4096") }
    }
}

extension AsyncPageStage {
    public var passwordOption: PasswordOption? { nil }

    /// Runs the stage to the end of its input and exits with its status.
    public func runStage() -> Never {
        if let status = prepare() { finish(status) }
        PageMemory.configure()
        let progress = progressReporter(stageOptions.progress)
        let context = PageContext(stage: Self.stage, password: passwordOption?.resolved, timeout: timeout.seconds)
        let run = makeRun(context, progress: progress)
        let jobs = stageOptions.jobs
        let runner = AsyncPageRunner(context: context, window: jobs * 2 + 8, concurrency: jobs,
                                     strict: stageOptions.strict.strict, progress: progress,
                                     wants: { [self] in wants($0) }, written: { [self] in written($0) },
                                     reports: { run.reports($0) }, timedOut: { run.timedOut($0) })
        let ending: (ExitStatus) -> ExitStatus = { status in waitFor { await run.finished(status) } }
        finish(runner.run(grouping: run.grouping ?? .single, ending: ending) { records in
            run.grouping == nil ? [await run.page(records[0])] : await run.pages(records)
        })
    }
}

/// The value of async work, waited for on a thread that is not one of the executor's.
func waitFor<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
    let done = DispatchSemaphore(value: 0)
    let box = ResultBox<T>()
    Task {
        box.value = await work()
        done.signal()
    }
    done.wait()
    return box.value!
}

/// Handed from a task to the waiting thread, after the semaphore: never read and written at once.
private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}

/// The run of an async page stage: records in, the same records out in input order, up to
/// `window` of them waiting on their page function at once.
public struct AsyncPageRunner: Sendable {
    let context: PageContext
    let window: Int
    let strict: Bool
    let concurrency: Int?
    let progress: ProgressReporter?
    let wants: @Sendable (PageRecord) -> Bool
    let written: @Sendable (PageRecord) -> Void
    let reports: @Sendable (RecordError) -> Bool
    let timedOut: @Sendable ([PageRecord]) -> [PageRecord]
    let executor: (any TaskExecutor)?

    /// `window` records are read ahead of the one written next, `concurrency` of them (all, when
    /// nil) working at once; `executor` runs the page tasks, nil for Swift's shared executor.
    public init(context: PageContext, window: Int, concurrency: Int? = nil, strict: Bool = false,
                progress: ProgressReporter? = nil, executor: (any TaskExecutor)? = nil,
                wants: @escaping @Sendable (PageRecord) -> Bool,
                written: @escaping @Sendable (PageRecord) -> Void = { _ in },
                reports: @escaping @Sendable (RecordError) -> Bool = { _ in true },
                timedOut: @escaping @Sendable ([PageRecord]) -> [PageRecord] = { $0 }) {
        self.context = context; self.window = window; self.concurrency = concurrency; self.strict = strict
        self.progress = progress; self.executor = executor; self.wants = wants; self.written = written
        self.reports = reports; self.timedOut = timedOut
    }

    /// Reads records from `input` until its end, writes the results to `output`; returns the
    /// exit status.
    public func run(_ page: @escaping @Sendable (PageRecord) async -> PageRecord,
                    input: Int32 = 0, output: Int32 = 1) -> ExitStatus {
        run(grouping: .single, input: input, output: output) { [await page($0[0])] }
    }

    /// The same, with consecutive records grouped as `grouping` says; `pages` gets each group
    /// that holds a record the stage wants. The window counts groups.
    /// `ending` gets the records' status after the last is written and returns the one to end with.
    public func run(grouping: RecordGrouping, input: Int32 = 0, output: Int32 = 1,
                    ending: (ExitStatus) -> ExitStatus = { $0 },
                    _ pages: @escaping @Sendable ([PageRecord]) async -> [PageRecord]) -> ExitStatus {
        let out = PageOutput(stage: context.stage, progress: progress, written: written, reports: reports, fd: output)
        let stage = context.stage, wants = wants, strict = strict, timedOut = timedOut
        let pool = AsyncOrderedPool<[PageRecord], [PageRecord]>(
            window: window, concurrency: concurrency, timeout: context.timeout, executor: executor,
            work: { records in
                let wanted = records.indices.filter { wants(records[$0]) }
                guard !wanted.isEmpty else { return records }
                let started = Date.timeIntervalSinceReferenceDate
                var results = await pages(records)
                PageMemory.release()
                guard results.count == records.count else {
                    return records.map { record in
                        var failed = record
                        failed.fail(.error, RecordError(stage: stage, code: "internal", message: "group of \(records.count) records came back as \(results.count)"))
                        return failed
                    }
                }
                // A group's time is shared by its pages, so per-page statistics stay per page.
                let share = (Date.timeIntervalSinceReferenceDate - started) / Double(wanted.count)
                for i in wanted {
                    if strict { results[i].failIfDamaged(stage: stage) }
                    results[i].addTiming(stage, share)
                }
                return results
            },
            onTimeout: { [context] records, elapsed in
                // Records that pass through take no time; only a page's own work can time out.
                let wanted = records.indices.filter { wants(records[$0]) }
                var results = timedOut(records)
                if results.count != records.count { results = records }
                for i in wanted {
                    results[i].fail(.timeout, context.timedOut())
                    results[i].addTiming(stage, elapsed / Double(wanted.count))
                }
                return results
            },
            sink: { records in records.forEach(out.write) })
        var group: [PageRecord] = []
        var groupKey: String?
        var groupWanted = 0
        func flush() {
            if !group.isEmpty { pool.submit(group) }
            group = []; groupKey = nil; groupWanted = 0
        }
        return out.read(stage: stage, fd: input, into: { record in
            let key = grouping.limit > 1 ? grouping.key(record) : nil
            let wanted = wants(record)
            if key == nil || key != groupKey || (wanted && groupWanted >= grouping.limit) { flush() }
            group.append(record)
            groupKey = key
            if wanted { groupWanted += 1 }
            if key == nil { flush() }
        }, finish: { flush(); pool.finish() }, ending: ending)
    }
}
