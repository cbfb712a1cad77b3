import CSignal
import Foundation
import UnifexCore

/// Turns SIGINT, SIGTERM and SIGHUP into a call on a dedicated thread, so a tool can finish
/// cleanly (write its report) instead of dying mid-write.
///
/// Must be installed before any other thread starts: the signals are blocked in the calling
/// thread and every thread created after it, and arrive through a signalfd.
///
/// Ctrl-C or a scheduler's SIGTERM reaches every tool of a pipeline at once: the tools upstream
/// die, and the input's end can reach ux-merge as soon as its own signal does. The watcher
/// thread waits until a signal is pending and only then takes it, under a lock; the thread that
/// sees the input end asks `arrived(within:)` under the same lock, so one of the two always
/// finds the signal: a batch ended by a signal is never taken for a batch that finished.
public enum SignalWatcher {
    nonisolated(unsafe) private static var descriptor: Int32 = -1
    nonisolated(unsafe) private static var received: Int32?
    nonisolated(unsafe) private static var handler: (@Sendable (Int32) -> Void)?
    private static let lock = Lock()

    public static func install(_ handler: @escaping @Sendable (Int32) -> Void) {
        var set = sigset_t()
        sigemptyset(&set)
        for s in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&set, s) }
        pthread_sigmask(SIG_BLOCK, &set, nil)
        descriptor = signalfd(-1, &set, Int32(SFD_CLOEXEC | SFD_NONBLOCK))
        Self.handler = handler
        guard descriptor >= 0 else {
            // No signalfd (a very old kernel): wait for the signals the classic way.
            let waitSet = set
            start {
                var signals = waitSet
                var number: Int32 = 0
                while sigwait(&signals, &number) != 0 {}
                lock.withLock { received = number }
                handler(number)
            }
            return
        }
        start {
            while true {
                var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                guard poll(&poller, 1, -1) > 0 else { continue }
                if let number = lock.withLock({ take() }) {
                    handler(number)
                    return
                }
            }
        }
    }

    /// The signal that has reached this process, if one has: taken now if it is still pending,
    /// waiting up to `grace` seconds for one that is on its way. When it returns a signal, the
    /// caller ends the batch as interrupted (`handle`), not as finished.
    public static func arrived(within grace: Double) -> Int32? {
        guard descriptor >= 0 else { return lock.withLock { received } }
        let deadline = Date().addingTimeInterval(grace)
        while true {
            if let number = lock.withLock({ received ?? take() }) { return number }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return nil }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            _ = poll(&poller, 1, Int32(min(max(left * 1000, 1), 1000)))
        }
    }

    /// Runs the installed handler for a signal taken by `arrived(within:)`. When the watcher
    /// thread took it first, that thread is already handling it and this call waits for the end.
    public static func handle(_ number: Int32) -> Never {
        handler?(number)
        end(by: number)
    }

    /// Reads one pending signal off the signalfd (under `lock`), remembering it.
    private static func take() -> Int32? {
        if let received { return received }
        var info = signalfd_siginfo()
        let n = withUnsafeMutableBytes(of: &info) { read(descriptor, $0.baseAddress, $0.count) }
        guard n == MemoryLayout<signalfd_siginfo>.size else { return nil }
        received = Int32(bitPattern: info.ssi_signo)
        return received
    }

    private static func start(_ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Ends the process by the signal it received, once the handler has cleaned up, as a tool
    /// without a handler would end: a shell then knows the tool was interrupted and stops the
    /// script or loop around it, instead of going on with the next command.
    public static func end(by number: Int32) -> Never {
        fflush(nil)
        signal(number, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, number)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        raise(number)
        _exit(128 + number)
    }
}
