import Foundation
import UnifexCore

/// An OpenAI-compatible server (chat completions, embeddings) on 127.0.0.1 that answers each request as a test's script says,
/// faults included: error statuses with Retry-After, replies cut in half, slow replies, broken or
/// schema-breaking JSON, missing usage, reset connections. For faults only: the happy path is
/// tested against llama-server itself.
///
/// One thread per connection is fine here: a test server, not the component under test.
final class ScriptedServer: @unchecked Sendable {
    enum Reply {
        /// A chat completion with this message content.
        case answer(String, finish: String = "stop", usage: Bool = true, delay: Double = 0)
        case status(Int, retryAfter: String? = nil)
        /// An error reply with this status and message, as OpenAI-compatible servers send them.
        case error(Int, String)
        /// Headers promise the whole reply, half of it is sent, then the connection closes.
        case cutInHalf(String)
        /// Nothing for this long, then an answer (the client should have given up by then).
        case slow(Double, String)
        /// The connection is reset (RST) without a reply.
        case reset
        /// `message.refusal` set, as OpenAI's models decline.
        case refusal(String)
        /// An error reply that repeats the request's headers, as proxies' 401 pages do.
        case echoHeaders(Int, Echo)
        /// An answer whose body is this many bytes long (padded with spaces).
        case huge(Int)
        /// An embeddings reply: for each input, in order, the vector [its length in characters,
        /// its first character's code, 0.5], so a test can tell which text a vector belongs to.
        /// `count` replaces the number of vectors (a server that loses one).
        case embeddings(delay: Double = 0, count: Int? = nil)
    }

    /// How `echoHeaders` repeats them: in a JSON error message, in one whose every character is
    /// a `\uXXXX` escape, or in an HTML page.
    enum Echo { case json, escapedJSON, html }

    /// Usage every answer reports.
    static let promptTokens = 11, completionTokens = 7

    private let script: @Sendable (_ request: Int, _ body: JSONValue) -> Reply
    private let listener: Int32
    let port: Int
    private let lock = NSLock()
    private var received: [(headers: String, body: JSONValue)] = []
    private var active = 0
    private var peak = 0

    var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    init(script: @escaping @Sendable (_ request: Int, _ body: JSONValue) -> Reply) throws {
        self.script = script
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 256) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// Request bodies in the order they arrived.
    var requests: [JSONValue] { lock.withLock { received.map(\.body) } }
    var requestHeaders: [String] { lock.withLock { received.map(\.headers) } }
    /// The most requests that were being answered at once.
    var peakConcurrency: Int { lock.withLock { peak } }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop() {
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 { if errno == EINTR { continue }; return }
            Thread { [self] in serve(fd) }.start()
        }
    }

    private func serve(_ fd: Int32) {
        defer { close(fd) }
        guard let (headers, body) = readRequest(fd) else { return }
        let parsed = (try? JSONValue.parse(body)) ?? .null
        let number: Int = lock.withLock {
            received.append((headers, parsed))
            active += 1
            peak = max(peak, active)
            return received.count
        }
        // No longer counted as answering once the reply is on its way: the client may send its next
        // request before this thread runs again.
        var counted = true
        func replying() { if counted { lock.withLock { active -= 1 }; counted = false } }
        defer { replying() }
        switch script(number, parsed) {
        case .answer(let content, let finish, let usage, let delay):
            if delay > 0 { usleep(UInt32(delay * 1e6)) }
            replying()
            send(fd, status: 200, body: Self.completion(content, finish: finish, usage: usage))
        case .status(let code, let retryAfter):
            send(fd, status: code, body: #"{"error":{"message":"scripted \#(code)"}}"#,
                 extra: retryAfter.map { "Retry-After: \($0)\r\n" } ?? "")
        case .error(let code, let message):
            send(fd, status: code, body: #"{"error":{"code":\#(code),"message":"# + Self.quote(message) + #","type":"server_error"}}"#)
        case .cutInHalf(let content):
            let whole = Array(Self.completion(content, finish: "stop", usage: true).utf8)
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(whole.count)\r\nConnection: close\r\n\r\n"
            writeAll(fd: fd, Array(head.utf8) + whole.prefix(whole.count / 2))
        case .slow(let seconds, let content):
            usleep(UInt32(seconds * 1e6))
            replying()
            send(fd, status: 200, body: Self.completion(content, finish: "stop", usage: true))
        case .reset:
            var linger = Foundation.linger(l_onoff: 1, l_linger: 0)
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Foundation.linger>.size))
        case .echoHeaders(let code, let echo):
            switch echo {
            case .json:
                send(fd, status: code, body: #"{"error":{"message":"# + Self.quote("unauthorized; the request was:\n\(headers)") + "}}")
            case .escapedJSON:
                let escaped = headers.unicodeScalars.map { String(format: "\\u%04x", $0.value) }.joined()
                send(fd, status: code, body: #"{"error":{"message":""# + escaped + #""}}"#)
            case .html:
                send(fd, status: code, body: "<html><body><h1>401</h1><pre>\(headers)</pre></body></html>")
            }
        case .huge(let size):
            let answer = Self.completion(#"{"title":"ok"}"#, finish: "stop", usage: true)
            send(fd, status: 200, body: answer + String(repeating: " ", count: max(0, size - answer.utf8.count)))
        case .embeddings(let delay, let count):
            if delay > 0 { usleep(UInt32(delay * 1e6)) }
            replying()
            send(fd, status: 200, body: Self.embeddings(parsed.embeddingInputs, count: count))
        case .refusal(let why):
            let body = #"{"id":"x","object":"chat.completion","model":"scripted","choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":"# + Self.quote(why) + #"},"finish_reason":"stop"}],"usage":{"prompt_tokens":11,"completion_tokens":7,"total_tokens":18}}"#
            send(fd, status: 200, body: body)
        }
    }

    static func completion(_ content: String, finish: String, usage: Bool) -> String {
        var text = #"{"id":"x","object":"chat.completion","model":"scripted","choices":[{"index":0,"message":{"role":"assistant","content":"#
        text += quote(content) + #"},"finish_reason":""# + finish + #""}]"#
        if usage { text += #","usage":{"prompt_tokens":\#(promptTokens),"completion_tokens":\#(completionTokens),"total_tokens":18}"# }
        return text + "}"
    }

    static func embeddings(_ inputs: [String], count: Int?) -> String {
        let vectors = inputs.enumerated().map { index, text in
            #"{"object":"embedding","index":\#(index),"embedding":[\#(text.count),\#(text.unicodeScalars.first?.value ?? 0),0.5]}"#
        }
        let data = vectors.prefix(count ?? vectors.count).joined(separator: ",")
        return #"{"object":"list","model":"scripted-embed","data":[\#(data)],"usage":{"prompt_tokens":\#(promptTokens * inputs.count),"total_tokens":\#(promptTokens * inputs.count)}}"#
    }

    static func quote(_ s: String) -> String { JSONValue.string(s).serialized() }

    private func send(_ fd: Int32, status: Int, body: String, extra: String = "") {
        let bytes = Array(body.utf8)
        let head = "HTTP/1.1 \(status) Scripted\r\nContent-Type: application/json\r\nContent-Length: \(bytes.count)\r\n\(extra)Connection: close\r\n\r\n"
        writeAll(fd: fd, Array(head.utf8) + bytes)
    }

    /// Headers and body of one request (Content-Length bodies, as AsyncHTTPClient sends them).
    private func readRequest(_ fd: Int32) -> (String, [UInt8])? {
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let separator: [UInt8] = [13, 10, 13, 10]
        var headerEnd: Int?
        var length = 0
        for _ in 0..<100_000 {
            if let end = headerEnd, data.count >= end + length { break }
            let n = read(fd, &chunk, chunk.count)
            if n <= 0 { return nil }
            data += chunk[0..<n]
            if headerEnd == nil, let range = Self.find(separator, in: data) {
                headerEnd = range
                let head = String(decoding: data[0..<range], as: UTF8.self)
                for line in head.split(separator: "\r\n") where line.lowercased().hasPrefix("content-length:") {
                    length = Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
        }
        guard let end = headerEnd else { return nil }
        return (String(decoding: data[0..<end], as: UTF8.self), Array(data[(end + 4)...]))
    }

    private static func find(_ needle: [UInt8], in data: [UInt8]) -> Int? {
        guard data.count >= needle.count else { return nil }
        for i in 0...(data.count - needle.count) where data[i] == needle[0] && Array(data[i..<i + needle.count]) == needle {
            return i
        }
        return nil
    }
}

extension JSONValue {
    /// The texts of an embeddings request, in order.
    var embeddingInputs: [String] { objectValue?["input"]?.arrayValue?.compactMap(\.stringValue) ?? [] }

    /// The text of the user message of a chat request (the page sent), for scripts that answer per page.
    var pageText: String {
        let messages = objectValue?["messages"]?.arrayValue ?? []
        for m in messages where m.objectValue?["role"]?.stringValue == "user" {
            if let s = m.objectValue?["content"]?.stringValue { return s }
            if let parts = m.objectValue?["content"]?.arrayValue {
                return parts.compactMap { $0.objectValue?["text"]?.stringValue }.joined()
            }
        }
        return ""
    }
}
