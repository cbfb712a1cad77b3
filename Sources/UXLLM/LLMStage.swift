import Foundation
import UnifexCore
import UnifexLLM

/// ux-llm's page stage: which records are sent, what each becomes, and the batch's totals.
struct LLMStage: Sendable {
    let extractor: Extractor
    /// The request every page starts from; its content is replaced by the page's.
    let template: ChatRequest
    let input: InputMode
    let prices: Prices?
    let totals = Totals()

    /// Records other stages failed, and document-level records, pass through untouched.
    static func wants(_ record: PageRecord) -> Bool {
        record.status == .ok && record.page != nil && (record["type"]?.stringValue ?? "page") == "page"
    }

    /// One page's whole behaviour: the seam a shared async page stage would call.
    func process(_ input: PageRecord) async -> PageRecord {
        guard Self.wants(input) else { return input }
        var record = input
        let content: PageContent
        switch PageInput.content(of: record, mode: self.input) {
        case .success(let c): content = c
        case .failure(let error):
            record.fail(.error, error)
            return record
        }
        var request = template
        request.content = content
        let result = await extractor.extract(request)
        totals.add(result)
        record["llm"] = result.json(prices: prices)
        record.addTiming("llm", result.seconds)
        if let failure = result.failure {
            record.fail(failure == .timeout ? .timeout : .error,
                        RecordError(stage: "llm", code: failure.rawValue, message: result.message ?? failure.rawValue))
        }
        return record
    }

    func run(jobs: Int, progress: ProgressReporter) async -> ExitStatus {
        let reader = RecordReader(stage: "llm")
        let writer = RecordWriter()
        let failures = Counter()
        let source = ReaderBox(reader)
        await OrderedWindow.run(jobs: jobs, window: jobs * 2 + 8, next: { source.next() },
                                work: { await process($0) }, write: { record in
            // After the endpoint is found down, the pages not sent are not reported one by one.
            if record.status != .ok, record["input_line"] == nil, let error = record.error, error.stage == "llm",
               !error.message.hasPrefix("not sent:") {
                Diagnostics.error(error.message, at: record.location)
            }
            if record.status == .error || record.status == .timeout { failures.add() }
            writer.write(record)
            progress.count(record)
        })
        progress.finish()
        let health = extractor.health
        if let problem = await health.cacheProblem { Diagnostics.warning("cannot write to the cache: \(problem)") }
        var status: ExitStatus = failures.value > 0 ? .someFailed : .ok
        if reader.badLines > 0 { status = status.worst(.dataError) }
        if reader.readFailed { status = status.worst(.ioError) }
        if await health.isDown {
            Diagnostics.error("\(extractor.endpoint) refuses connections: nothing was answered, so the remaining pages were not sent (\(totals.notSent) written as errors)")
            status = status.worst(.unavailable)
        }
        totals.summary(cacheHits: await health.cacheHits, prices: prices)
        return status
    }
}

/// The reader, used from the window's reading thread only.
final class ReaderBox: @unchecked Sendable {
    private let reader: RecordReader
    init(_ reader: RecordReader) { self.reader = reader }
    func next() -> PageRecord? { reader.next() }
}

/// Failed records written, for the exit status.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}

/// The batch's usage, for the summary line.
final class Totals: @unchecked Sendable {
    private let lock = NSLock()
    private var usage = Usage()
    private var pages = 0, failed = 0, requests = 0, unsent = 0

    func add(_ result: Extraction) {
        lock.lock(); defer { lock.unlock() }
        pages += 1
        usage = usage + result.usage
        requests += result.attempts
        if result.failure != nil { failed += 1 }
        if result.attempts == 0 && !result.cached { unsent += 1 }
    }

    var notSent: Int { lock.lock(); defer { lock.unlock() }; return unsent }

    /// `ux-llm: done: 12 pages (1 failed), 14 requests, 3 cache hits, 5120 tokens in, 800 out, cost 0.0012`
    func summary(cacheHits: Int, prices: Prices?) {
        lock.lock(); defer { lock.unlock() }
        guard pages > 0 else { return }
        var line = "done: \(pages) pages" + (failed > 0 ? " (\(failed) failed)" : "")
        line += ", \(requests) requests, \(cacheHits) cache hits, \(usage.promptTokens) tokens in, \(usage.completionTokens) out"
        if usage.estimated { line += " (partly estimated)" }
        if let prices { line += ", cost \(prices.costText(usage))" }
        Diagnostics.note(line)
    }
}
