/// When and how long to wait before sending a request again after the network or the server failed.
///
/// 429, 408 and 5xx replies, refused or broken connections and timeouts are retried with exponential
/// backoff and full jitter (so pages that failed together do not return together); a `Retry-After`
/// the server sends is honoured instead, up to `maximumDelay`. Other 4xx replies are not retried:
/// the same request would fail the same way; nor is a 5xx that says the model cannot take what was
/// sent (llama.cpp answers an image sent to a text-only model with HTTP 500).
public struct RetryPolicy: Sendable {
    /// Retries after the first attempt.
    public var maximumRetries: Int
    public var baseDelay: Double
    public var maximumDelay: Double

    public init(maximumRetries: Int = 5, baseDelay: Double = 0.5, maximumDelay: Double = 60) {
        self.maximumRetries = maximumRetries; self.baseDelay = baseDelay; self.maximumDelay = maximumDelay
    }

    public static func isRetryable(status: Int) -> Bool {
        status == 408 || status == 409 || status == 429 || (500...599).contains(status)
    }

    /// True when a server's error message says the model does not take the request's images
    /// (llama.cpp: "image input is not supported - hint: ... mmproj"; hosted APIs word it alike).
    public static func refusesImages(_ message: String) -> Bool {
        let m = message.lowercased()
        return ["image input is not supported", "does not support image", "images are not supported",
                "vision is not supported", "multimodal is not supported"].contains { m.contains($0) }
    }

    /// True when a server's error message says an input is longer than the model takes (llama.cpp:
    /// "input (N tokens) is too large to process. increase the physical batch size"; OpenAI: "maximum
    /// context length"): sending the same text again fails the same way.
    public static func inputTooLong(_ message: String) -> Bool {
        let m = message.lowercased()
        return ["too large to process", "maximum context length", "input is too long", "exceeds the context size"]
            .contains { m.contains($0) }
    }

    /// Seconds to wait before retry number `retry` (1 for the first), given the server's Retry-After.
    public func delay(retry: Int, retryAfter: Double?, random: Double = Double.random(in: 0...1)) -> Double {
        if let retryAfter { return min(max(retryAfter, 0), maximumDelay) }
        let ceiling = min(baseDelay * Double(1 << min(max(retry - 1, 0), 20)), maximumDelay)
        // Full jitter, but never less than half the step, so a retry is not sent at once.
        return ceiling * (0.5 + 0.5 * random)
    }

    /// Retry-After in seconds: a number of seconds or an HTTP date (RFC 9110).
    public static func retryAfter(_ value: String?, now: Double) -> Double? {
        guard let value = value?.trimmingCharacters(in: " \t") else { return nil }
        if let seconds = Double(value), seconds.isFinite, seconds >= 0 { return seconds }
        guard let date = HTTPDate.parse(value) else { return nil }
        return max(date - now, 0)
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        let chars = Set(set)
        var s = Substring(self)
        while let f = s.first, chars.contains(f) { s.removeFirst() }
        while let l = s.last, chars.contains(l) { s.removeLast() }
        return String(s)
    }
}

/// IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the only form servers should send, as seconds
/// since 1970.
enum HTTPDate {
    static func parse(_ text: String) -> Double? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]), let year = Int(parts[3]) else { return nil }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard let month = months.firstIndex(of: String(parts[2])) else { return nil }
        let clock = parts[4].split(separator: ":").compactMap { Int($0) }
        guard clock.count == 3, (1...31).contains(day), (1970...9999).contains(year) else { return nil }
        // Days from the civil date (Howard Hinnant's algorithm).
        let y = month < 2 ? year - 1 : year
        let era = y / 400
        let yoe = y - era * 400
        let mp = (month + 10) % 12  // months from March; `month` counts from January = 0
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Double(days * 86_400 + clock[0] * 3600 + clock[1] * 60 + clock[2])
    }
}
