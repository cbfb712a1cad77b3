import Foundation
import Testing
import UnifexCore
import UnifexLLM
import UnifexTestSupport

/// The key, the header values and a base URL's password reach the server and nothing else: not a
/// record, not stderr, not the batch report, whatever the server sends back.
@Suite struct SecretTests {
    static let key = "sk-test-\(UUID().uuidString)"
    static let token = "tok-\(UUID().uuidString)"

    /// Runs three pages against a server that answers every request with `reply`, with the key
    /// and a token header; everything the run wrote, records and stderr.
    static func echoed(_ reply: ScriptedServer.Reply) throws -> (LLMRun.Output, ScriptedServer) {
        let server = try ScriptedServer { _, _ in reply }
        let out = try LLMRun.run("--base-url \(server.baseURL) --model m -j1 --http-retries 0 --header 'X-Api-Token: \(token)'",
                                 input: LLMRun.pages(3), environment: ["OPENAI_API_KEY": key])
        return (out, server)
    }

    static func expectNoSecret(_ out: LLMRun.Output) {
        for secret in [key, token] {
            #expect(!out.result.text.contains(secret), "a record carries \(secret)")
            #expect(!out.result.stderr.contains(secret), "stderr carries \(secret)")
        }
    }

    @Test(arguments: [ScriptedServer.Echo.json, .escapedJSON, .html])
    func aServerEchoingTheHeadersDoesNotPutTheKeyInRecords(_ echo: ScriptedServer.Echo) throws {
        let (out, server) = try Self.echoed(.echoHeaders(401, echo))
        defer { server.stop() }
        // The secrets did go to the server, and came back in its reply.
        #expect(server.requestHeaders.first?.contains(Self.key) == true)
        #expect(server.requestHeaders.first?.contains(Self.token) == true)
        Self.expectNoSecret(out)
        #expect(out.pages == [1, 2, 3])
        // What the server said is kept, the secrets masked.
        let kept = (out.records[0]["error"]?.objectValue?["message"]?.stringValue ?? "")
            + (out.llm(0)?["reply"]?.stringValue ?? "")
        #expect(kept.contains("***"), "\(kept)")
        #expect(kept.contains("127.0.0.1"), "\(kept)")
    }

    @Test func anAnswerRepeatingTheKeyIsMasked() throws {
        let (out, server) = try Self.echoed(.answer(#"{"title":"\#(Self.key.prefix(30))"}"#))
        defer { server.stop() }
        // The key is longer than 30 characters: a part of it is not the key, and stays.
        #expect(out.llm(0)?["data"]?.objectValue?["title"]?.stringValue == String(Self.key.prefix(30)))
        let (whole, wholeServer) = try Self.echoed(.answer(#"{"title":"\#(Self.token)"}"#))
        defer { wholeServer.stop() }
        #expect(whole.llm(0)?["data"]?.objectValue?["title"]?.stringValue == "***")
        Self.expectNoSecret(whole)
    }

    @Test func aPasswordInTheBaseURLIsSentButNeverShown() throws {
        let password = "pw-\(UUID().uuidString.prefix(12))"
        let server = try ScriptedServer { _, _ in .echoHeaders(500, .json) }
        defer { server.stop() }
        let url = "http://reader:\(password)@127.0.0.1:\(server.port)/v1"
        let report = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: report) }
        let reportPath = report.appendingPathComponent("report.json").path
        let out = try LLMRun.run("--base-url '\(url)' --model m -j1 --http-retries 0 | tee records.ndjson | ux-merge --report '\(reportPath)' >/dev/null; cat records.ndjson",
                                 input: LLMRun.pages(2), environment: ["OPENAI_API_KEY": ""])
        // Sent as HTTP Basic credentials, the URL itself without them.
        let basic = Data("reader:\(password)".utf8).base64EncodedString()
        #expect(server.requestHeaders.first?.contains("Authorization: Basic \(basic)") == true)
        #expect(server.requestHeaders.first?.hasPrefix("POST /v1/chat/completions ") == true)
        #expect(out.records.count == 2)
        let reportText = (try? String(contentsOfFile: reportPath, encoding: .utf8)) ?? ""
        #expect(reportText.contains("reader:***@127.0.0.1"), "\(reportText)")
        for text in [out.result.text, out.result.stderr, reportText] {
            #expect(!text.contains(password))
            #expect(!text.contains(basic))
        }
    }

    @Test func aPasswordInTheBaseURLIsNotInTheNotSentRecordsOrTheMessage() throws {
        let closed = try ClosedPort()
        defer { closed.release() }
        let password = "pw-\(UUID().uuidString.prefix(12))"
        let out = try LLMRun.run("--base-url 'http://reader:\(password)@127.0.0.1:\(closed.port)/v1' --model m -j1 --http-retries 1",
                                 input: LLMRun.pages(4))
        #expect(out.result.status == 69)
        #expect(out.result.stderr.contains("reader:***@127.0.0.1"), "\(out.result.stderr)")
        #expect(out.records.contains { $0["error"]?.objectValue?["message"]?.stringValue?.hasPrefix("not sent: http://reader:***@") == true })
        #expect(!out.result.text.contains(password))
        #expect(!out.result.stderr.contains(password))
    }

    @Test func aHeaderFromTheEnvironmentIsSentAndMasked() throws {
        let server = try ScriptedServer { _, _ in .echoHeaders(401, .json) }
        defer { server.stop() }
        let out = try LLMRun.run("--base-url \(server.baseURL) --model m -j1 --header-env 'X-Api-Token:UX_TEST_TOKEN'",
                                 input: LLMRun.pages(1), environment: ["UX_TEST_TOKEN": Self.token, "OPENAI_API_KEY": ""])
        #expect(server.requestHeaders.first?.contains("X-Api-Token: \(Self.token)") == true)
        Self.expectNoSecret(out)
        let missing = try LLMRun.run("--base-url \(server.baseURL) --model m --header-env 'X-Api-Token:UX_UNSET_TOKEN'",
                                     input: LLMRun.pages(1))
        #expect(missing.result.status == 64)
        #expect(missing.result.stderr.contains("UX_UNSET_TOKEN is not set"), "\(missing.result.stderr)")
    }

    @Test func argumentsArePublishedWithoutAURLPassword() {
        #expect(redactingSecrets(["ux-llm", "--base-url", "https://u:secret@host:8443/v1", "--model", "m"])
                == ["ux-llm", "--base-url", "https://u:***@host:8443/v1", "--model", "m"])
        #expect(redactingSecrets(["ux-llm", "--base-url=http://u:p%40ss@h/v1?x=a@b"]) == ["ux-llm", "--base-url=http://u:***@h/v1?x=a@b"])
        // No password, nothing to hide; an @ in a path is not user information.
        #expect(redactingSecrets(["http://u@h/v1", "http://h/a:b@c", "a:b@c"]) == ["http://u@h/v1", "http://h/a:b@c", "a:b@c"])
    }

    @Test func theRedactorHidesLongSecretsOnlyAndEveryOccurrence() {
        let redactor = SecretRedactor(["sk-0123456789", "high", "sk-0123456789abc"])
        #expect(redactor("a sk-0123456789abc b sk-0123456789 c high") == "a *** b *** c high")
        #expect(redactor(Array("xsk-0123456789x".utf8)) == Array("x***x".utf8))
        #expect(redactor(JSONValue.object(JSONObject([("sk-0123456789", .array([.string("sk-0123456789"), .int(1)]))])))
                == .object(JSONObject([("***", .array([.string("***"), .int(1)]))])))
    }
}

/// An answer cache that another user can write to would serve their answers as the model's.
@Suite struct CacheFolderTests {
    /// Fills a cache with one run, plants another answer in every entry, opens the folder with
    /// `prepare`, and reruns.
    static func rerunWithPlantedAnswers(_ prepare: (URL) throws -> Void) throws -> (first: LLMRun.Output, second: LLMRun.Output) {
        let server = try ScriptedServer { _, _ in .answer(#"{"title":"real"}"#) }
        defer { server.stop() }
        let parent = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: parent) }
        let cache = parent.appendingPathComponent("cache")
        let options = "--base-url \(server.baseURL) --model m --cache '\(cache.path)'"
        let first = try LLMRun.run(options, input: LLMRun.pages(2))
        let entries = FileManager.default.enumerator(atPath: cache.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".json") } ?? []
        #expect(entries.count == 2)
        for entry in entries {
            let path = cache.appendingPathComponent(entry).path
            let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "real", with: "planted")
            try text.write(toFile: path, atomically: false, encoding: .utf8)
        }
        try prepare(cache)
        let second = try LLMRun.run(options, input: LLMRun.pages(2))
        return (first, second)
    }

    @Test func aWorldWritableCacheIsRefused() throws {
        let (first, second) = try Self.rerunWithPlantedAnswers { cache in
            #expect(chmod(cache.path, 0o777) == 0)
        }
        #expect(first.result.status == 0)
        #expect(second.result.status == 64)
        #expect(second.records.isEmpty)
        #expect(second.result.stderr.contains("can be written by other users (mode 777)"), "\(second.result.stderr)")
        #expect(!second.result.text.contains("planted"))
    }

    @Test func aCacheOfAnotherUserIsRefused() throws {
        guard geteuid() == 0 else { return }  // Only root can give a folder away.
        let (_, second) = try Self.rerunWithPlantedAnswers { cache in
            #expect(chown(cache.path, 65534, 65534) == 0)
        }
        #expect(second.result.status == 64)
        #expect(second.result.stderr.contains("belongs to another user (uid 65534)"), "\(second.result.stderr)")
        #expect(!second.result.text.contains("planted"))
    }

    @Test func anEntryAnotherUserCanWriteIsNotServed() throws {
        let (_, second) = try Self.rerunWithPlantedAnswers { cache in
            for entry in FileManager.default.enumerator(atPath: cache.path)?.compactMap({ $0 as? String }) ?? [] where entry.hasSuffix(".json") {
                #expect(chmod(cache.appendingPathComponent(entry).path, 0o666) == 0)
            }
        }
        #expect(second.result.status == 0)
        #expect(second.records.map { $0["llm"]?.objectValue?["data"]?.objectValue?["title"]?.stringValue } == ["real", "real"])
        #expect(second.records.allSatisfy { $0["llm"]?.objectValue?["cached"]?.boolValue == false })
    }

    @Test func aPrivateCacheStillAnswers() throws {
        let (_, second) = try Self.rerunWithPlantedAnswers { _ in }
        // This user's own entries are trusted: what they hold is served.
        #expect(second.records.allSatisfy { $0["llm"]?.objectValue?["cached"]?.boolValue == true })
    }
}
