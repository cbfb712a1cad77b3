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
    let images: PageImages
    let prices: Prices?
    let dryRun: Bool
    /// With `--scope document`, the most pages one request covers; nil for one page a request.
    let pagesPerRequest: Int?
    let progress: ProgressReporter
    /// With `--embed`: what embeddings are asked of, in batches; nil for chat extraction.
    let embedding: Embedding?
    let totals: Totals
    let meters = Meters()

    init(client: ChatClient, extractor: Extractor, template: ChatRequest, input: InputMode, images: PageImages,
         prices: Prices?, dryRun: Bool, pagesPerRequest: Int?, progress: ProgressReporter, embedding: Embedding? = nil) {
        self.client = client; self.extractor = extractor; self.template = template; self.input = input
        self.images = images; self.prices = prices; self.dryRun = dryRun; self.pagesPerRequest = pagesPerRequest
        self.progress = progress; self.embedding = embedding
        totals = Totals(unit: embedding == nil ? "pages" : "records")
    }

    public var grouping: RecordGrouping? {
        if let embedding { return Self.batchGrouping(size: embedding.batch) }
        return pagesPerRequest.map { Self.documentGrouping(limit: $0) }
    }

    public func pages(_ records: [PageRecord]) async -> [PageRecord] {
        embedding != nil ? await embeddedPages(records) : await documentPages(records)
    }

    /// What all requests learn about the endpoint.
    var health: EndpointHealth { embedding?.embedder.health ?? extractor.health }

    /// Records other stages failed, and document-level records, pass through untouched.
    static func wants(_ record: PageRecord) -> Bool {
        record.status == .ok && record.page != nil && (record["type"]?.stringValue ?? "page") == "page"
    }

    /// One page's whole behaviour.
    public func page(_ input: PageRecord) async -> PageRecord {
        var record = input
        let plan = PageInput.plan(for: record, mode: self.input)
        var request = template
        let imageTokens = PageInput.pageSize(record).map { size in
            let pixels = images.pixelSize(width: size.width, height: size.height)
            return ImageTokens.estimate(width: pixels.width, height: pixels.height)
        }
        // Text sent where auto would otherwise have sent the page image.
        var saved: Int?
        if self.input == .auto, case .text(let text) = plan, let imageTokens {
            saved = max(0, imageTokens - text.count / 4)
        }
        let work = start(Self.meterKey(input), model: request.model, input: plan.mode, saved: saved, pages: 1)
        defer { end(work) }
        if case .text(let text) = plan {
            request.content = .text(text)
        } else if !dryRun || extractor.hasCache {
            switch await images.png(for: record, stage: StageName.llm) {
            case .success(let png):
                if case .both(let text) = plan { request.content = .both(text: text, png: png) } else { request.content = .image(png: png) }
            case .failure(let error):
                record.fail(.error, error)
                if work?.meter.close() == true { progress.setDetail(totals.failedUnsent()) }
                return record
            }
        }
        let (llm, failure) = await answer(request, input: plan.mode,
                                          estimate: Self.estimate(request, plan: plan, imageTokens: imageTokens), saved: saved,
                                          work: work)
        record["llm"] = .object(llm)
        if let (status, error) = failure { record.fail(status, error) }
        return record
    }

    /// A page's (or a document group's) work begins: it is in flight, and its meter can be found
    /// by its deadline. Nil in a dry run, which sends nothing.
    func start(_ key: String, model: String, input: String, saved: Int?, pages: Int) -> PageWork? {
        guard !dryRun else { return nil }
        let work = PageWork(key: key, meter: ExtractionMeter(model: model), input: input, saved: saved, pages: pages)
        // Its deadline passed before it began, and was counted then.
        if Task.isCancelled { _ = work.meter.close(); return work }
        progress.setDetail(totals.started())
        meters.add(work)
        return work
    }

    /// The page's work has ended: unless its deadline passed (whose record is yet to be written,
    /// and wants what came of it), it is forgotten.
    func end(_ work: PageWork?) {
        guard let work, !Task.isCancelled else { return }
        meters.remove(work)
    }

    /// Sends `request` for `pages` pages, or in a dry run counts what would be sent: the `llm` to
    /// write, and the failure to record, if any.
    func answer(_ request: ChatRequest, input: String, estimate: @autoclosure () -> Int, pages: Int = 1,
                saved: Int?, work: PageWork?) async -> (JSONObject, (RecordStatus, RecordError)?) {
        var llm: JSONObject
        var failure: (RecordStatus, RecordError)?
        if let work {
            var result = await extractor.extract(request, meter: work.meter)
            if Task.isCancelled, result.failure == nil {
                // Past the deadline the page's record says timeout, whatever came back.
                result.failure = .timeout
            }
            work.finish(result)
            // Counted once: here, or by the deadline if it came first.
            if work.meter.close() { progress.setDetail(totals.add(result, saved: saved ?? 0, pages: pages)) }
            llm = result.json(prices: prices).objectValue ?? JSONObject()
            llm["input"] = .string(input)
            if let code = result.failure {
                failure = (code == .timeout ? .timeout : .error,
                           RecordError(stage: StageName.llm, code: code.rawValue, message: result.message ?? code.rawValue))
            }
        } else {
            let cached = extractor.isCached(request)
            let tokens = estimate()
            totals.plan(estimate: tokens, maxTokens: request.maxTokens, cached: cached, saved: saved ?? 0, pages: pages)
            llm = JSONObject([("dry_run", .bool(true)), ("model", .string(request.model)), ("input", .string(input)),
                              ("estimated_prompt_tokens", .int(tokens)), ("max_tokens", .int(request.maxTokens)),
                              ("cached", .bool(cached))])
        }
        if let saved { llm["tokens_saved"] = .int(saved) }
        return (llm, failure)
    }

    /// A page (or a document's group) given up at its deadline keeps what its replies cost: its
    /// `llm` says the attempts and usage so far, and the summary counts it.
    public func timedOut(_ records: [PageRecord]) -> [PageRecord] {
        if embedding != nil { return embeddingTimedOut(records) }
        var records = records
        let wanted = records.indices.filter { Self.wants(records[$0]) }
        guard !dryRun, let first = wanted.first else { return records }
        guard let work = meters.take(Self.meterKey(records[first])) else {
            // Its task never began (the deadline came first): nothing was spent, but it failed.
            progress.setDetail(totals.failedUnsent(pages: wanted.count, started: false))
            return records
        }
        // What its task returned, if it ended (cancelled) before this; else what it had so far.
        var partial = work.result ?? work.meter.current
        partial.failure = .timeout
        if work.meter.close() { progress.setDetail(totals.add(partial, saved: work.saved ?? 0, pages: work.pages)) }
        var llm = partial.json(prices: prices).objectValue ?? JSONObject()
        llm["input"] = .string(work.input)
        if let saved = work.saved { llm["tokens_saved"] = .int(saved) }
        if pagesPerRequest != nil {
            let numbers = JSONValue.array(wanted.compactMap { records[$0].page.map(JSONValue.int) })
            llm["scope"] = .string(Scope.document.rawValue)
            llm["pages"] = numbers
            for i in wanted.dropFirst() {
                records[i]["llm"] = .object(JSONObject([("scope", .string(Scope.document.rawValue)), ("pages", numbers),
                                                        ("answered_on", records[first].page.map(JSONValue.int) ?? .null)]))
            }
        }
        records[first]["llm"] = .object(llm)
        return records
    }

    /// Which page (or a document group's first page) a meter belongs to.
    static func meterKey(_ record: PageRecord) -> String {
        let document = record.documentKey.map { "\($0.doc)\u{0}\($0.fileID ?? "")" } ?? ""
        return "\(document)\u{0}\(record.page ?? 0)"
    }

    /// A dry run's estimate of the prompt tokens: the text as sent, and the image as OpenAI counts
    /// it for this page's size (a tile budget when the record gives no size).
    static func estimate(_ request: ChatRequest, plan: PagePlan, imageTokens: Int?) -> Int {
        var text = request
        switch plan {
        case .text: return request.estimatedPromptTokens
        case .image: text.content = .text("")
        case .both(let t): text.content = .text(t)
        }
        return text.estimatedPromptTokens + (imageTokens ?? 765)
    }

    /// After the endpoint is found down or refusing the key, the pages not sent are said once.
    public func reports(_ error: RecordError) -> Bool { !error.message.hasPrefix("not sent:") }

    public func finished(_ status: ExitStatus) async -> ExitStatus {
        var status = status
        let health = self.health
        if let problem = await health.cacheProblem { Diagnostics.warning("cannot write to the cache: \(problem)") }
        if let reason = await health.stopReason {
            let what = await health.everSucceeded ? "it answered before" : "nothing was answered"
            Diagnostics.error("\(extractor.endpoint) \(reason): \(what), so the remaining \(totals.unit) were not sent (\(totals.notSent) written as errors)")
            status = status.worst(.unavailable)
        }
        if dryRun { totals.dryRunSummary(prices: prices) } else { totals.summary(cacheHits: await health.cacheHits, prices: prices) }
        await client.shutdown()
        return status
    }
}

/// The batch's usage, for the progress line and the summary.
final class Totals: @unchecked Sendable {
    /// What the summary counts: pages, or records (chunks and pages) with --embed.
    let unit: String
    init(unit: String = "pages") { self.unit = unit }
    private let lock = NSLock()
    private var usage = Usage()
    private var pages = 0, failed = 0, requests = 0, unsent = 0, inFlight = 0, saved = 0
    private var plannedIn = 0, plannedOut = 0, plannedCached = 0

    /// A page goes out; the progress detail to show.
    func started() -> String {
        lock.lock(); defer { lock.unlock() }
        inFlight += 1
        return detail
    }

    /// A page came back; the progress detail to show. `failed`: how many of its pages failed,
    /// when not all or none (texts of an embeddings batch fail alone).
    func add(_ result: Extraction, saved tokens: Int, pages count: Int = 1, failed failedCount: Int? = nil) -> String {
        lock.lock(); defer { lock.unlock() }
        inFlight -= 1
        pages += count
        usage = usage + result.usage
        requests += result.attempts
        saved += tokens
        // A failed document request fails every page it covered, and the records say so.
        if let failedCount { failed += failedCount } else if result.failure != nil { failed += count }
        if result.notSent { unsent += failedCount ?? count }
        return detail
    }

    /// Pages that failed before anything was sent for them (their image could not be made, or
    /// their deadline came first); the progress detail to show.
    func failedUnsent(pages count: Int = 1, started: Bool = true) -> String {
        lock.lock(); defer { lock.unlock() }
        if started { inFlight -= 1 }
        pages += count
        failed += count
        return detail
    }

    /// A page a dry run would send.
    func plan(estimate: Int, maxTokens: Int, cached: Bool, saved tokens: Int, pages count: Int = 1) {
        lock.lock(); defer { lock.unlock() }
        pages += count
        saved += tokens
        if cached { plannedCached += 1; return }
        plannedIn += estimate
        plannedOut += maxTokens
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
        var line = "done: \(pages) \(unit)" + (failed > 0 ? " (\(failed) failed)" : "")
        line += ", \(requests) requests, \(cacheHits) cache hits, \(usage.promptTokens) tokens in"
        // An embedding has no completion to count.
        if unit == "pages" { line += ", \(usage.completionTokens) out" }
        if usage.estimated { line += " (partly estimated)" }
        if let prices { line += ", cost \(prices.costText(usage))" }
        if saved > 0 { line += "; sending text instead of page images saved about \(saved) prompt tokens" }
        Diagnostics.note(line)
    }

    /// `ux-llm: dry run: 12 pages, 9 to send (3 answered by the cache), about 9120 tokens in, at most 9216 out`
    func dryRunSummary(prices: Prices?) {
        lock.lock(); defer { lock.unlock() }
        var line = "dry run, nothing sent: \(pages) pages, \(pages - plannedCached) to send"
        if plannedCached > 0 { line += " (\(plannedCached) answered by the cache)" }
        line += ", about \(plannedIn) tokens in, at most \(plannedOut) out"
        if let prices { line += ", cost at most \(prices.costText(Usage(promptTokens: plannedIn, completionTokens: plannedOut)))" }
        if saved > 0 { line += "; text instead of page images saves about \(saved) prompt tokens" }
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

/// One page's (or a document group's) work while it runs: what its requests cost so far, found
/// again by its page when it passes its deadline.
final class PageWork: @unchecked Sendable {
    let key: String
    let meter: ExtractionMeter
    let input: String
    let saved: Int?
    let pages: Int
    private let lock = NSLock()
    private var final: Extraction?

    init(key: String, meter: ExtractionMeter, input: String, saved: Int?, pages: Int) {
        self.key = key; self.meter = meter; self.input = input; self.saved = saved; self.pages = pages
    }

    /// What the extraction returned, once it has.
    var result: Extraction? { lock.lock(); defer { lock.unlock() }; return final }
    func finish(_ result: Extraction) { lock.lock(); final = result; lock.unlock() }
}

/// The work of the pages in flight.
final class Meters: @unchecked Sendable {
    private let lock = NSLock()
    private var works: [PageWork] = []

    func add(_ work: PageWork) {
        lock.lock(); defer { lock.unlock() }
        works.append(work)
    }

    func remove(_ work: PageWork) {
        lock.lock(); defer { lock.unlock() }
        works.removeAll { $0 === work }
    }

    /// The oldest work on the page `key` (the same page given twice is met in input order).
    func take(_ key: String) -> PageWork? {
        lock.lock(); defer { lock.unlock() }
        guard let index = works.firstIndex(where: { $0.key == key }) else { return nil }
        return works.remove(at: index)
    }
}
