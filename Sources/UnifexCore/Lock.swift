import Foundation

/// A mutex with a scoped `withLock`, usable from any thread.
public final class Lock: @unchecked Sendable {
    private let mutex = NSLock()
    public init() {}
    public func withLock<T>(_ body: () throws -> T) rethrows -> T {
        mutex.lock(); defer { mutex.unlock() }
        return try body()
    }
}
