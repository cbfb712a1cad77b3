import Foundation
import Testing
import UnifexCore
import UnifexTestSupport

/// What the records say each page cost agrees with what was sent, and the summary agrees with the
/// records, however a page ended.
@Suite struct AccountingTests {
    static func message(_ record: JSONObject) -> String { record["error"]?.objectValue?["message"]?.stringValue ?? "" }
    static func attempts(_ record: JSONObject) -> Int { record["llm"]?.objectValue?["attempts"]?.intValue ?? -1 }

    @Test func pagesNotSentCarryNoAttemptsAndTheSummaryCountsThem() throws {
        let closed = try ClosedPort()
        defer { closed.release() }
        let out = try LLMRun.run("--base-url http://127.0.0.1:\(closed.port)/v1 --model m -j4 --http-retries 4",
                                 input: LLMRun.pages(12))
        #expect(out.result.status == 69)
        let notSent = out.records.filter { Self.message($0).hasPrefix("not sent:") }
        #expect(!notSent.isEmpty)
        for record in out.records {
            // A page that was sent says what its requests met; one that was not carries no attempts.
            #expect(Self.message(record).hasPrefix("not sent:") == (Self.attempts(record) == 0),
                    "page \(record["page"]?.intValue ?? 0): \(Self.message(record)), attempts \(Self.attempts(record))")
        }
        let requests = out.records.map(Self.attempts).reduce(0, +)
        #expect(out.result.stderr.contains("(\(notSent.count) written as errors)"), "\(out.result.stderr)")
        #expect(out.result.stderr.contains("done: 12 pages (12 failed), \(requests) requests"), "\(out.result.stderr)")
    }

    @Test func aFailedDocumentRequestCountsEveryPageItFailed() throws {
        let server = try ScriptedServer { _, _ in .status(500) }
        defer { server.stop() }
        let input = LLMRun.pages(3, doc: "a.pdf") + LLMRun.pages(2, doc: "b.pdf")
        let out = try LLMRun.run("--base-url \(server.baseURL) --model m --scope document --http-retries 0", input: input)
        #expect(out.records.count == 5)
        #expect(out.records.allSatisfy { $0["status"]?.stringValue == "error" })
        #expect(out.result.stderr.contains("done: 5 pages (5 failed), 2 requests"), "\(out.result.stderr)")
    }

    @Test func aPagePastItsDeadlineKeepsTheUsageAndAttemptsOfItsReplies() throws {
        let firstPage = Counter()
        let server = try ScriptedServer { _, body in
            guard body.pageText.contains("page 1 ") else { return .answer(validAnswer) }
            // A reply that is not JSON (its usage counts), then a correction that comes too late.
            return firstPage.next() == 1 ? .answer("{not json") : .slow(4, validAnswer)
        }
        defer { server.stop() }
        let out = try LLMRun.run("--base-url \(server.baseURL) --model m -j2 --timeout 1.5", input: LLMRun.pages(2))
        #expect(out.records.map { $0["status"]?.stringValue } == ["timeout", "ok"])
        let llm = out.llm(0)
        #expect(llm?["attempts"]?.intValue == 2)
        #expect(llm?["usage"]?.objectValue?["prompt_tokens"]?.intValue == ScriptedServer.promptTokens)
        #expect(llm?["usage"]?.objectValue?["completion_tokens"]?.intValue == ScriptedServer.completionTokens)
        #expect(llm?["input"]?.stringValue == "text")
        #expect((llm?["seconds"]?.doubleValue ?? 0) >= 1.4)
        #expect(out.result.stderr.contains("done: 2 pages (1 failed), 3 requests, 0 cache hits, \(2 * ScriptedServer.promptTokens) tokens in"),
                "\(out.result.stderr)")
    }
}

/// A network or server failure is said in words a user acts on, and what sending again cannot
/// mend is not sent again.
@Suite struct TransportMessageTests {
    static func message(_ out: LLMRun.Output, _ i: Int) -> String {
        out.records[i]["error"]?.objectValue?["message"]?.stringValue ?? ""
    }

    /// No type names, errno dumps or source paths of the libraries underneath.
    static func expectWords(_ message: String) {
        for raw in ["Error(", "Error.", "errno", "descriptor", "Optional(", ".swift", ".cc", "NIO", "BoringSSL"] {
            #expect(!message.contains(raw), "\(message)")
        }
    }

    @Test func anOversizedReplyIsSaidAndNotAskedAgain() throws {
        let server = try FaultTests.server(page2: { _ in .huge(17 << 20) })
        defer { server.stop() }
        let out = try FaultTests.run(server)
        FaultTests.expectOthersIntact(out)
        let message = Self.message(out, 1)
        #expect(message.contains("larger than 16 MiB"), "\(message)")
        Self.expectWords(message)
        #expect(out.llm(1)?["attempts"]?.intValue == 1)
    }

    @Test func aResetConnectionIsSaidInWords() throws {
        let server = try FaultTests.server(page2: { _ in .reset })
        defer { server.stop() }
        let out = try FaultTests.run(server)
        FaultTests.expectOthersIntact(out)
        let message = Self.message(out, 1)
        #expect(message.hasPrefix("the server "), "\(message)")
        Self.expectWords(message)
        #expect(out.llm(1)?["attempts"]?.intValue == 3)
    }

    @Test func httpsToAPlainServerIsATLSFailureNotRetried() throws {
        let plain = try PlainReplyPort()
        defer { plain.stop() }
        let out = try LLMRun.run("--base-url https://127.0.0.1:\(plain.port)/v1 --model m -j1 --http-retries 3",
                                 input: LLMRun.pages(1))
        let message = Self.message(out, 0)
        #expect(message.contains("TLS"), "\(message)")
        Self.expectWords(message)
        #expect(out.llm(0)?["attempts"]?.intValue == 1)
    }

    @Test func anUntrustedCertificateIsSaidAndNotRetried() throws {
        let server = try SelfSignedServer()
        defer { server.stop() }
        let out = try LLMRun.run("--base-url https://127.0.0.1:\(server.port)/v1 --model m -j1 --http-retries 3",
                                 input: LLMRun.pages(1))
        let message = Self.message(out, 0)
        #expect(message.contains("certificate is not trusted"), "\(message)")
        Self.expectWords(message)
        #expect(out.llm(0)?["attempts"]?.intValue == 1)
    }
}

/// A loopback port that answers whatever arrives with a plain-text HTTP error and closes: what a
/// TLS client meets when it is pointed at a server that speaks no TLS.
final class PlainReplyPort: @unchecked Sendable {
    let fd: Int32
    let port: Int

    init() throws {
        (fd, port) = try loopbackSocket(listen: true)
        let descriptor = fd
        Thread {
            while true {
                let client = accept(descriptor, nil, nil)
                if client < 0 { return }
                var chunk = [UInt8](repeating: 0, count: 4096)
                _ = read(client, &chunk, chunk.count)
                writeAll(fd: client, Array("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8))
                close(client)
            }
        }.start()
    }

    func stop() {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }
}

/// `openssl s_server` with a certificate made for the test and trusted by nobody.
final class SelfSignedServer {
    let port: Int
    private let process = Process()
    private let folder: URL

    init() throws {
        folder = try Tools.scratch()
        let make = Process()
        make.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        make.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                          "-keyout", folder.appendingPathComponent("key.pem").path,
                          "-out", folder.appendingPathComponent("cert.pem").path]
        make.standardOutput = FileHandle.nullDevice
        make.standardError = FileHandle.nullDevice
        try make.run()
        make.waitUntilExit()
        // A port the system picked free a moment ago.
        let probe = try ClosedPort()
        port = probe.port
        probe.release()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "s_server", "-quiet", "-accept", String(port), "-www",
                             "-cert", folder.appendingPathComponent("cert.pem").path,
                             "-key", folder.appendingPathComponent("key.pem").path]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Ready once it accepts a connection.
        for _ in 0..<100 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(port).bigEndian
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            close(fd)
            if connected == 0 { return }
            usleep(50_000)
        }
    }

    func stop() {
        // s_server outlives SIGTERM while a connection is open.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }
}
