import Foundation

/// Token buckets for requests per minute (`--rpm`) and tokens per minute (`--tpm`), shared by every
/// request in flight.
///
/// Each request reserves its share at once, even into debt, and then sleeps until the debt is paid
/// back at the refill rate: reservations are taken in order, so no request waits forever behind
/// later ones, and waiting costs no thread.
public actor RateLimiter {
    private struct Bucket {
        let capacity: Double
        var level: Double
        var updated: Double

        mutating func take(_ amount: Double, now: Double) -> Double {
            let rate = capacity / 60
            level = min(capacity, level + (now - updated) * rate)
            updated = now
            level -= min(amount, capacity)
            return level >= 0 ? 0 : -level / rate
        }

        mutating func give(_ amount: Double) { level = min(capacity, level + amount) }
    }

    private var requests: Bucket?
    private var tokens: Bucket?

    public init(requestsPerMinute: Double?, tokensPerMinute: Double?) {
        let now = Self.now()
        requests = requestsPerMinute.map { Bucket(capacity: $0, level: $0, updated: now) }
        tokens = tokensPerMinute.map { Bucket(capacity: $0, level: $0, updated: now) }
    }

    /// Waits until one request with about `estimatedTokens` may be sent.
    public func acquire(estimatedTokens: Int) async {
        let now = Self.now()
        var wait = requests?.take(1, now: now) ?? 0
        if let t = tokens?.take(Double(estimatedTokens), now: now) { wait = max(wait, t) }
        if wait > 0 { try? await Task.sleep(nanoseconds: UInt64(wait * 1e9)) }
    }

    /// Settles the estimate with the tokens the server counted.
    public func settle(estimated: Int, actual: Int) {
        guard tokens != nil else { return }
        let difference = Double(estimated - actual)
        if difference > 0 { tokens?.give(difference) } else { _ = tokens?.take(-difference, now: Self.now()) }
    }

    static func now() -> Double { Date.timeIntervalSinceReferenceDate }
}
