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
    /// What else the tool counts, short, for the progress line (`3 requests in flight, 41k tokens`).
    public var detail: String?
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
        if let detail { o["detail"] = .string(detail) }
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
        detail = o["detail"]?.stringValue
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
///
/// The folder sits in a place every user can write (/dev/shm), under a name anyone can guess: it
/// is used only if this user made it (mode 0700, not a link), so nobody else can plant a link in
/// it that a tool (run as root, say) would write through. Otherwise the tool goes on without one.
public final class ProgressBoard: @unchecked Sendable {
    /// The board's folder, or nil when the one at the pipeline's name is not this user's own.
    public let directory: String?
    private let pid = getpid()
    private let started = Date().timeIntervalSince1970
    private let lock = Lock()
    private var lastPublish = 0.0

    public init(pipeline: String? = nil) {
        let id = pipeline ?? ProcessInfo.processInfo.environment["UNIFEX_PIPELINE"] ?? String(getpgrp())
        let base = FileManager.default.isWritableFile(atPath: "/dev/shm") ? "/dev/shm"
            : (ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp")
        let path = "\(base)/unifex-\(getuid())-\(id)"
        Self.removeStaleBoards(base: base)
        if let problem = Self.claim(path) {
            Diagnostics.warning("\(path) \(problem): progress is not shared with the other tools of this pipeline")
            directory = nil
        } else {
            directory = path
        }
    }

    /// Makes the folder, or checks that the existing one is this user's own and closed to others;
    /// returns what is wrong with it otherwise.
    static func claim(_ path: String) -> String? {
        if mkdir(path, 0o700) == 0 { return nil }
        guard errno == EEXIST else { return "cannot be created (\(String(cString: strerror(errno))))" }
        var info = stat()
        guard lstat(path, &info) == 0 else { return "cannot be checked (\(String(cString: strerror(errno))))" }
        if info.st_mode & S_IFMT == S_IFLNK { return "is a symbolic link" }
        if info.st_mode & S_IFMT != S_IFDIR { return "is not a folder" }
        if info.st_uid != getuid() { return "belongs to another user (uid \(info.st_uid))" }
        if info.st_mode & 0o077 != 0 { return "is open to other users (mode \(String(info.st_mode & 0o777, radix: 8)))" }
        return nil
    }

    private func path(_ name: String) -> String? { directory.map { "\($0)/\(name)" } }
    private var snapshotPath: String? { path("tool-\(pid).json") }
    private var messagesPath: String? { path("messages") }
    private var drawerPath: String? { path("drawer") }

    /// Opens a file of the board for writing without following a link planted at its name.
    private func openForWriting(_ path: String, _ flags: Int32) -> Int32 {
        open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | flags, 0o600)
    }

    /// Publishes this tool's counters; at most five times a second unless `force`.
    public func publish(_ snapshot: ProgressSnapshot, force: Bool = false) {
        lock.withLock {
            let now = Date.timeIntervalSinceReferenceDate
            guard let snapshotPath, force || now - lastPublish >= 0.2 else { return }
            lastPublish = now
            var bytes: [UInt8] = []
            snapshot.json.write(to: &bytes)
            let temporary = snapshotPath + ".tmp"
            unlink(temporary)
            let fd = openForWriting(temporary, O_EXCL)
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
        guard let directory, let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
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
        guard let drawerPath else { return }
        let bytes = Array(String(pid).utf8)
        let fd = openForWriting(drawerPath, O_TRUNC)
        if fd >= 0 { writeAll(fd: fd, bytes); close(fd) }
    }

    /// True when another live tool of this pipeline draws, so messages should go through it.
    public var otherDrawerIsLive: Bool {
        guard let drawerPath, let data = FileManager.default.contents(atPath: drawerPath),
              let drawer = Int32(String(decoding: data, as: UTF8.self)) else { return false }
        return drawer != pid && isAlive(drawer)
    }

    /// Appends a message line for the drawer to print (one write with O_APPEND: never interleaved).
    public func post(message: String) -> Bool {
        guard let messagesPath else { return false }
        let fd = openForWriting(messagesPath, O_APPEND)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return writeAll(fd: fd, Array((message.hasSuffix("\n") ? message : message + "\n").utf8))
    }

    private var messagesRead: off_t = 0

    /// Messages posted since the last call.
    public func takeMessages() -> [String] {
        lock.withLock {
            guard let messagesPath else { return [] }
            let fd = open(messagesPath, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
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
        guard last, let directory else { return }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Removes the folders of pipelines whose processes are all gone (killed, or ended by a
    /// tool that is not ours).
    private static func removeStaleBoards(base: String) {
        let prefix = "unifex-\(getuid())-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? [] where name.hasPrefix(prefix) {
            guard let group = Int32(name.dropFirst(prefix.count)), group != getpgrp() else { continue }
            // Only this user's own folders: never a link, never another user's.
            guard Self.claimable(existing: "\(base)/\(name)") else { continue }
            if kill(-group, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(atPath: "\(base)/\(name)")
            }
        }
    }

    private static func claimable(existing path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR && info.st_uid == getuid()
    }

    private func isAlive(_ pid: Int32) -> Bool { kill(pid, 0) == 0 || errno == EPERM }
}
