import Foundation

/// Runs work that waits (a network call) as tasks, many in flight on the few threads of Swift's
/// shared executor, and hands results back in input order.
///
/// - At most `window` items are in flight between `submit` and the sink; `submit` blocks the
///   (reading) thread when the window is full, so a slow service slows the reader instead of
///   growing memory. Call it from a thread of your own, never from a task: a blocked task would
///   hold one of the threads the work needs.
/// - Each item is one task: while it waits it holds no thread, so `window` requests can be
///   outstanding however few cores there are. With `concurrency`, at most that many run at once
///   and the rest of the window is read ahead, so one slow item does not stall the others.
/// - Results wait in a reorder buffer; whichever task completes the next one in input order
///   hands it and any that follow it to the sink, one task at a time, so the sink sees one
///   call at a time, strictly in submission order.
/// - With a `timeout`, an item running longer than that is given up: `onTimeout` supplies its
///   result and its task is cancelled; a late result is dropped.
/// - The tasks run on `executor` when one is given, else on Swift's shared executor, whose
///   threads anything else in the process that blocks one (a test runner) takes away.
public final class AsyncOrderedPool<Input: Sendable, Output: Sendable>: @unchecked Sendable {
    public typealias Work = @Sendable (Input) async -> Output

    private let slots: DispatchSemaphore
    private let running: DispatchSemaphore?
    private let written = DispatchGroup()
    private let lock = Lock()
    private var buffer: [Int: Output] = [:]
    private var submitted = 0
    private var nextOut = 0
    private var draining = false

    private let timeout: Double?
    private let executor: (any TaskExecutor)?
    private let work: Work
    private let onTimeout: @Sendable (Input, Double) -> Output
    private let sink: @Sendable (Output) -> Void

    public init(window: Int, concurrency: Int? = nil, timeout: Double? = nil, executor: (any TaskExecutor)? = nil,
                work: @escaping Work, onTimeout: @escaping @Sendable (Input, Double) -> Output,
                sink: @escaping @Sendable (Output) -> Void) {
        slots = DispatchSemaphore(value: max(1, window))
        running = concurrency.map { DispatchSemaphore(value: max(1, min($0, max(1, window)))) }
        self.timeout = timeout
        self.executor = executor
        self.work = work
        self.onTimeout = onTimeout
        self.sink = sink
    }

    /// Starts one item; blocks while the window is full or `concurrency` items are running.
    public func submit(_ input: Input) {
        slots.wait()
        running?.wait()
        written.enter()
        let index = lock.withLock { () -> Int in
            defer { submitted += 1 }
            return submitted
        }
        let work = work, timeout = timeout, onTimeout = onTimeout, executor = executor, running = running
        Task(executorPreference: executor) { [self] in
            let started = Date.timeIntervalSinceReferenceDate
            let output: Output
            if let timeout {
                let answer = await Deadline.race(seconds: timeout, on: executor) { await work(input) }
                output = answer ?? onTimeout(input, Date.timeIntervalSinceReferenceDate - started)
            } else {
                output = await work(input)
            }
            running?.signal()
            deliver(index, output)
        }
    }

    /// Waits until every submitted item has gone through the sink.
    public func finish() { written.wait() }

    /// Buffers one result; the task that finds the next one due writes out the run that is ready.
    private func deliver(_ index: Int, _ output: Output) {
        let drains = lock.withLock { () -> Bool in
            buffer[index] = output
            guard !draining else { return false }
            draining = true
            return true
        }
        guard drains else { return }
        while let next = lock.withLock({ () -> Output? in
            guard let next = buffer.removeValue(forKey: nextOut) else {
                draining = false
                return nil
            }
            nextOut += 1
            return next
        }) {
            sink(next)
            slots.signal()
            written.leave()
        }
    }
}

/// A per-item deadline for async work that does not wait for the work to notice it.
enum Deadline {
    /// The work's result, or nil when `seconds` passed first; the work is then cancelled and
    /// left to end on its own (a task that ignores cancellation must not hold up the batch).
    static func race<Output: Sendable>(seconds: Double, on executor: (any TaskExecutor)? = nil,
                                       _ work: @escaping @Sendable () async -> Output) async -> Output? {
        let race = Race<Output>()
        return await withCheckedContinuation { continuation in
            race.start(continuation, work: work, seconds: seconds, on: executor)
        }
    }

    /// The two tasks of one race; whichever ends first resumes the caller, once.
    private final class Race<Output: Sendable>: @unchecked Sendable {
        private let lock = Lock()
        private var continuation: CheckedContinuation<Output?, Never>?
        private var work: Task<Void, Never>?
        private var timer: Task<Void, Never>?

        func start(_ continuation: CheckedContinuation<Output?, Never>, work body: @escaping @Sendable () async -> Output,
                   seconds: Double, on executor: (any TaskExecutor)?) {
            lock.withLock { self.continuation = continuation }
            let work = Task(executorPreference: executor) { self.end(with: await body()) }
            // At most a year (PageTimeout's bound): the nanoseconds fit.
            let timer = Task(executorPreference: executor) {
                try? await Task.sleep(nanoseconds: UInt64(max(seconds, 0) * 1e9))
                if !Task.isCancelled { self.end(with: nil) }
            }
            let ended = lock.withLock { () -> Bool in
                self.work = work; self.timer = timer
                return self.continuation == nil
            }
            // One side ended before the other was recorded: nothing is left to wait for.
            if ended { work.cancel(); timer.cancel() }
        }

        private func end(with output: Output?) {
            let (continuation, other) = lock.withLock { () -> (CheckedContinuation<Output?, Never>?, Task<Void, Never>?) in
                defer { self.continuation = nil }
                return (self.continuation, output == nil ? work : timer)
            }
            guard let continuation else { return }
            other?.cancel()
            continuation.resume(returning: output)
        }
    }
}
