import Dispatch
import UnifexCore

/// Runs an async page function on up to `jobs` records at once and writes the results in input
/// order, with at most `window` records read but not yet written.
///
/// Reading stdin blocks, so each read runs on a serial queue of its own, off the threads async
/// tasks share, and comes back as an event; finished pages come back as events too, so the one
/// loop below always hears about whichever happens first and never waits on input while a
/// finished page could be written. The requests wait on the network as suspended tasks: a hundred
/// pages in flight cost no hundred threads. This is the seam a shared async page stage would take
/// over: `work` is the whole per-page behaviour.
enum OrderedWindow {
    private enum Event: Sendable {
        case input(PageRecord?)
        case output(Int, PageRecord)
    }

    static func run(jobs: Int, window: Int, next: @escaping @Sendable () -> PageRecord?,
                    work: @escaping @Sendable (PageRecord) async -> PageRecord,
                    write: (PageRecord) -> Void) async {
        let queue = DispatchQueue(label: "ux-llm.input")
        @Sendable func read() async -> Event {
            .input(await withCheckedContinuation { continuation in queue.async { continuation.resume(returning: next()) } })
        }
        let window = max(window, jobs)
        await withTaskGroup(of: Event.self) { group in
            var finished: [Int: PageRecord] = [:]
            var nextOut = 0, nextIn = 0, running = 0
            var reading = true, ended = false
            group.addTask { await read() }
            while let event = await group.next() {
                switch event {
                case .input(let record?):
                    reading = false
                    let index = nextIn
                    nextIn += 1
                    running += 1
                    group.addTask { .output(index, await work(record)) }
                case .input(nil):
                    reading = false
                    ended = true
                case .output(let index, let record):
                    running -= 1
                    finished[index] = record
                    while let ready = finished.removeValue(forKey: nextOut) {
                        write(ready)
                        nextOut += 1
                    }
                }
                if !ended, !reading, running < jobs, nextIn - nextOut < window {
                    reading = true
                    group.addTask { await read() }
                }
            }
        }
    }
}
