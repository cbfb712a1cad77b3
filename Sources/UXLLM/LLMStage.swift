import Foundation
public import UXShared
public import UnifexCore
import UnifexLLM

/// One run of ux-llm: which records are sent, what each becomes, and the batch's totals.
public struct LLMRun: AsyncStageRun {
    let client: ChatClient
    let extractor: Extractor
    /// The request every page starts from; its content is replaced by the page's.
    let template: ChatRequest
    let input: InputMode
    let prices: Prices?
    let progress: ProgressReporter
    let totals = Totals()

    /// Records other stages failed, and document-level records, pass through untouched.
    static func wants(_ record: PageRecord) -> Bool {
        record.status == .ok && record.page != nil && (record["type"]?.stringValue ?? "page") == "page"
    }

    /// One page's whole behaviour.
    public func page(_ input: PageRecord) async -> PageRecord {
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
        progress.setDetail(totals.started())
        let result = await extractor.extract(request)
        progress.setDetail(totals.add(result))
        record["llm"] = result.json(prices: prices)
        if let failure = result.failure {
            record.fail(failure == .timeout ? .timeout : .error,
                        RecordError(stage: StageName.llm, code: failure.rawValue, message: result.message ?? failure.rawValue))
        }
        return record
    }

    /// After the endpoint is found down or refusing the key, the pages not sent are said once.
    public func reports(_ error: RecordError) -> Bool { !error.message.hasPrefix("not sent:") }

    public func finished(_ status: ExitStatus) async -> ExitStatus {
        var status = status
        let health = extractor.health
        if let problem = await health.cacheProblem { Diagnostics.warning("cannot write to the cache: \(problem)") }
        if let reason = await health.stopReason {
            let what = await health.everSucceeded ? "it answered before" : "nothing was answered"
            Diagnostics.error("\(extractor.endpoint) \(reason): \(what), so the remaining pages were not sent (\(totals.notSent) written as errors)")
            status = status.worst(.unavailable)
        }
        totals.summary(cacheHits: await health.cacheHits, prices: prices)
        await client.shutdown()
        return status
    }
}

/// The batch's usage, for the progress line and the summary.
final class Totals: @unchecked Sendable {
    private let lock = NSLock()
    private var usage = Usage()
    private var pages = 0, failed = 0, requests = 0, unsent = 0, inFlight = 0

    /// A page goes out; the progress detail to show.
    func started() -> String {
        lock.lock(); defer { lock.unlock() }
        inFlight += 1
        return detail
    }

    /// A page came back; the progress detail to show.
    func add(_ result: Extraction) -> String {
        lock.lock(); defer { lock.unlock() }
        inFlight -= 1
        pages += 1
        usage = usage + result.usage
        requests += result.attempts
        if result.failure != nil { failed += 1 }
        if result.attempts == 0 && !result.cached { unsent += 1 }
        return detail
    }

    /// `3 in flight, 41 requests, 52.1k tokens` (under the lock).
    private var detail: String {
        "\(inFlight) in flight, \(requests) requests, \(compact(usage.promptTokens + usage.completionTokens)) tokens"
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

/// 950 → "950", 52_140 → "52.1k", 3_200_000 → "3.2M".
func compact(_ n: Int) -> String {
    switch n {
    case ..<1000: String(n)
    case ..<1_000_000: String(format: "%.1fk", Double(n) / 1000)
    default: String(format: "%.1fM", Double(n) / 1_000_000)
    }
}
