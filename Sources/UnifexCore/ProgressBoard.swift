import Foundation

/// What one tool of a pipeline has done so far, published for whoever draws progress.
public struct ProgressSnapshot: Sendable, Equatable {
    public var tool: String
    public var pid: Int32
    /// When the tool started (seconds since 1970): tools of one pipeline start together.
    public var started: Double = Date().timeIntervalSince1970
    /// Set by ux-split: documents and pages in the whole batch, once counted.
    public var documentsTotal: Int?
    public var pagesTotal: Int?
    /// Pages and documents that have left this tool.
    public var pagesOut = 0
    public var documentsOut = 0
    public var failures = 0
    public var finished = false
    /// The tool's command line and the libraries it runs on, for the batch report.
    public var arguments: [String] = []
    public var libraries: [String: String] = [:]

    public init(tool: String, pid: Int32) { self.tool = tool; self.pid = pid }

    var json: JSONValue {
        var o = JSONObject([("tool", .string(tool)), ("pid", .int(Int(pid))), ("started", .double(started))])
        if let documentsTotal { o["documents_total"] = .int(documentsTotal) }
        if let pagesTotal { o["pages_total"] = .int(pagesTotal) }
        o["pages_out"] = .int(pagesOut)
        o["documents_out"] = .int(documentsOut)
        o["failures"] = .int(failures)
        o["finished"] = .bool(finished)
        o["arguments"] = .array(arguments.map(JSONValue.string))
        o["libraries"] = .object(JSONObject(libraries.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
        return .object(o)
    }

    init?(_ value: JSONValue) {
        guard let o = value.objectValue, let tool = o["tool"]?.stringValue, let pid = o["pid"]?.intValue else { return nil }
        self.init(tool: tool, pid: Int32(pid))
        started = o["started"]?.doubleValue ?? 0
        documentsTotal = o["documents_total"]?.intValue
        pagesTotal = o["pages_total"]?.intValue
        pagesOut = o["pages_out"]?.intValue ?? 0
        documentsOut = o["documents_out"]?.intValue ?? 0
        failures = o["failures"]?.intValue ?? 0
        finished = o["finished"]?.boolValue ?? false
        arguments = o["arguments"]?.arrayValue?.compactMap(\.stringValue) ?? []
        for (key, value) in o["libraries"]?.objectValue?.pairs ?? [] { libraries[key] = value.stringValue }
    }
}

/// A folder shared by the tools of one pipeline, so that exactly one of them draws one
/// progress line for all, and the others' messages reach the terminal through it.
///
/// The tools of a shell pipeline share a process group; the folder is named after it
/// (or after `UNIFEX_PIPELINE` when set). Each tool writes its snapshot to its own file
/// (temporary file, then rename); the drawer registers itself in `drawer`; messages of the
/// others are appended to `messages` while a live drawer is registered.
public final class ProgressBoard: @unchecked Sendable {
    public let directory: String
    private let pid = getpid()
    private let started = Date().timeIntervalSince1970
    private let lock = Lock()
    private var lastPublish = 0.0

    public init(pipeline: String? = nil) {
        let id = pipeline ?? ProcessInfo.processInfo.environment["UNIFEX_PIPELINE"] ?? String(getpgrp())
        let base = FileManager.default.isWritableFile(atPath: "/dev/shm") ? "/dev/shm"
            : (ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp")
        directory = "\(base)/unifex-\(getuid())-\(id)"
        removeStaleBoards(base: base)
        mkdir(directory, 0o700)
    }

    private var snapshotPath: String { "\(directory)/tool-\(pid).json" }
    private var messagesPath: String { "\(directory)/messages" }
    private var drawerPath: String { "\(directory)/drawer" }

    /// Publishes this tool's counters; at most five times a second unless `force`.
    public func publish(_ snapshot: ProgressSnapshot, force: Bool = false) {
        lock.withLock {
            let now = Date.timeIntervalSinceReferenceDate
            guard force || now - lastPublish >= 0.2 else { return }
            lastPublish = now
            var bytes: [UInt8] = []
            snapshot.json.write(to: &bytes)
            let temporary = snapshotPath + ".tmp"
            let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            guard fd >= 0 else { return }
            writeAll(fd: fd, bytes)
            close(fd)
            rename(temporary, snapshotPath)
        }
    }

    /// Snapshots of the tools of this pipeline (this one's included). A script without job
    /// control runs all its pipelines in one process group: tools that started much earlier
    /// belonged to an earlier pipeline and are left out.
    public func snapshots() -> [ProgressSnapshot] {

        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return names.filter { $0.hasPrefix("tool-") && $0.hasSuffix(".json") }.compactMap { name in
            guard let data = FileManager.default.contents(atPath: "\(directory)/\(name)"),
                  let value = try? JSONValue.parse(Array(data)), let snapshot = ProgressSnapshot(value) else { return nil }
            guard snapshot.pid == pid || isAlive(snapshot.pid) || snapshot.finished else {
                unlink("\(directory)/\(name)")
                return nil
            }
            return abs(snapshot.started - started) <= 10 ? snapshot : nil
        }
    }

    /// Claims the terminal for drawing; from now on the other tools send their messages here.
    public func becomeDrawer() {
        let bytes = Array(String(pid).utf8)
        let fd = open(drawerPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if fd >= 0 { writeAll(fd: fd, bytes); close(fd) }
    }

    /// True when another live tool of this pipeline draws, so messages should go through it.
    public var otherDrawerIsLive: Bool {
        guard let data = FileManager.default.contents(atPath: drawerPath),
              let drawer = Int32(String(decoding: data, as: UTF8.self)) else { return false }
        return drawer != pid && isAlive(drawer)
    }

    /// Appends a message line for the drawer to print (one write with O_APPEND: never interleaved).
    public func post(message: String) -> Bool {
        let fd = open(messagesPath, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return writeAll(fd: fd, Array((message.hasSuffix("\n") ? message : message + "\n").utf8))
    }

    private var messagesRead: off_t = 0

    /// Messages posted since the last call.
    public func takeMessages() -> [String] {
        lock.withLock {
            let fd = open(messagesPath, O_RDONLY)
            guard fd >= 0 else { return [] }
            defer { close(fd) }
            var result: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            lseek(fd, messagesRead, SEEK_SET)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n <= 0 { break }
                result.append(contentsOf: buffer[0..<n])
            }
            // Keep a partial last line for next time.
            guard let lastNewline = result.lastIndex(of: 0x0A) else { return [] }
            messagesRead += off_t(lastNewline + 1)
            return String(decoding: result[...lastNewline], as: UTF8.self)
                .split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        }
    }

    /// Leaves the finished snapshot for the tools downstream (ux-split's totals must outlive
    /// ux-split); the last tool of the pipeline removes the folder.
    public func leave(last: Bool) {
        guard last else { return }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Removes the folders of pipelines whose processes are all gone (killed, or ended by a
    /// tool that is not ours).
    private func removeStaleBoards(base: String) {
        let prefix = "unifex-\(getuid())-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? [] where name.hasPrefix(prefix) {
            guard let group = Int32(name.dropFirst(prefix.count)), group != getpgrp() else { continue }
            if kill(-group, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(atPath: "\(base)/\(name)")
            }
        }
    }

    private func isAlive(_ pid: Int32) -> Bool { kill(pid, 0) == 0 || errno == EPERM }
}
