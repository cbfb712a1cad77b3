import Foundation
import Testing
@testable import UXShared
import UnifexCore
import UnifexTestSupport

/// The async page stage end to end on real file descriptors: records in, every page waiting on
/// its (slow) page function at once, records out in input order with their timings.
@Suite struct AsyncPageRunnerTests {
    /// Two threads for all the pages in flight.
    static let executor = ThreadExecutor(threads: 2)

    func records(_ count: Int) -> String {
        (1...count).map { #"{"v":1,"type":"page","doc":"a.pdf","source":"pdf","page":\#($0),"page_count":\#(count),"selected":\#(count),"status":"ok"}"# }
            .joined(separator: "\n") + "\n"
    }

    func run(_ input: String, timeout: Double?, window: Int,
             page: @escaping @Sendable (PageRecord) async -> PageRecord) async throws -> (UnifexCore.ExitStatus, [PageRecord]) {
        try await run(input, timeout: timeout, window: window, grouping: nil) { records in
            var out: [PageRecord] = []
            for record in records { out.append(await page(record)) }
            return out
        }
    }

    func run(_ input: String, timeout: Double?, window: Int, grouping: RecordGrouping?,
             pages: @escaping @Sendable ([PageRecord]) async -> [PageRecord]) async throws -> (UnifexCore.ExitStatus, [PageRecord]) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("async-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let inPath = dir.appendingPathComponent("in").path, outPath = dir.appendingPathComponent("out").path
        try input.write(toFile: inPath, atomically: true, encoding: .utf8)
        let inFD = open(inPath, O_RDONLY), outFD = open(outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        defer { close(inFD) }
        let runner = AsyncPageRunner(context: PageContext(stage: "test", password: nil, timeout: timeout),
                                     window: window, executor: Self.executor, wants: { $0.page.map { $0 % 10 != 0 } ?? false })
        // On a thread of its own, as the tools run it on their main thread: the reader blocks while
        // the window is full, which must not take one of the shared executor's few threads.
        let status = await withCheckedContinuation { (done: CheckedContinuation<UnifexCore.ExitStatus, Never>) in
            Thread {
                let status = if let grouping {
                    runner.run(grouping: grouping, input: inFD, output: outFD, pages)
                } else {
                    runner.run({ await pages([$0])[0] }, input: inFD, output: outFD)
                }
                done.resume(returning: status)
            }.start()
        }
        close(outFD)
        let lines = try String(contentsOfFile: outPath, encoding: .utf8).split(separator: "\n")
        return (status, try lines.map { line throws(RecordError) in try PageRecord.decode(Array(line.utf8)) })
    }

    @Test func pagesWaitTogetherAndComeOutInOrder() async throws {
        let gauge = Gauge()
        let (status, out) = try await run(records(60), timeout: nil, window: 48) { record in
            gauge.enter()
            let page = record.page ?? 0
            try? await Task.sleep(nanoseconds: UInt64(300 - page * 3) * 1_000_000)
            gauge.leave()
            var result = record
            result["answer"] = .int(page * 2)
            return result
        }
        #expect(status == .ok)
        #expect(out.map(\.page) == Array(1...60))
        // Every tenth page is not wanted: it passes through untouched, without timings.
        #expect(out.allSatisfy { ($0.page! % 10 == 0) == ($0["answer"] == nil) })
        #expect(out.filter { $0["answer"] != nil }.allSatisfy { $0["timings"]?.objectValue?["test"] != nil })
        #expect(gauge.maximum >= 40, "only \(gauge.maximum) pages in flight at once")
        #expect(gauge.threads <= 2, "\(gauge.threads) threads for \(gauge.maximum) pages in flight")
    }

    @Test func aPagePastItsDeadlineBecomesATimeoutRecord() async throws {
        let (status, out) = try await run(records(3), timeout: 0.5, window: 4) { record in
            if record.page == 2 { try? await Task.sleep(nanoseconds: 20_000_000_000) }
            return record
        }
        #expect(status == .someFailed)
        #expect(out.map(\.status) == [.ok, .timeout, .ok])
        #expect(out[1].error == RecordError(stage: "test", code: "timeout", message: "page took longer than 0.5 s; gave up on it"))
    }

    @Test func groupsAreConsecutiveRecordsOfOneKeyUpToTheLimit() async throws {
        let seen = Lock()
        nonisolated(unsafe) var groups: [[Int]] = []
        // Pages 1-25; every tenth is not wanted (it rides along in its group, untouched); the key
        // changes at page 13, as a new document would.
        let grouping = RecordGrouping(limit: 4) { record in (record.page ?? 0) <= 12 ? "a" : "b" }
        let (status, out) = try await run(records(25), timeout: nil, window: 3, grouping: grouping) { records in
            seen.withLock { groups.append(records.compactMap(\.page)) }
            return records.map { record in
                var result = record
                if (record.page ?? 0) % 10 != 0 { result["group_size"] = .int(records.count) }
                return result
            }
        }
        #expect(status == .ok)
        #expect(out.map(\.page) == Array(1...25))
        let sorted = seen.withLock { groups.sorted { $0[0] < $1[0] } }
        #expect(sorted == [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16], [17, 18, 19, 20, 21], [22, 23, 24, 25]])
        #expect(out.filter { $0.page! % 10 == 0 }.allSatisfy { $0["group_size"] == nil && $0["timings"] == nil })
        #expect(out.filter { $0.page! % 10 != 0 }.allSatisfy { $0["timings"]?.objectValue?["test"] != nil })
    }
}
