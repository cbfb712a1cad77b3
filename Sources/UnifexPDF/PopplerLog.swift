import CPoppler
import Foundation
public import UnifexCore

/// Routes poppler's damage reports (g_log domain "Poppler", hidden by default) to the page
/// being worked on, so they end up as warnings in that page's record.
///
/// Poppler reports on the thread that does the work, so a thread-local collector is enough.
public enum PopplerLog {
    final class Collector {
        /// A decompression bomb can emit millions of messages; keep the first few, count the rest.
        static let limit = 20
        var messages: [String] = []
        var dropped = 0
    }

    nonisolated(unsafe) private static var key = pthread_key_t()

    /// Installed once per process, before the first poppler call.
    private static let installed: Bool = {
        pthread_key_create(&key, nil)
        g_log_set_handler("Poppler", GLogLevelFlags(rawValue: Int32(bitPattern: unifex_all_log_levels())), { _, _, message, _ in
            guard let message else { return }
            if let raw = pthread_getspecific(PopplerLog.key) {
                let collector = Unmanaged<Collector>.fromOpaque(raw).takeUnretainedValue()
                if collector.messages.count < Collector.limit {
                    collector.messages.append(PopplerLog.clean(message))
                } else {
                    collector.dropped += 1
                }
            } else {
                Diagnostics.warning("poppler: \(PopplerLog.clean(message))")
            }
        }, nil)
        return true
    }()

    /// glib escapes the newline poppler ends its messages with as "<0a>".
    static func clean(_ message: UnsafePointer<gchar>) -> String {
        var text = String(cString: message)
        while text.hasSuffix("<0a>") { text.removeLast(4) }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs `body` and returns what poppler reported meanwhile on this thread.
    public static func collecting<T>(_ body: () throws -> T) rethrows -> (T, [String]) {
        _ = installed
        let collector = Collector()
        let previous = pthread_getspecific(key)
        pthread_setspecific(key, Unmanaged.passUnretained(collector).toOpaque())
        defer { pthread_setspecific(key, previous) }
        let result = try body()
        var messages = collector.messages
        if collector.dropped > 0 { messages.append("\(collector.dropped) more poppler messages not shown") }
        return (result, messages)
    }
}
