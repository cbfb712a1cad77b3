public import AsyncHTTPClient
public import UnifexCore
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// POSTs requests to one endpoint of an OpenAI-compatible API (chat completions, or embeddings),
/// many at a time, on NIO's few event-loop threads.
///
/// One `HTTPClient` serves the whole process: its connection pool keeps connections to the endpoint
/// open between pages, and a request waiting on the network holds no thread.
public final class ChatClient: Sendable {
    /// The full URL requests go to (`…/chat/completions`, `…/embeddings`), without user information.
    public let url: String
    /// The URL as it may be printed and published: a password in it is `***`.
    public let displayURL: String
    /// Hides the key, the header values and the URL's password in whatever comes back.
    public let redactor: SecretRedactor
    private let headers: [(String, String)]
    private let client: HTTPClient
    /// Replies larger than this are cut off and reported, not kept in memory.
    static let maximumReplyBytes = 16 << 20

    /// - `baseURL`: the API's base (`http://127.0.0.1:8080/v1`); `path` is appended.
    ///   User information in it (`http://user:pass@host/v1`) is sent as HTTP Basic credentials,
    ///   unless a key or an `Authorization` header is given.
    /// - `apiKey`: sent as a bearer token; never logged or written anywhere else.
    /// - `connections`: connections to keep to the endpoint, one per request in flight.
    public init(baseURL: String, apiKey: String?, headers: [(String, String)], connections: Int,
                path: String = "/chat/completions") {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        let credentials = Self.userInformation(base)
        displayURL = redactingURLPassword(base) + path
        url = (credentials?.withoutUser ?? base) + path
        var all = headers
        if let apiKey, !apiKey.isEmpty { all.append(("Authorization", "Bearer " + apiKey)) }
        var secrets = headers.map(\.1) + [apiKey ?? ""]
        if let credentials {
            let basic = Data("\(credentials.user):\(credentials.password)".utf8).base64EncodedString()
            secrets += [credentials.password, basic]
            if !all.contains(where: { $0.0.lowercased() == "authorization" }) { all.append(("Authorization", "Basic " + basic)) }
        }
        redactor = SecretRedactor(secrets)
        self.headers = all
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60),
                                             concurrentHTTP1ConnectionsPerHostSoftLimit: max(connections, 1))
        // A refused connection is reported at once, for the retry policy to handle (and to tell
        // an endpoint that is down), rather than retried inside the pool until the deadline.
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout = .init(connect: .seconds(10))
        configuration.httpVersion = .automatic
        configuration.decompression = .enabled(limit: .ratio(100))
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// `user:password@` of a URL's authority (percent-decoded), and the URL without it.
    static func userInformation(_ url: String) -> (user: String, password: String, withoutUser: String)? {
        guard let scheme = url.range(of: "://") else { return nil }
        let authorityEnd = url[scheme.upperBound...].firstIndex { "/?#".contains($0) } ?? url.endIndex
        guard let at = url[scheme.upperBound..<authorityEnd].lastIndex(of: "@") else { return nil }
        let information = url[scheme.upperBound..<at]
        let colon = information.firstIndex(of: ":")
        let user = String(information[..<(colon ?? information.endIndex)])
        let password = colon.map { String(information[information.index(after: $0)...]) } ?? ""
        return (user.removingPercentEncoding ?? user, password.removingPercentEncoding ?? password,
                String(url[..<scheme.upperBound]) + String(url[url.index(after: at)...]))
    }

    /// Sends one request body and waits for the whole reply, at most `timeout` seconds.
    public func post(_ body: [UInt8], timeout: Double) async -> HTTPOutcome {
        var building = HTTPClientRequest(url: url)
        building.method = .POST
        building.headers.add(name: "Content-Type", value: "application/json")
        building.headers.add(name: "Accept", value: "application/json")
        for (name, value) in headers { building.headers.add(name: name, value: value) }
        building.body = .bytes(ByteBuffer(bytes: body))
        let request = building
        let deadline = NIODeadline.now() + .nanoseconds(Int64(min(max(timeout, 0.001), 86_400) * 1e9))
        do {
            // The deadline covers the whole exchange: a reply that trickles in is as late as one that never starts.
            return try await withThrowingTaskGroup(of: HTTPOutcome.self) { group in
                group.addTask {
                    let response = try await self.client.execute(request, deadline: deadline)
                    var buffer = try await response.body.collect(upTo: Self.maximumReplyBytes)
                    let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
                    let names = response.headers.map { ($0.name.lowercased(), self.redactor($0.value)) }
                    return .response(status: Int(response.status.code), headers: names, body: self.redactor(bytes))
                }
                group.addTask {
                    try await Task.sleep(nanoseconds: UInt64(min(max(timeout, 0.001), 86_400) * 1e9))
                    return .failed(.timeout)
                }
                let first = try await group.next()!
                group.cancelAll()
                return first
            }
        } catch {
            return .failed(Self.classify(error).redacted(by: redactor))
        }
    }

    /// What went wrong, in words a user can act on: a library's error text (type names, build
    /// paths, errno dumps) says nothing to someone reading a record.
    static func classify(_ error: any Error) -> TransportFailure {
        if error is CancellationError { return .timeout }
        if error is NIOTooManyBytesError {
            return .permanent("the reply is larger than \(maximumReplyBytes >> 20) MiB, more than any answer should be")
        }
        if let http = error as? HTTPClientError {
            switch http {
            case .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .tlsHandshakeTimeout: return .timeout
            case .remoteConnectionClosed: return .connection("the server closed the connection before its reply was complete")
            case .bodyLengthMismatch: return .connection("the reply was cut off (shorter than its Content-Length)")
            case .invalidURL, .emptyHost, .emptyScheme:
                return .permanent("the base URL is not an http:// or https:// URL")
            default: return .connection("the HTTP exchange failed (\(http.shortDescription.lowercased()))")
            }
        }
        if let io = error as? IOError {
            switch io.errnoCode {
            case ECONNREFUSED: return .refused
            case ECONNRESET: return .connection("the server reset the connection")
            case EPIPE: return .connection("the server closed the connection while the request was sent")
            default: return .connection("network error: \(String(cString: strerror(io.errnoCode)).lowercased())")
            }
        }
        let kind = String(reflecting: type(of: error))
        let text = String(describing: error)
        if text.contains("ECONNREFUSED") || text.lowercased().contains("connection refused") { return .refused }
        if kind.contains("SSL") || kind.contains("TLS") {
            // The same handshake fails the same way however often it is tried.
            if text.contains("CERTIFICATE_VERIFY_FAILED") || text.lowercased().contains("certificate") {
                return .permanent("the server's TLS certificate is not trusted (expired, self-signed, or issued for another host)")
            }
            if text.contains("Hostname") || text.contains("hostname") {
                return .permanent("the server's TLS certificate is issued for another host")
            }
            return .permanent("the TLS handshake failed (is it an https:// server on that port?)")
        }
        if kind.contains("HTTPParserError") { return .connection("the server's reply is not valid HTTP") }
        if kind.contains("SocketAddressError") || kind.contains("NIOConnectionError") || kind.contains("DNS") {
            return .connection("cannot connect to the server (its name cannot be resolved, or no route to it)")
        }
        return .connection("the connection failed")
    }

    /// Closes the connection pool; call once, when every request has finished.
    public func shutdown() async {
        try? await client.shutdown()
    }
}

/// What came back from one POST: a reply (any status), or why none did.
public enum HTTPOutcome: Sendable {
    case response(status: Int, headers: [(String, String)], body: [UInt8])
    case failed(TransportFailure)
}

public enum TransportFailure: Sendable, Equatable {
    /// Nothing listens there (ECONNREFUSED).
    case refused
    case timeout
    /// Reset, closed early, a reply cut off, a protocol error: sending again may work.
    case connection(String)
    /// A certificate that is not trusted, a reply too large, a URL that is not one: sending
    /// again cannot help.
    case permanent(String)

    public var description: String {
        switch self {
        case .refused: "connection refused"
        case .timeout: "no reply in time"
        case .connection(let why), .permanent(let why): why
        }
    }

    public var isRetryable: Bool {
        if case .permanent = self { return false }
        return true
    }

    func redacted(by redactor: SecretRedactor) -> TransportFailure {
        switch self {
        case .connection(let why): .connection(redactor(why))
        case .permanent(let why): .permanent(redactor(why))
        default: self
        }
    }
}
