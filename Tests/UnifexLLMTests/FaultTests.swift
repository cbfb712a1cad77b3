import Foundation
import Testing
import UnifexCore
import UnifexTestSupport

/// Each fault a server or network can play, against ux-llm: the record that comes out, and that no
/// page is lost. Page 2 of three gets the fault; pages 1 and 3 are answered at once.
@Suite struct FaultTests {
    /// A server where page 2's requests are answered by `fault(n)` (n = 1 for its first request).
    static func server(page2 fault: @escaping @Sendable (Int) -> ScriptedServer.Reply) throws -> ScriptedServer {
        let counter = Counter()
        return try ScriptedServer { _, body in
            guard body.pageText.contains("page 2 ") else { return .answer(validAnswer) }
            return fault(counter.next())
        }
    }

    static func run(_ server: ScriptedServer, _ options: String = "") throws -> LLMRun.Output {
        try LLMRun.run("--base-url \(server.baseURL) --model m -j4 --http-retries 2 --request-timeout 5 \(options)",
                       input: LLMRun.pages(3))
    }

    /// Pages 1 and 3 are ok and answered once, all three come out in order.
    static func expectOthersIntact(_ out: LLMRun.Output) {
        #expect(out.pages == [1, 2, 3])
        for i in [0, 2] {
            #expect(out.records[i]["status"]?.stringValue == "ok")
            #expect(out.llm(i)?["data"] == .object(JSONObject([("title", .string("ok"))])))
            #expect(out.llm(i)?["attempts"]?.intValue == 1)
        }
    }

    @Test func tooManyRequestsWaitsForRetryAfter() throws {
        let server = try Self.server(page2: { $0 == 1 ? .status(429, retryAfter: "1") : .answer(validAnswer) })
        defer { server.stop() }
        let out = try Self.run(server)
        Self.expectOthersIntact(out)
        #expect(out.result.status == 0)
        #expect(out.records[1]["status"]?.stringValue == "ok")
        #expect(out.llm(1)?["attempts"]?.intValue == 2)
        // Retry-After: 1 was honoured, not the half-second first backoff step.
        #expect((out.llm(1)?["seconds"]?.doubleValue ?? 0) >= 1.0)
    }

    @Test func serverErrorIsRetriedThenReported() throws {
        let server = try Self.server(page2: { _ in .status(500) })
        defer { server.stop() }
        let out = try Self.run(server)
        Self.expectOthersIntact(out)
        #expect(out.result.status == 1)
        let error = out.records[1]["error"]?.objectValue
        #expect(error?["code"]?.stringValue == "llm-http")
        #expect(error?["message"]?.stringValue?.contains("HTTP 500") == true)
        #expect(out.llm(1)?["attempts"]?.intValue == 3)
        #expect(out.llm(1)?["reply"]?.stringValue?.contains("scripted 500") == true)
        #expect(out.errorLines.count == 1)
        #expect(out.errorLines.first?.contains("report.pdf: page 2") == true)
    }

    @Test func aServerErrorSayingTheModelTakesNoImagesIsNotRetried() throws {
        let server = try Self.server(page2: { _ in
            .error(500, "image input is not supported - hint: if this is unexpected, you may need to provide the mmproj")
        })
        defer { server.stop() }
        let out = try Self.run(server)
        Self.expectOthersIntact(out)
        #expect(out.result.status == 1)
        #expect(out.llm(1)?["attempts"]?.intValue == 1)
        let message = out.records[1]["error"]?.objectValue?["message"]?.stringValue ?? ""
        #expect(message.contains("image input is not supported") && message.contains("--input text"), "\(message)")
    }

    @Test func replyCutInHalfIsSentAgain() throws {
        let server = try Self.server(page2: { $0 == 1 ? .cutInHalf(validAnswer) : .answer(validAnswer) })
        defer { server.stop() }
        let out = try Self.run(server)
        Self.expectOthersIntact(out)
        #expect(out.records[1]["status"]?.stringValue == "ok")
        #expect(out.llm(1)?["attempts"]?.intValue == 2)
    }

    @Test func slowReplyPastTheTimeoutIsATimeoutRecord() throws {
        let server = try Self.server(page2: { _ in .slow(4, validAnswer) })
        defer { server.stop() }
        let out = try Self.run(server, "--request-timeout 1 --http-retries 1")
        Self.expectOthersIntact(out)
        #expect(out.records[1]["status"]?.stringValue == "timeout")
        #expect(out.records[1]["error"]?.objectValue?["code"]?.stringValue == "llm-timeout")
        #expect(out.llm(1)?["attempts"]?.intValue == 2)
        #expect(out.result.status == 1)
    }

    @Test func brokenJSONIsAskedAgainWithTheReason() throws {
        let server = try Self.server(page2: { $0 == 1 ? .answer("{not json") : .answer(validAnswer) })
        defer { server.stop() }
        let out = try Self.run(server)
        Self.expectOthersIntact(out)
        #expect(out.records[1]["status"]?.stringValue == "ok")
        #expect(out.llm(1)?["attempts"]?.intValue == 2)
        // The second request carries the broken reply and what was wrong with it.
        let second = server.requests.filter { $0.pageText.contains("page 2 ") }.last
        let messages = second?.objectValue?["messages"]?.arrayValue ?? []
        #expect(messages.count == 4)
        #expect(messages[2].objectValue?["content"]?.stringValue == "{not json")
        #expect(messages[3].objectValue?["content"]?.stringValue?.contains("not JSON") == true)
    }

    @Test func brokenJSONEveryTimeIsInvalidWithTheLastReply() throws {
        let server = try Self.server(page2: { .answer("{not json \($0)") })
        defer { server.stop() }
        let out = try Self.run(server)
        Self.expectOthersIntact(out)
        #expect(out.records[1]["error"]?.objectValue?["code"]?.stringValue == "llm-invalid")
        #expect(out.llm(1)?["attempts"]?.intValue == 3)
        #expect(out.llm(1)?["reply"]?.stringValue == "{not json 3")
        #expect(out.result.status == 1)
    }

    @Test func schemaBreakingJSONIsAskedAgainThenInvalid() throws {
        let server = try Self.server(page2: { _ in .answer(#"{"title":5}"#) })
        defer { server.stop() }
        let out = try Self.run(server)
        Self.expectOthersIntact(out)
        let error = out.records[1]["error"]?.objectValue
        #expect(error?["code"]?.stringValue == "llm-invalid")
        #expect(error?["message"]?.stringValue?.contains("/title: expected string") == true)
        #expect(out.llm(1)?["reply"]?.stringValue == #"{"title":5}"#)
        // Usage counts every reply, the failed ones too.
        #expect(out.llm(1)?["usage"]?.objectValue?["prompt_tokens"]?.intValue == 3 * ScriptedServer.promptTokens)
    }

    @Test func missingUsageIsEstimatedAndMarked() throws {
        let server = try Self.server(page2: { _ in .answer(validAnswer, usage: false) })
        defer { server.stop() }
        let out = try Self.run(server)
        Self.expectOthersIntact(out)
        let usage = out.llm(1)?["usage"]?.objectValue
        #expect(out.records[1]["status"]?.stringValue == "ok")
        #expect(usage?["estimated"]?.boolValue == true)
        #expect((usage?["prompt_tokens"]?.intValue ?? 0) > 0)
        #expect(out.llm(0)?["usage"]?.objectValue?["estimated"] == nil)
    }

    @Test func connectionResetIsSentAgain() throws {
        let server = try Self.server(page2: { $0 == 1 ? .reset : .answer(validAnswer) })
        defer { server.stop() }
        let out = try Self.run(server)
        Self.expectOthersIntact(out)
        #expect(out.records[1]["status"]?.stringValue == "ok")
        #expect(out.llm(1)?["attempts"]?.intValue == 2)
    }

    @Test func lengthCutGrowsMaxTokensThenIsTruncated() throws {
        let server = try Self.server(page2: { _ in .answer(#"{"title":"#, finish: "length") })
        defer { server.stop() }
        let out = try Self.run(server, "--max-tokens 64")
        Self.expectOthersIntact(out)
        #expect(out.records[1]["error"]?.objectValue?["code"]?.stringValue == "llm-truncated")
        #expect(out.llm(1)?["finish_reason"]?.stringValue == "length")
        let sent = server.requests.filter { $0.pageText.contains("page 2 ") }
        #expect(sent.compactMap { $0.objectValue?["max_tokens"]?.intValue } == [64, 128, 256])
    }

    @Test func refusalIsRefusedAtOnce() throws {
        let server = try Self.server(page2: { _ in .refusal("I cannot help with that") })
        defer { server.stop() }
        let out = try Self.run(server)
        Self.expectOthersIntact(out)
        #expect(out.records[1]["error"]?.objectValue?["code"]?.stringValue == "llm-refused")
        #expect(out.llm(1)?["attempts"]?.intValue == 1)
        #expect(out.llm(1)?["reply"]?.stringValue == "I cannot help with that")
    }

    @Test func endpointDownStopsWithOneMessage() throws {
        // A port held by a socket that never listens: connections to it are refused, and no other
        // test's server can take it meanwhile.
        let closed = try ClosedPort()
        defer { closed.release() }
        let url = "http://127.0.0.1:\(closed.port)/v1"
        let started = Date()
        let out = try LLMRun.run("--base-url \(url) --model m -j2 --http-retries 2", input: LLMRun.pages(40))
        #expect(out.result.status == 69)
        #expect(out.pages == Array(1...40))
        #expect(out.records.allSatisfy { $0["error"]?.objectValue?["code"]?.stringValue == "llm-http" })
        #expect(out.errorLines.filter { $0.contains("refuses connections") }.count == 1)
        #expect(out.errorLines.count <= 3)
        #expect(Date().timeIntervalSince(started) < 30)
    }
}

extension FaultTests {
    @Test func refusedKeyStopsTheBatchWithOneMessage() throws {
        let server = try ScriptedServer { _, _ in .status(401) }
        defer { server.stop() }
        let out = try LLMRun.run("--base-url \(server.baseURL) --model m -j2", input: LLMRun.pages(30),
                                 environment: ["OPENAI_API_KEY": "sk-wrong"])
        #expect(out.result.status == 69)
        #expect(out.pages == Array(1...30))
        #expect(out.records.allSatisfy { $0["error"]?.objectValue?["message"]?.stringValue?.contains("HTTP 401") == true })
        // The pages in flight when the first refusal came back, not one request a page.
        #expect(server.requests.count <= 3)
        #expect(out.errorLines.filter { $0.contains("refuses the key (HTTP 401)") }.count == 1)
        #expect(out.errorLines.count <= 4)
    }

    @Test func aPagePastItsDeadlineSendsNoMore() throws {
        let server = try ScriptedServer { _, body in
            body.pageText.contains("page 1 ") ? .status(500) : .answer(#"{"title":"t"}"#, delay: 0.8)
        }
        defer { server.stop() }
        let out = try LLMRun.run("--base-url \(server.baseURL) --model m -j1 --timeout 1 --http-retries 8", input: LLMRun.pages(2))
        #expect(out.records.map { $0["status"]?.stringValue } == ["timeout", "ok"])
        // Sent at 0 s and after the first backoff (about 0.5 s); then the deadline: no resend after it,
        // however many retries were left, while page 2 keeps the process alive.
        let firstPage = server.requests.filter { $0.pageText.contains("page 1 ") }.count
        #expect(firstPage >= 1 && firstPage <= 3, "page 1 was sent \(firstPage) times")
    }

    @Test func aSlowPageDoesNotHoldUpTheOthers() throws {
        let arrivals = Arrivals()
        let server = try ScriptedServer { _, body in
            arrivals.add()
            return .answer(#"{"title":"t"}"#, delay: body.pageText.contains("page 1 ") ? 2 : 0.05)
        }
        defer { server.stop() }
        let out = try LLMRun.run("--base-url \(server.baseURL) --model m -j4", input: LLMRun.pages(12))
        #expect(out.result.status == 0)
        #expect(out.pages == Array(1...12))
        #expect(server.peakConcurrency <= 4)
        #expect(server.requests.count == 12)
        // While page 1 waits its 2 s, the other three requests go on to the pages read ahead of it.
        #expect(arrivals.spread < 1.5, "the last request went out \(arrivals.spread) s after the first")
    }
}

/// When the scripted server saw each request.
final class Arrivals: @unchecked Sendable {
    private let lock = NSLock()
    private var times: [Date] = []
    func add() { lock.withLock { times.append(Date()) } }
    var spread: Double { lock.withLock { (times.max() ?? Date()).timeIntervalSince(times.min() ?? Date()) } }
}

/// A TCP socket bound to a free loopback port (listening with `listen`), and the port.
func loopbackSocket(listen listening: Bool) throws -> (fd: Int32, port: Int) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0, !listening || listen(fd, 16) == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return (fd, Int(UInt16(bigEndian: address.sin_port)))
}

/// A loopback port bound but not listening.
struct ClosedPort {
    let fd: Int32
    let port: Int

    init() throws { (fd, port) = try loopbackSocket(listen: false) }

    func release() { close(fd) }
}

/// The answer every page gets unless a test says otherwise.
let validAnswer = #"{"title":"ok"}"#

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func next() -> Int { lock.withLock { n += 1; return n } }
}
