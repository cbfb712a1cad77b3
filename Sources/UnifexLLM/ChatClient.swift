public import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// POSTs chat-completions requests to one endpoint, many at a time, on NIO's few event-loop threads.
///
/// One `HTTPClient` serves the whole process: its connection pool keeps connections to the endpoint
/// open between pages, and a request waiting on the network holds no thread.
public final class ChatClient: Sendable {
    /// The full URL requests go to (`…/chat/completions`).
    public let url: String
    private let headers: [(String, String)]
    private let client: HTTPClient
    /// Replies larger than this are cut off and reported, not kept in memory.
    static let maximumReplyBytes = 16 << 20

    /// - `baseURL`: the API's base (`http://127.0.0.1:8080/v1`); `/chat/completions` is appended.
    /// - `apiKey`: sent as a bearer token; never logged or written anywhere else.
    /// - `connections`: connections to keep to the endpoint, one per request in flight.
    public init(baseURL: String, apiKey: String?, headers: [(String, String)], connections: Int) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        url = base + "/chat/completions"
        var all = headers
        if let apiKey, !apiKey.isEmpty { all.append(("Authorization", "Bearer " + apiKey)) }
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
                    let names = response.headers.map { ($0.name.lowercased(), $0.value) }
                    return .response(status: Int(response.status.code), headers: names, body: bytes)
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
            return .failed(Self.classify(error))
        }
    }

    static func classify(_ error: any Error) -> TransportFailure {
        if let http = error as? HTTPClientError {
            switch http {
            case .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout: return .timeout
            default: return .connection(String(describing: http))
            }
        }
        if error is CancellationError { return .timeout }
        let text = String(describing: error)
        if let io = error as? IOError, io.errnoCode == ECONNREFUSED { return .refused }
        if text.contains("ECONNREFUSED") || text.lowercased().contains("connection refused") { return .refused }
        return .connection(text)
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
    /// Reset, closed early, a reply cut off, a protocol error.
    case connection(String)

    public var description: String {
        switch self {
        case .refused: "connection refused"
        case .timeout: "no reply in time"
        case .connection(let why): why
        }
    }
}
