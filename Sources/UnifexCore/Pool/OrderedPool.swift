import Foundation

/// Runs CPU-bound work on dedicated threads and hands results back in input order.
///
/// - Each worker thread calls `makeWorker` once and uses the closure it returns for every
///   item: state captured there (an open PDF, a tesseract engine) belongs to that thread alone.
/// - At most `window` items are in flight between `submit` and the sink; `submit` blocks
///   when the window is full, so a slow consumer slows the producer instead of growing memory.
/// - The sink runs on one writer thread, strictly in submission order.
/// - With a `timeout`, an item running longer than that is given up: `onTimeout` supplies its
///   result, the stuck thread is abandoned (its late result is dropped) and a fresh worker takes its
///   place, so one pathological page cannot stall the batch.
public final class OrderedPool<Input: Sendable, Output: Sendable>: @unchecked Sendable {
    public typealias Work = (Input) -> Output

    private let condition = NSCondition()
    private var pending: [(index: Int, input: Input)] = []
    private var inputs: [Int: Input] = [:]
    private var results: [Int: Output] = [:]
    private var startTimes: [Int: Double] = [:]
    private var abandoned = Set<Int>()
    private var nextIndex = 0
    private var nextToWrite = 0
    private var closed = false
    private var writerDone = false
    /// Workers not abandoned that have not yet released their thread's state.
    private var liveWorkers = 0

    private let window: Int
    private let timeout: Double?
    private let makeWorker: @Sendable () -> Work
    private let onTimeout: @Sendable (Input, Double) -> Output
    private let sink: @Sendable (Output) -> Void

    /// Workers that were abandoned after a timeout and may still be running.
    public private(set) var abandonedWorkers = 0

    public init(workers: Int, window: Int? = nil, timeout: Double? = nil,
                makeWorker: @escaping @Sendable () -> Work,
                onTimeout: @escaping @Sendable (Input, Double) -> Output,
                sink: @escaping @Sendable (Output) -> Void) {
        let workers = max(1, workers)
        self.window = max(window ?? workers * 4, workers)
        self.timeout = timeout
        self.makeWorker = makeWorker
        self.onTimeout = onTimeout
        self.sink = sink
        // The writer first: workers without it would fill the window and wait forever.
        guard startThread(stackSize: 1 << 20, { [self] in writerLoop() }) else { Self.cannotStart() }
        // Then as many workers as asked, until the system refuses one.
        condition.lock()
        var started = 0
        while started < workers, spawnWorker() { started += 1 }
        condition.unlock()
        guard started > 0 else { Self.cannotStart() }
        if started < workers {
            Diagnostics.warning("started \(started) of \(workers) worker threads: the system refused more (a lower -j avoids this)")
        }
    }

    /// No thread to do the work: stopping is the only way not to wait forever.
    private static func cannotStart() -> Never {
        Diagnostics.error("cannot start a thread: the system refuses more (too many threads, or no memory for one)")
        exit(71)  // EX_OSERR
    }

    /// Queues one item; blocks while the window is full.
    public func submit(_ input: Input) {
        condition.lock()
        while nextIndex - nextToWrite >= window { condition.wait() }
        let index = nextIndex
        nextIndex += 1
        pending.append((index, input))
        inputs[index] = input
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until every submitted item has gone through the sink and every worker has
    /// released its thread's state (C handles must be destroyed before the process exits,
    /// or library destructors race with them).
    public func finish() {
        condition.lock()
        closed = true
        condition.broadcast()
        while !writerDone || liveWorkers > 0 { condition.wait() }
        condition.unlock()
    }

    /// Called with the lock held; false when the system refused the thread.
    private func spawnWorker() -> Bool {
        liveWorkers += 1
        // Poppler and tesseract recurse deeply on some files; give them room.
        let started = startThread(stackSize: 16 << 20) { [self] in
            // The worker's closure (and the C handles it owns) is released when workerLoop returns.
            let abandonedWhileStuck = workerLoop()
            if !abandonedWhileStuck {
                condition.lock()
                liveWorkers -= 1
                condition.broadcast()
                condition.unlock()
            }
        }
        if !started { liveWorkers -= 1 }
        return started
    }

    /// Returns true when this worker was given up on after a timeout.
    private func workerLoop() -> Bool {
        let work = makeWorker()
        while true {
            condition.lock()
            while pending.isEmpty && !closed { condition.wait() }
            if pending.isEmpty {
                condition.unlock()
                return false
            }
            // At most `window` items wait here, so taking from the front is cheap; and a taken
            // item must not stay referenced (records can be large).
            let (index, input) = pending.removeFirst()
            startTimes[index] = now()
            // The writer may be waiting for this item without a deadline; let it set one.
            if timeout != nil { condition.broadcast() }
            condition.unlock()

            let output = work(input)

            condition.lock()
            if abandoned.remove(index) != nil {
                // This thread was replaced while stuck; its result is no longer wanted.
                condition.unlock()
                return true
            }
            results[index] = output
            condition.broadcast()
            condition.unlock()
        }
    }

    private func writerLoop() {
        condition.lock()
        while true {
            if let output = results.removeValue(forKey: nextToWrite) {
                inputs[nextToWrite] = nil
                startTimes[nextToWrite] = nil
                condition.unlock()
                sink(output)
                condition.lock()
                nextToWrite += 1
                condition.broadcast()
                continue
            }
            if closed && nextToWrite == nextIndex { break }
            if let timeout, let started = startTimes[nextToWrite] {
                let elapsed = now() - started
                if elapsed >= timeout {
                    let index = nextToWrite
                    let input = inputs.removeValue(forKey: index)!
                    startTimes[index] = nil
                    abandoned.insert(index)
                    abandonedWorkers += 1
                    liveWorkers -= 1
                    // A replacement the system refuses is missed only when no worker is left.
                    if !spawnWorker() && liveWorkers == 0 { Self.cannotStart() }
                    condition.unlock()
                    sink(onTimeout(input, elapsed))
                    condition.lock()
                    nextToWrite += 1
                    condition.broadcast()
                    continue
                }
                _ = condition.wait(until: Date(timeIntervalSinceNow: timeout - elapsed + 0.01))
            } else {
                condition.wait()
            }
        }
        writerDone = true
        condition.broadcast()
        condition.unlock()
    }

    private func now() -> Double { Date.timeIntervalSinceReferenceDate }
}
