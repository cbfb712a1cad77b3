import Foundation
import UnifexCore

/// Turns SIGINT, SIGTERM and SIGHUP into a call on a dedicated thread, so a tool can finish
/// cleanly (write its report) instead of dying mid-write.
///
/// Must be installed before any other thread starts: the signals are blocked in the calling
/// thread and every thread created after it, and only the watcher thread waits for them.
public enum SignalWatcher {
    public static func install(_ handler: @escaping @Sendable (Int32) -> Void) {
        var set = sigset_t()
        sigemptyset(&set)
        for s in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&set, s) }
        pthread_sigmask(SIG_BLOCK, &set, nil)
        let waitSet = set
        let thread = Thread {
            var signals = waitSet
            var received: Int32 = 0
            while sigwait(&signals, &received) != 0 {}
            handler(received)
        }
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
