import Foundation

/// A task executor on threads of its own, for tests of async work: Swift's shared executor has a
/// thread per core, and the test runner's blocking tests can hold all of them for minutes.
public final class ThreadExecutor: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    public init(threads: Int = 2) {
        for _ in 0..<threads {
            let thread = Thread { [self] in run() }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    public func enqueue(_ job: UnownedJob) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
