import Foundation
import Testing
@testable import UnifexCore
import UnifexTestSupport

/// Collects what the pool's sink receives, across threads.
final class Collected<T: Sendable>: @unchecked Sendable {
    private let lock = Lock()
    private var items: [T] = []
    func append(_ item: T) { lock.withLock { items.append(item) } }
    var all: [T] { lock.withLock { items } }
}

@Suite struct OrderedPoolTests {
    @Test func keepsInputOrderWhateverTheWorkTakes() {
        let out = Collected<Int>()
        let pool = OrderedPool<Int, Int>(workers: 4, makeWorker: {
            { n in usleep(UInt32((n * 7919) % 5) * 1000); return n * 2 }
        }, onTimeout: { n, _ in -n }, sink: { out.append($0) })
        for i in 0..<200 { pool.submit(i) }
        pool.finish()
        #expect(out.all == (0..<200).map { $0 * 2 })
    }

    @Test func usesSeveralThreadsAtOnce() {
        let gauge = Gauge()
        let pool = OrderedPool<Int, Int>(workers: 3, makeWorker: {
            { n in gauge.enter(); usleep(20_000); gauge.leave(); return n }
        }, onTimeout: { n, _ in n }, sink: { _ in })
        for i in 0..<12 { pool.submit(i) }
        pool.finish()
        #expect(gauge.maximum == 3)
    }

    @Test func eachWorkerThreadBuildsItsStateOnce() {
        let made = Collected<Int>()
        let pool = OrderedPool<Int, Int>(workers: 2, makeWorker: {
            made.append(1)
            var count = 0
            return { n in count += 1; return n }
        }, onTimeout: { n, _ in n }, sink: { _ in })
        for i in 0..<50 { pool.submit(i) }
        pool.finish()
        #expect(made.all.count == 2)
    }

    @Test func slowConsumerBoundsItemsInFlight() {
        // The sink is slow; the producer must block once the window is full.
        let window = 4
        let written = Collected<Int>()
        let pool = OrderedPool<Int, Int>(workers: 2, window: window, makeWorker: { { $0 } },
                                         onTimeout: { n, _ in n },
                                         sink: { n in usleep(5_000); written.append(n) })
        var mostAhead = 0
        for i in 0..<40 {
            pool.submit(i)
            mostAhead = max(mostAhead, i + 1 - written.all.count)
        }
        pool.finish()
        #expect(written.all == Array(0..<40))
        // Submitted but not yet written never exceeds the window (plus the one in the sink).
        #expect(mostAhead <= window + 1)
        #expect(mostAhead >= window - 1)
    }

    @Test func aFailingItemBecomesItsOwnResultAndTheRestGoOn() {
        let out = Collected<String>()
        let pool = OrderedPool<Int, String>(workers: 2, makeWorker: {
            { n in n == 3 ? "error:\(n)" : "ok:\(n)" }
        }, onTimeout: { n, _ in "timeout:\(n)" }, sink: { out.append($0) })
        for i in 0..<6 { pool.submit(i) }
        pool.finish()
        #expect(out.all == ["ok:0", "ok:1", "ok:2", "error:3", "ok:4", "ok:5"])
    }

    @Test func aStuckItemTimesOutAndTheBatchGoesOn() {
        let out = Collected<String>()
        let started = Date()
        let pool = OrderedPool<Int, String>(workers: 1, timeout: 0.3, makeWorker: {
            { n in if n == 1 { sleep(30) }; return "ok:\(n)" }
        }, onTimeout: { n, _ in "timeout:\(n)" }, sink: { out.append($0) })
        for i in 0..<4 { pool.submit(i) }
        pool.finish()
        #expect(out.all == ["ok:0", "timeout:1", "ok:2", "ok:3"])
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(pool.abandonedWorkers == 1)
    }
}
