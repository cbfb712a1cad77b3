import Foundation

/// How a tool shows progress: `auto` draws a live line only on a terminal, and only in the
/// last tool of a pipeline; `plain` prints a line every few seconds (logs, CI); `json` prints
/// progress events on stderr for programs; `none` is silent.
public enum ProgressMode: String, Sendable, CaseIterable {
    case auto, bar, plain, json, none
}

/// Counts what a tool writes, shares it with the other tools of the pipeline, and, in the
/// tool that draws, shows one line for the whole pipeline with rate and ETA.
public final class ProgressReporter: @unchecked Sendable {
    public static let environmentVariable = "UNIFEX_PROGRESS"

    private let lock = Lock()
    private let board: ProgressBoard
    private var snapshot: ProgressSnapshot
    /// The mode this tool draws in, or nil when it only shares its counters.
    public let drawing: ProgressMode?
    /// This tool's stdout is not a pipe: it is the last of the pipeline.
    private let isLast: Bool
    private let started = Date()
    private var openDocuments: [DocumentKey: Int] = [:]
    private var rate = RateEstimator()
    private var lastPlain = Date.timeIntervalSinceReferenceDate
    private var lastLineWidth = 0
    private var ticker: Thread?
    private var stopped = false

    /// `mode` is the tool's --progress; nil falls back to $UNIFEX_PROGRESS, then `auto`.
    public init(tool: String, mode: ProgressMode?, arguments: [String] = CommandLine.arguments) {
        board = ProgressBoard()
        snapshot = ProgressSnapshot(tool: tool, pid: getpid())
        snapshot.arguments = redactingSecrets(arguments)
        let environment = ProcessInfo.processInfo.environment[Self.environmentVariable].flatMap(ProgressMode.init(rawValue:))
        let explicit = mode != nil && mode != .auto
        let chosen = mode ?? environment ?? .auto
        let last = !isPipe(1)
        isLast = last
        let terminal = isatty(2) != 0
        switch chosen {
        case .none: drawing = nil
        case .auto: drawing = last && terminal ? .bar : nil
        case .bar: drawing = (explicit || last) ? (terminal ? .bar : .plain) : nil
        case .plain, .json: drawing = (explicit || last) ? chosen : nil
        }
        if drawing == .bar { board.becomeDrawer() }
        Diagnostics.setRoute { [weak self] line in self?.route(line) ?? false }
        board.publish(snapshot, force: true)
        let thread = Thread { [weak self] in
            while let self, !self.lock.withLock({ self.stopped }) {
                self.tick()
                usleep(200_000)
            }
        }
        thread.stackSize = 1 << 20
        ticker = thread
        thread.start()
    }

    /// Whether anyone is likely to draw progress for this pipeline, so that ux-split should spend
    /// a little time counting the batch's pages up front: a terminal, or a mode asked for.
    public static func totalsWanted(mode: ProgressMode?) -> Bool {
        let environment = ProcessInfo.processInfo.environment[environmentVariable].flatMap(ProgressMode.init(rawValue:))
        switch mode ?? environment ?? .auto {
        case .none: return false
        case .auto: return isatty(2) != 0
        default: return true
        }
    }

    /// Names the libraries (and versions) this tool runs on, for the batch report.
    public func setLibraries(_ libraries: [String: String]) {
        lock.withLock { snapshot.libraries = libraries }
    }

    /// Pages that have gone through this tool so far.
    public var pagesCounted: Int { lock.withLock { snapshot.pagesOut } }

    /// Every tool of the pipeline as it announced itself (this one included).
    public func pipelineTools() -> [ProgressSnapshot] {
        let mine = lock.withLock { snapshot }
        return [mine] + board.snapshots().filter { $0.pid != mine.pid }
    }

    /// ux-split: the batch's size, once known.
    public func setTotals(documents: Int?, pages: Int?) {
        lock.withLock {
            snapshot.documentsTotal = documents
            snapshot.pagesTotal = pages
        }
    }

    /// Counts a record that has gone through this tool (a page, or a document-level record).
    public func count(_ record: PageRecord) {
        lock.withLock {
            if record.page != nil { snapshot.pagesOut += 1 }
            if record.status == .error || record.status == .timeout { snapshot.failures += 1 }
            guard let key = record.documentKey else { return }
            let seen = openDocuments[key, default: 0] + 1
            if record.page == nil || seen >= max(record.selected ?? 1, 1) {
                openDocuments[key] = nil
                snapshot.documentsOut += 1
            } else {
                openDocuments[key] = seen
            }
        }
    }

    /// What else this tool counts, shown after the pipeline's counts by whichever tool draws.
    public func setDetail(_ detail: String?) {
        lock.withLock { snapshot.detail = detail }
    }

    /// Ends progress: the drawer prints a final summary line. Idempotent.
    public func finish(interrupted: Bool = false) {
        let wasStopped = lock.withLock { () -> Bool in
            defer { stopped = true; snapshot.finished = true }
            return stopped
        }
        guard !wasStopped else { return }
        board.publish(lock.withLock { snapshot }, force: true)
        if let drawing {
            let state = overall()
            flushMessages()
            switch drawing {
            case .json: emitLine(state.json(event: interrupted ? "interrupted" : "done"))
            case .bar, .plain:
                clearBar()
                var final = state
                final.finished = true
                emitLine("\(snapshot.tool): \(interrupted ? "interrupted" : "done"): \(final.summary)")
            default: break
            }
        }
        Diagnostics.setRoute(nil)
        board.leave(last: isLast)
    }

    // MARK: - Drawing

    private func tick() {
        board.publish(lock.withLock { snapshot })
        guard let drawing else { return }
        let state = overall()
        flushMessages()
        let now = Date.timeIntervalSinceReferenceDate
        switch drawing {
        case .bar: drawBar(state)
        case .plain:
            if now - lastPlain >= 5 { lastPlain = now; emitLine("\(snapshot.tool): progress: \(state.summary)") }
        case .json:
            if now - lastPlain >= 1 { lastPlain = now; emitLine(state.json(event: "progress")) }
        default: break
        }
    }

    /// The pipeline as a whole: totals from ux-split, work done from this tool (the last).
    private func overall() -> PipelineState {
        let others = board.snapshots()
        let mine = lock.withLock { snapshot }
        let documentsTotal = ([mine] + others).compactMap(\.documentsTotal).max()
        let pagesTotal = ([mine] + others).compactMap(\.pagesTotal).max()
        let elapsed = Date().timeIntervalSince(started)
        let perSecond = lock.withLock { rate.update(done: mine.pagesOut, at: elapsed) }
        let details = ([mine] + others).sorted { $0.started < $1.started }.compactMap { tool in
            tool.detail.map { (tool: tool.tool, detail: $0) }
        }
        return PipelineState(pagesDone: mine.pagesOut, pagesTotal: pagesTotal, documentsDone: mine.documentsOut,
                             documentsTotal: documentsTotal, failures: others.map(\.failures).reduce(mine.failures, max),
                             rate: perSecond, elapsed: elapsed, details: details)
    }

    private func drawBar(_ state: PipelineState) {
        let width = max(terminalWidth() - 1, 20)
        var line = state.barLine(width: width)
        if line.count > width { line = String(line.prefix(width)) }
        lastLineWidth = line.count
        writeAll(fd: 2, Array("\r\u{1B}[K\(line)".utf8))
    }

    private func clearBar() {
        if drawing == .bar, lastLineWidth > 0 { writeAll(fd: 2, Array("\r\u{1B}[K".utf8)); lastLineWidth = 0 }
    }

    private func emitLine(_ line: String) { writeAll(fd: 2, Array((line + "\n").utf8)) }

    /// Messages the other tools posted while this one draws, printed above the bar.
    private func flushMessages() {
        guard drawing == .bar else { return }
        let messages = board.takeMessages()
        guard !messages.isEmpty else { return }
        clearBar()
        writeAll(fd: 2, Array(messages.map { $0 + "\n" }.joined().utf8))
    }

    /// Where this tool's own messages go: above the bar when drawing, through the drawer when
    /// another tool draws, else straight to stderr (returns false).
    private func route(_ line: String) -> Bool {
        if drawing == .bar {
            lock.withLock {
                if lastLineWidth > 0 { writeAll(fd: 2, Array("\r\u{1B}[K".utf8)); lastLineWidth = 0 }
                writeAll(fd: 2, Array(line.utf8))
            }
            return true
        }
        if drawing == nil, board.otherDrawerIsLive { return board.post(message: line) }
        return false
    }
}

/// A moving average of pages per second, sampled at most once a second.
struct RateEstimator {
    private var lastDone = 0
    private var lastTime = 0.0
    private(set) var value: Double?

    mutating func update(done: Int, at time: Double) -> Double? {
        let dt = time - lastTime
        guard dt >= 1 else { return value }
        let instant = Double(done - lastDone) / dt
        // Weight recent seconds more, but remember about the last half minute.
        value = value.map { $0 + (instant - $0) * min(dt / 30, 1) } ?? (done > 0 ? instant : nil)
        lastDone = done
        lastTime = time
        return value
    }
}

struct PipelineState {
    var pagesDone: Int
    var pagesTotal: Int?
    var documentsDone: Int
    var documentsTotal: Int?
    var failures: Int
    var rate: Double?
    var elapsed: Double
    /// Each tool's own counts (ux-llm's requests and tokens), in pipeline order.
    var details: [(tool: String, detail: String)] = []
    var finished = false

    private var detailText: String? {
        details.isEmpty ? nil : details.map { "\($0.tool): \($0.detail)" }.joined(separator: "; ")
    }

    var eta: Double? {
        guard !finished, let pagesTotal, let rate, rate > 0 else { return nil }
        return Double(max(pagesTotal - pagesDone, 0)) / rate
    }

    var summary: String {
        var parts = [pagesTotal.map { "\(pagesDone)/\($0) pages" } ?? "\(pagesDone) pages"]
        parts.append(documentsTotal.map { "\(documentsDone)/\($0) documents" } ?? "\(documentsDone) documents")
        parts.append("\(failures) failed")
        if finished, elapsed > 0 {
            parts.append(String(format: "%.1f pages/s", Double(pagesDone) / elapsed))
        } else if let rate {
            parts.append(String(format: "%.1f pages/s", rate))
        }
        parts.append((finished ? "in " : "elapsed ") + clock(elapsed))
        if let eta { parts.append("ETA \(clock(eta))") }
        if !finished, let detailText { parts.append(detailText) }
        return parts.joined(separator: ", ")
    }

    func barLine(width: Int) -> String {
        let fraction = pagesTotal.map { $0 > 0 ? min(Double(pagesDone) / Double($0), 1) : 0 }
        let pages = pagesTotal.map { "\(pagesDone)/\($0) pages" } ?? "\(pagesDone) pages"
        let docs = documentsTotal.map { "\(documentsDone)/\($0) docs" } ?? "\(documentsDone) docs"
        let speed = rate.map { String(format: "%.1f p/s", $0) } ?? "-- p/s"
        let tail = "\(docs)  \(speed)  \(failures) failed  \(clock(elapsed))  ETA \(eta.map(clock) ?? "--:--")"
            + (detailText.map { "  \($0)" } ?? "")
        guard let fraction else { return "\(pages)  \(tail)" }
        let percent = String(format: "%3.0f%%", fraction * 100)
        let barWidth = max(10, min(30, width - pages.count - tail.count - percent.count - 6))
        let filled = Int(saturating: Double(barWidth) * fraction, rounding: .down)
        let bar = String(repeating: "=", count: filled) + (filled < barWidth ? ">" : "")
            + String(repeating: " ", count: max(barWidth - filled - 1, 0))
        return "[\(bar)] \(percent) \(pages)  \(tail)"
    }

    func json(event: String) -> String {
        var o = JSONObject([("event", .string(event)), ("pages_done", .int(pagesDone))])
        o["pages_total"] = pagesTotal.map(JSONValue.int) ?? .null
        o["documents_done"] = .int(documentsDone)
        o["documents_total"] = documentsTotal.map(JSONValue.int) ?? .null
        o["failures"] = .int(failures)
        o["pages_per_second"] = rate.map(JSONValue.double) ?? .null
        o["elapsed_seconds"] = .double(elapsed)
        o["eta_seconds"] = eta.map(JSONValue.double) ?? .null
        if !details.isEmpty { o["details"] = .object(JSONObject(details.map { ($0.tool, .string($0.detail)) })) }
        return JSONValue.object(o).serialized()
    }
}

/// 75 → "1:15", 3725 → "1:02:05".
func clock(_ seconds: Double) -> String {
    let s = Int(saturating: max(seconds, 0))
    let (h, m, sec) = (s / 3600, (s % 3600) / 60, s % 60)
    let two = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
    return h > 0 ? "\(h):\(two(m)):\(two(sec))" : "\(m):\(two(sec))"
}

private func isPipe(_ fd: Int32) -> Bool {
    var info = stat()
    guard fstat(fd, &info) == 0 else { return false }
    let type = info.st_mode & S_IFMT
    return type == S_IFIFO || type == S_IFSOCK
}

private func terminalWidth() -> Int {
    var size = winsize()
    if ioctl(2, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
    return 100
}
