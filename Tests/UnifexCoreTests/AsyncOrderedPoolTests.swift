import Foundation
import Testing
@testable import UnifexCore
import UnifexTestSupport

@Suite struct AsyncOrderedPoolTests {
    /// Two threads of the tests' own, like the shared executor on this machine's two cores.
    static let executor = ThreadExecutor(threads: 2)

    /// Runs `body` on a thread of its own and returns the seconds it took there: the pool blocks
    /// its caller while the window is full, and a caller on the shared executor's few threads
    /// would starve the very tasks it waits for (the tools call it from their main thread). The
    /// time is taken on that thread, since getting back onto the shared executor can take long
    /// while other tests hold its threads.
    static func onThread(_ body: @escaping @Sendable () -> Void) async -> Double {
        await withCheckedContinuation { (done: CheckedContinuation<Double, Never>) in
            Thread {
                let started = Date()
                body()
                done.resume(returning: Date().timeIntervalSince(started))
            }.start()
        }
    }

    @Test func manyItemsWaitAtOnceOnFewThreadsAndComeOutInOrder() async {
        let gauge = Gauge(), out = Collected<Int>()
        let count = 96, window = 32
        let pool = AsyncOrderedPool<Int, Int>(window: window, executor: Self.executor, work: { item in
            gauge.enter()
            // Later items wait less, so they finish first: the order out is the pool's doing.
            try? await Task.sleep(nanoseconds: UInt64(150 + (count - item) * 2) * 1_000_000)
            gauge.leave()
            return item
        }, onTimeout: { item, _ in -item }, sink: out.append)
        let elapsed = await Self.onThread {
            for item in 0..<count { pool.submit(item) }
            pool.finish()
        }
        let most = gauge.maximum, threads = gauge.threads
        #expect(out.all == Array(0..<count))
        #expect(most == window, "at most \(most) in flight")
        #expect(threads <= 2, "\(threads) threads for \(window) in flight")
        // One after another, the 96 waits of 0.15-0.34 s take 23 s; 32 at a time, about 1 (more
        // when other tests hold the shared executor's threads).
        let serial = (0..<count).reduce(0.0) { $0 + Double(150 + (count - $1) * 2) / 1000 }
        #expect(elapsed < serial, "\(elapsed) s")
    }

    @Test func anItemPastItsDeadlineIsGivenUpInItsPlace() async {
        let out = Collected<Int>()
        let pool = AsyncOrderedPool<Int, Int>(window: 4, timeout: 0.3, executor: Self.executor, work: { item in
            if item == 1 {
                // Ignores cancellation, as a stuck client might: the batch must not wait for it.
                let end = Date().addingTimeInterval(30)
                while Date() < end { try? await Task.sleep(nanoseconds: 50_000_000) }
            }
            return item
        }, onTimeout: { item, elapsed in
            #expect(elapsed >= 0.3)
            return -item - 100
        }, sink: out.append)
        let elapsed = await Self.onThread {
            for item in 0..<4 { pool.submit(item) }
            pool.finish()
        }
        #expect(out.all == [0, -101, 2, 3])
        #expect(elapsed < 15, "\(elapsed) s")
    }
}
