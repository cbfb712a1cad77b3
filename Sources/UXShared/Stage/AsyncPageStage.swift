import Foundation
public import ArgumentParser
public import UnifexCore


/// A page stage whose work waits on the network (a language model, a web service): many pages
/// in flight on the few threads of Swift's shared executor, not a blocked thread per page.
///
/// The command declares its options and one async page function for the whole run (a shared
/// client with its connection pool); `runStage()` gives it `-j` (pages in flight), the ordered
/// bounded window, a per-page deadline with its timeout record, `--strict`, progress, error
/// messages and the exit status. There is no process executor: a crash is not what a request
/// risks, and a page that waits holds no thread to lose.
public protocol AsyncPageStage: StageCommand {
    /// `-j` (pages in flight), `--progress`, `--strict`.
    var stageOptions: AsyncPageStageOptions { get }
    /// Builds the page function, once per run; it is called for many pages at once. When a page
    /// passes its deadline its task is cancelled and its timeout record written in its place.
    func makePage(_ context: PageContext) -> @Sendable (PageRecord) async -> PageRecord
}

/// The options of every async page stage: `-j` (pages in flight), `--progress`, `--strict`.
public struct AsyncPageStageOptions: ParsableArguments, Sendable {
    public init() {}
    @Option(name: [.customShort("j", allowingJoined: true), .customLong("jobs")],
            help: ArgumentHelp("Pages in flight at once.", valueName: "pages"))
    public var jobs = 16
    @OptionGroup public var progress: ProgressOptions
    @OptionGroup public var strict: StrictOptions

    public mutating func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }
}

extension AsyncPageStage {
    /// Runs the stage to the end of its input and exits with its status.
    public func runStage() -> Never {
        if let status = prepare() { finish(status) }
        let progress = progressReporter(stageOptions.progress)
        let context = PageContext(stage: Self.stage, password: nil, timeout: timeout.seconds)
        finish(AsyncPageRunner(context: context, window: stageOptions.jobs, strict: stageOptions.strict.strict,
                               progress: progress, wants: { [self] in wants($0) }, written: { [self] in written($0) })
            .run(makePage(context)))
    }
}

/// The run of an async page stage: records in, the same records out in input order, up to
/// `window` of them waiting on their page function at once.
public struct AsyncPageRunner: Sendable {
    let context: PageContext
    let window: Int
    let strict: Bool
    let progress: ProgressReporter?
    let wants: @Sendable (PageRecord) -> Bool
    let written: @Sendable (PageRecord) -> Void
    let executor: (any TaskExecutor)?

    /// `executor` runs the page tasks; nil for Swift's shared executor.
    public init(context: PageContext, window: Int, strict: Bool = false, progress: ProgressReporter? = nil,
                executor: (any TaskExecutor)? = nil, wants: @escaping @Sendable (PageRecord) -> Bool,
                written: @escaping @Sendable (PageRecord) -> Void = { _ in }) {
        self.context = context; self.window = window; self.strict = strict; self.progress = progress
        self.executor = executor; self.wants = wants; self.written = written
    }

    /// Reads records from `input` until its end, writes the results to `output`; returns the
    /// exit status.
    public func run(_ page: @escaping @Sendable (PageRecord) async -> PageRecord,
                    input: Int32 = 0, output: Int32 = 1) -> ExitStatus {
        let out = PageOutput(stage: context.stage, progress: progress, written: written, fd: output)
        let stage = context.stage, wants = wants, strict = strict
        let pool = AsyncOrderedPool<PageRecord, PageRecord>(
            window: window, timeout: context.timeout, executor: executor,
            work: { record in
                guard wants(record) else { return record }
                let started = Date.timeIntervalSinceReferenceDate
                var result = await page(record)
                if strict { result.failIfDamaged(stage: stage) }
                result.addTiming(stage, Date.timeIntervalSinceReferenceDate - started)
                return result
            },
            onTimeout: { [context] record, elapsed in
                // Records that pass through take no time; only a page's own work can time out.
                var result = record
                result.fail(.timeout, context.timedOut())
                result.addTiming(stage, elapsed)
                return result
            },
            sink: out.write)
        return out.read(stage: stage, fd: input, into: pool.submit, finish: pool.finish)
    }
}
