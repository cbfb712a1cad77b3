import Foundation
import UnifexCore

/// Counts work in progress across threads and tasks: the most at once, and the threads it ran on.
public final class Gauge: @unchecked Sendable {
    private let lock = Lock()
    private var now = 0
    private var peak = 0
    private var seen = Set<UInt>()

    public init() {}

    public func enter() { lock.withLock { now += 1; peak = max(peak, now); seen.insert(Self.thread) } }
    public func leave() { lock.withLock { now -= 1; seen.insert(Self.thread) } }

    /// The most items in progress at one time.
    public var maximum: Int { lock.withLock { peak } }
    /// How many threads work was seen on.
    public var threads: Int { lock.withLock { seen.count } }

    private static var thread: UInt { UInt(bitPattern: Int(bitPattern: pthread_self())) }
}
