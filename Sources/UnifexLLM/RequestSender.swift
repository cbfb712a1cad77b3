import Foundation
public import UnifexCore

/// Sends one request body to the endpoint until it is answered or given up: the rate limits, the
/// retries after what the network or the server broke (backoff, Retry-After), what the endpoint's
/// health says (down, refusing the key), and the usage of every reply. Chat extraction and
/// embeddings both go through it; what a reply means is theirs to say (`parse`).
public final class RequestSender: Sendable {
    public struct Settings: Sendable {
        public var retry = RetryPolicy()
        public var requestTimeout = 60.0

        public init() {}
    }

    let client: ChatClient
    let settings: Settings
    let limiter: RateLimiter?
    /// What all requests learn about the endpoint together.
    public let health = EndpointHealth()

    public init(client: ChatClient, settings: Settings, limiter: RateLimiter?) {
        self.client = client; self.settings = settings; self.limiter = limiter
    }

    public var endpoint: String { client.displayURL }

    struct Failure: Error {
        var code: Extraction.Failure
        var message: String
        var body: String?
        /// Nothing was sent for the page: the endpoint had been found down before its turn.
        var notSent = false
    }

    /// A reply's meaning and its usage (nil when the server gave none, for the caller's estimate).
    typealias Parse<Reply> = ([UInt8]) throws(ReplyError) -> (Reply, Usage)

    /// One request, sent again after retryable failures; usage of every reply is counted into
    /// `result`, and `meter` kept up to date with it.
    /// - `estimate`: the tokens it is expected to cost, reserved from `--tpm` until the server says.
    /// - `nonRetryable`: an error message that sending the same again could not cure (besides
    ///   the statuses `RetryPolicy` does not retry), with what to add to it for the user.
    func send<Reply>(_ body: [UInt8], estimate: Int, into result: inout Extraction, refusedOnly: inout Bool,
                     meter: ExtractionMeter?, nonRetryable: (String) -> String? = { _ in nil },
                     parse: Parse<Reply>) async -> Result<Reply, Failure> {
        var retry = 0
        var previous: Failure?
        while true {
            // The page's deadline passed (its task was cancelled): nothing more is sent for it.
            if Task.isCancelled { return .failure(Failure(code: .timeout, message: "given up: the page's time ran out")) }
            if let reason = await health.stopReason {
                // A page that was sent before says what its own requests met; "not sent" is only
                // for pages that never were.
                guard result.attempts > 0 else {
                    return .failure(Failure(code: .http, message: "not sent: \(client.displayURL) \(reason)", notSent: true))
                }
                var stopped = previous ?? Failure(code: .http, message: "stopped")
                // Why sending stopped is said once, for the whole batch.
                stopped.message += " (after \(result.attempts) attempts; then sending stopped)"
                return .failure(stopped)
            }
            await limiter?.acquire(estimatedTokens: estimate)
            result.attempts += 1
            meter?.update(result)
            let outcome = await client.post(body, timeout: settings.requestTimeout)
            var failure: Failure
            var retryAfter: Double?
            switch outcome {
            case .response(let status, let headers, let replyBody):
                refusedOnly = false
                await health.answered(status: status)
                if status == 200 {
                    do {
                        let (reply, usage) = try parse(replyBody)
                        result.usage = result.usage + usage
                        meter?.update(result)
                        await limiter?.settle(estimated: estimate, actual: usage.promptTokens + usage.completionTokens)
                        return .success(reply)
                    } catch {
                        failure = Failure(code: .http, message: "HTTP 200 with a broken body: \(error.message)",
                                          body: Self.keptText(replyBody, redactor: client.redactor))
                    }
                } else {
                    let message = ChatReply.errorMessage(replyBody, redactor: client.redactor)
                    let reason = message.map { ": \($0)" } ?? ""
                    failure = Failure(code: .http, message: "HTTP \(status)\(reason)",
                                      body: Self.keptText(replyBody, redactor: client.redactor))
                    if let message, let hint = nonRetryable(message) {
                        failure.message += " (\(hint))"
                        return .failure(failure)
                    }
                    guard RetryPolicy.isRetryable(status: status) else { return .failure(failure) }
                    retryAfter = RetryPolicy.retryAfter(headers.first { $0.0 == "retry-after" }?.1,
                                                        now: Date().timeIntervalSince1970)
                }
            case .failed(let why):
                if why != .refused { refusedOnly = false }
                failure = Failure(code: why == .timeout ? .timeout : .http,
                                  message: why == .timeout ? "no reply within \(formatSeconds(settings.requestTimeout)) s" : why.description)
                guard why.isRetryable else { return .failure(failure) }
            }
            previous = failure
            guard retry < settings.retry.maximumRetries else {
                if refusedOnly { await health.refusedThroughout() }
                failure.message += " (after \(result.attempts) attempts)"
                return .failure(failure)
            }
            retry += 1
            let wait = settings.retry.delay(retry: retry, retryAfter: retryAfter)
            try? await Task.sleep(nanoseconds: UInt64(wait * 1e9))
        }
    }

    /// What a failed reply's body keeps for the record: a JSON body with its strings redacted and
    /// written again (so no `\uXXXX` escape carries a secret past the redactor), else the text.
    static func keptText(_ body: [UInt8], redactor: SecretRedactor) -> String {
        if !redactor.isEmpty, let value = try? JSONValue.parse(body) {
            return String(redactor(value).serialized().prefix(8192))
        }
        return String(decoding: body.prefix(8192), as: UTF8.self)
    }
}
