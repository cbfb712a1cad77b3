import Foundation
import UnifexCore

/// Runs an async page function on up to `jobs` records at once and writes the results in input
/// order, with at most `window` records read but not yet written.
///
/// Records are read on a thread of their own (reading stdin blocks), and the requests wait on the
/// network as suspended tasks, so a hundred pages in flight cost no hundred threads. This is the
/// seam a shared async page stage would take over: `work` is the whole per-page behaviour.
enum OrderedWindow {
    static func run(jobs: Int, window: Int, next: @escaping @Sendable () -> PageRecord?,
                    work: @escaping @Sendable (PageRecord) async -> PageRecord,
                    write: (PageRecord) -> Void) async {
        let (stream, continuation) = AsyncStream.makeStream(of: PageRecord.self)
        let slots = DispatchSemaphore(value: max(window, jobs))
        let reader = Thread {
            while true {
                slots.wait()
                guard let record = next() else { break }
                continuation.yield(record)
            }
            continuation.finish()
        }
        reader.start()
        await withTaskGroup(of: (Int, PageRecord).self) { group in
            var finished: [Int: PageRecord] = [:]
            var nextOut = 0, nextIn = 0, running = 0
            func collect(_ done: (Int, PageRecord)) {
                running -= 1
                finished[done.0] = done.1
                while let record = finished.removeValue(forKey: nextOut) {
                    write(record)
                    nextOut += 1
                    slots.signal()
                }
            }
            for await record in stream {
                while running >= jobs, let done = await group.next() { collect(done) }
                let index = nextIn
                nextIn += 1
                running += 1
                group.addTask { (index, await work(record)) }
            }
            while let done = await group.next() { collect(done) }
        }
    }
}
