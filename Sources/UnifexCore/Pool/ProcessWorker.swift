import Foundation

/// One child process that turns a record line into a result line, for `--executor process`.
///
/// A crash inside a C library (poppler, leptonica, tesseract) then kills only the child: the
/// page it was working on becomes an error record, and the next page gets a fresh child. A page
/// over its deadline is ended with SIGKILL, which also returns all of its memory.
/// Not `Sendable`: each worker thread of the pool owns one.
public final class ProcessWorker {
    public enum Failure: Error {
        case crashed(String)
        case timedOut
    }

    private let executable: String
    private let arguments: [String]
    private var child: (pid: pid_t, input: Int32, output: Int32)?
    private var buffer: [UInt8] = []

    /// `arguments` start the tool in worker mode (argv[0] included).
    public init(executable: String = "/proc/self/exe", arguments: [String]) {
        self.executable = executable
        self.arguments = arguments
    }

    deinit { stop() }

    /// Sends one line and waits for the child's answer line until `deadline` (seconds from now).
    public func process(_ line: [UInt8], deadline: Double?) -> Result<[UInt8], Failure> {
        if child == nil {
            do { try start() } catch { return .failure(.crashed("cannot start worker process: \(error)")) }
        }
        guard let (pid, input, output) = child else { return .failure(.crashed("no worker process")) }
        var message = line
        message.append(0x0A)
        if !writeAll(fd: input, message) {
            return .failure(.crashed(reap(pid)))
        }
        let end = deadline.map { Date.timeIntervalSinceReferenceDate + $0 }
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let answer = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                return .success(answer)
            }
            var waitMs: Int32 = -1
            if let end {
                let left = end - Date.timeIntervalSinceReferenceDate
                if left <= 0 {
                    kill(pid, SIGKILL)
                    _ = reap(pid)
                    return .failure(.timedOut)
                }
                waitMs = Int32(min(left * 1000, 60_000).rounded(.up))
            }
            var poller = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, waitMs)
            if ready < 0 && errno == EINTR { continue }
            if ready == 0 { continue }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let n = chunk.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return .failure(.crashed(reap(pid))) }
            buffer.append(contentsOf: chunk[0..<n])
        }
    }

    /// Ends the child (closing its input lets it exit on its own).
    public func stop() {
        guard let (pid, input, output) = child else { return }
        close(input)
        close(output)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        child = nil
    }

    private func start() throws {
        var toChild: [Int32] = [0, 0], fromChild: [Int32] = [0, 0]
        // Close-on-exec: a second child must not inherit this child's pipe ends, or neither would
        // ever see end of input.
        guard pipe(&toChild) == 0, pipe(&fromChild) == 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        for fd in toChild + fromChild { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        // The child must not inherit the parent's blocked signals (Ctrl-C must reach it).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))

        var pid: pid_t = 0
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // A crashing worker is expected here; its runtime backtrace would only flood stderr.
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        close(toChild[0])
        close(fromChild[1])
        guard status == 0 else {
            close(toChild[1]); close(fromChild[0])
            throw POSIXError(POSIXErrorCode(rawValue: status) ?? .EIO)
        }
        child = (pid, toChild[1], fromChild[0])
        buffer.removeAll()
    }

    /// Collects the child's exit and says how it ended.
    private func reap(_ pid: pid_t) -> String {
        if let (_, input, output) = child { close(input); close(output) }
        child = nil
        buffer.removeAll()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7F
        if signal != 0 { return "worker crashed: signal \(signal) (\(String(cString: strsignal(signal))))" }
        return "worker exited with status \((status >> 8) & 0xFF)"
    }
}
