import Foundation
public import UnifexCore

/// A tool that adds something to each page record on worker threads (ux-text, ux-ocr): it
/// declares its options and its page function, and `runStage()` gives it the rest.
///
/// The mechanism brings `-j`, the ordered bounded window, the thread and process executors
/// (with the hidden `--worker-process` mode a child runs in), `--timeout` and its timeout
/// records, `--strict`, the password, progress, error messages and the exit status.
///
/// A conformer's `run()` is `runStage()`. The files a new stage touches: its command (options,
/// `wants`, `makePage`), its page function beside it, `StageName`, and its main.swift.
public protocol PageStage: StageCommand {
    /// `-j`, `--progress`, `--executor`, `--strict`.
    var stageOptions: PageStageOptions { get }
    /// This tool's `--password`, if it reads PDFs.
    var passwordOption: PasswordOption? { get }
    /// Builds one worker thread's page function; what it captures (an open PDF, a tesseract
    /// engine) belongs to that thread alone. Called in the worker child too.
    func makePage(_ context: PageContext) -> (PageRecord) -> PageRecord
}

extension PageStage {
    public var passwordOption: PasswordOption? { nil }

    /// Runs the stage to the end of its input and exits with its status.
    public func runStage() -> Never {
        let context = PageContext(stage: Self.stage, password: passwordOption?.resolved, timeout: timeout.seconds)
        let strict = stageOptions.strict.strict
        let build: @Sendable () -> (PageRecord) -> PageRecord = { [self] in
            let page = makePage(context)
            guard strict else { return page }
            return { record in
                var result = page(record)
                result.failIfDamaged(stage: context.stage)
                return result
            }
        }
        let executor = stageOptions.executor
        if executor.workerProcess { PageRunner.serveWorker(stage: Self.stage, makePage: build) }
        if let status = prepare() { finish(status) }
        PageMemory.configure()
        let progress = progressReporter(stageOptions.progress)
        let runner = PageRunner(stage: Self.stage, jobs: stageOptions.concurrency.jobs, timeout: context.timeout,
                                progress: progress, executor: executor.executor,
                                workerArguments: executor.workerArguments,
                                wants: { [self] in wants($0) }, written: { [self] in written($0) },
                                ending: { [self] in finishing($0) })
        finish(runner.run(makePage: build))
    }
}
