import Foundation
import Testing
@testable import UnifexCore

/// Collects what the pool's sink receives, across threads.
final class Collected<T: Sendable>: @unchecked Sendable {
    private let lock = Lock()
    private var items: [T] = []
    func append(_ item: T) { lock.withLock { items.append(item) } }
    var all: [T] { lock.withLock { items } }
}

/// Counts items being worked on at once, and the most ever seen.
final class Gauge: @unchecked Sendable {
    private let lock = Lock()
    private var current = 0
    private(set) var peak = 0
    func enter() { lock.withLock { current += 1; peak = max(peak, current) } }
    func leave() { lock.withLock { current -= 1 } }
    var maximum: Int { lock.withLock { peak } }
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

@Suite struct DocumentAssemblerTests {
    func page(_ doc: String, _ n: Int, of selected: Int, _ status: RecordStatus = .ok) -> PageRecord {
        var r = PageRecord(doc: doc, source: "pdf", page: n, pageCount: selected, selected: selected)
        r.status = status
        r["text"] = .string("p\(n)")
        return r
    }

    @Test func releasesADocumentWhenItsLastPageArrivesWithPagesInOrder() throws {
        var assembler = DocumentAssembler(format: .text)
        #expect(try assembler.add(page("a", 2, of: 3))?.doc == nil)
        #expect(try assembler.add(page("b", 1, of: 1))?.doc == "b")
        #expect(try assembler.add(page("a", 1, of: 3))?.doc == nil)
        let a = try assembler.add(page("a", 3, of: 3))
        #expect(a?.pages.compactMap(\.page) == [1, 2, 3])
        #expect(a?.status == "ok")
        #expect(a.map { String(decoding: $0.bytes(), as: UTF8.self) } == "p1\u{0C}p2\u{0C}p3\u{0C}")
        #expect(assembler.openDocuments == 0)
    }

    @Test func jsonDocumentRecordCarriesPagesInOrder() throws {
        var assembler = DocumentAssembler(format: .json)
        _ = try assembler.add(page("a", 2, of: 2))
        let a = try #require(try assembler.add(page("a", 1, of: 2)))
        let bytes = a.bytes()
        #expect(bytes.last == 0x0A)
        let record = try #require(try JSONValue.parse(bytes.dropLast()).objectValue)
        #expect(record["type"]?.stringValue == "document")
        #expect(record["status"]?.stringValue == "ok")
        #expect(record["pages_ok"]?.intValue == 2)
        #expect(record["pages"]?.arrayValue?.compactMap { $0.objectValue?["page"]?.intValue } == [1, 2])
    }

    @Test func failedAndMissingPagesAreReported() throws {
        var assembler = DocumentAssembler()
        #expect(try assembler.add(page("a", 1, of: 2, .timeout))?.doc == nil)
        _ = try assembler.add(page("c", 1, of: 3))
        let a = try assembler.add(page("a", 2, of: 2))
        #expect(a?.status == "partial")
        #expect(a?.failedPages.compactMap(\.page) == [1])
        let rest = assembler.drain()
        #expect(rest.map(\.doc) == ["c"])
        #expect(rest.first?.missingPages == 2)
        #expect(rest.first?.status == "partial")
        let record = try JSONValue.parse(rest[0].bytes().dropLast()).objectValue
        #expect(record?["pages_missing"]?.intValue == 2)
    }

    @Test func documentErrorRecordCompletesAtOnce() throws {
        var assembler = DocumentAssembler()
        var error = PageRecord(doc: "x.pdf", source: "pdf", page: nil, pageCount: nil, selected: 1)
        error.fail(.error, RecordError(stage: "split", code: "missing", message: "no such file"))
        let doc = try assembler.add(error)
        #expect(doc?.status == "error")
        #expect(doc?.documentError?.code == "missing")
        let record = try JSONValue.parse(try #require(doc).bytes().dropLast()).objectValue
        #expect(record?["error"]?.objectValue?["code"]?.stringValue == "missing")
        #expect(record?["pages"]?.arrayValue?.count == 1)
    }

    @Test func sameDocumentAgainStartsANewGroup() throws {
        var assembler = DocumentAssembler()
        #expect(try assembler.add(page("a", 1, of: 1))?.doc == "a")
        #expect(try assembler.add(page("a", 1, of: 1))?.doc == "a")
    }
}
