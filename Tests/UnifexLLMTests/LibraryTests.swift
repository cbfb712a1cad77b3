import Foundation
import Testing
import UnifexCore
import UnifexLLM

@Suite struct SchemaValidatorTests {
    static let schema = try! JSONSchema(JSONValue.parse(#"""
        {"type":"object","required":["name","total","items"],"additionalProperties":false,
         "properties":{"name":{"type":"string","maxLength":5},"total":{"type":"number","minimum":0,"maximum":100},
                       "kind":{"enum":["a","b"]},"count":{"type":"integer"},
                       "items":{"type":"array","maxItems":2,"items":{"type":["string","null"]}}}}
        """#))

    @Test(arguments: [
        (#"{"name":"ab","total":5,"items":[]}"#, nil),
        (#"{"name":"abcdef","total":5,"items":[]}"#, "/name: longer than maxLength 5 (6)"),
        (#"{"name":"ab","total":-1,"items":[]}"#, "/total: below minimum 0"),
        (#"{"name":"ab","total":101,"items":[]}"#, "/total: above maximum 100"),
        (#"{"name":"ab","items":[]}"#, #"required property "total" is missing"#),
        (#"{"name":"ab","total":1,"items":[],"x":1}"#, #"property "x" is not allowed"#),
        (#"{"name":"ab","total":1,"items":[1]}"#, "/items/0: expected string or null, got number"),
        (#"{"name":"ab","total":1,"items":["a","b","c"]}"#, "/items: more than maxItems 2 (3)"),
        (#"{"name":"ab","total":1,"items":[],"kind":"c"}"#, #"/kind: "c" is not one of ["a","b"]"#),
        (#"{"name":"ab","total":1,"items":[],"count":1.5}"#, "/count: expected integer, got number"),
        (#"{"name":"ab","total":1,"items":[],"count":2.0}"#, nil),
        (#"[1]"#, "expected object, got array"),
    ] as [(String, String?)])
    func validates(_ json: String, _ problem: String?) throws {
        #expect(Self.schema.firstProblem(in: try JSONValue.parse(json))?.description == problem)
    }
}

@Suite struct PieceTests {
    @Test func sha256MatchesKnownDigests() {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SHA256.hex(long) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func base64MatchesRFC4648() {
        #expect(["", "f", "fo", "foo", "foob", "fooba", "foobar"].map { Base64.encode(Array($0.utf8)) }
                == ["", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"])
    }

    @Test func retryDelaysGrowWithJitterAndHonourRetryAfter() {
        let policy = RetryPolicy(maximumRetries: 5, baseDelay: 0.5, maximumDelay: 8)
        #expect(policy.delay(retry: 1, retryAfter: nil, random: 0) == 0.25)
        #expect(policy.delay(retry: 1, retryAfter: nil, random: 1) == 0.5)
        #expect(policy.delay(retry: 3, retryAfter: nil, random: 1) == 2)
        #expect(policy.delay(retry: 10, retryAfter: nil, random: 1) == 8)
        #expect(policy.delay(retry: 1, retryAfter: 3, random: 0) == 3)
        #expect(policy.delay(retry: 1, retryAfter: 3600, random: 0) == 8)
        #expect(RetryPolicy.retryAfter("7", now: 0) == 7)
        #expect(RetryPolicy.retryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now: 784_111_770) == 7)
        #expect(RetryPolicy.retryAfter("soon", now: 0) == nil)
        #expect([429, 408, 500, 503].allSatisfy(RetryPolicy.isRetryable) && ![400, 401, 404].contains(where: RetryPolicy.isRetryable))
    }

    @Test func rateLimiterHoldsRequestsPerMinute() async {
        // 120 a minute: a full bucket lets 120 go at once, the next two wait a refill of 0.5 s each.
        let limiter = RateLimiter(requestsPerMinute: 120, tokensPerMinute: nil)
        let start = Date()
        for _ in 0..<120 { await limiter.acquire(estimatedTokens: 1) }
        #expect(Date().timeIntervalSince(start) < 0.5)
        await limiter.acquire(estimatedTokens: 1)
        await limiter.acquire(estimatedTokens: 1)
        #expect(Date().timeIntervalSince(start) >= 0.9)
    }

    @Test func rateLimiterHoldsTokensPerMinute() async {
        let limiter = RateLimiter(requestsPerMinute: nil, tokensPerMinute: 6000)
        let start = Date()
        await limiter.acquire(estimatedTokens: 6000)
        await limiter.acquire(estimatedTokens: 100)
        // 100 tokens at 100 a second.
        #expect(Date().timeIntervalSince(start) >= 0.9)
    }

    @Test func imageRequestCarriesThePNGAsADataURL() throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 100)
        let request = ChatRequest(model: "m", prompt: "Read it.", schema: nil, mode: .jsonSchema,
                                  content: .image(png: png), maxTokens: 16, temperature: 0)
        let user = request.body.objectValue?["messages"]?.arrayValue?[1].objectValue?["content"]?.arrayValue
        let url = user?.last?.objectValue?["image_url"]?.objectValue?["url"]?.stringValue ?? ""
        #expect(url.hasPrefix("data:image/png;base64,"))
        #expect(Data(base64Encoded: String(url.dropFirst("data:image/png;base64,".count))).map(Array.init) == png)
        #expect(user?.first?.objectValue?["type"]?.stringValue == "text")
    }

    @Test func imageRequestReachesTheServerWhole() async throws {
        let server = try ScriptedServer { _, _ in .answer("fine") }
        defer { server.stop() }
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        for i in 0..<300_000 { png.append(UInt8(truncatingIfNeeded: i &* 31)) }
        let request = ChatRequest(model: "m", prompt: "Read it.", schema: nil, mode: .jsonSchema,
                                  content: .both(text: "page 1", png: png), maxTokens: 16, temperature: 0)
        let client = ChatClient(baseURL: server.baseURL, apiKey: nil, headers: [], connections: 1)
        let extractor = Extractor(client: client, settings: .init(), limiter: nil, cache: nil)
        let result = await extractor.extract(request)
        await client.shutdown()
        #expect(result.text == "fine")
        let parts = server.requests.first?.objectValue?["messages"]?.arrayValue?[1].objectValue?["content"]?.arrayValue ?? []
        let url = parts.last?.objectValue?["image_url"]?.objectValue?["url"]?.stringValue ?? ""
        #expect(Data(base64Encoded: String(url.dropFirst("data:image/png;base64,".count))).map(Array.init) == png)
        #expect(parts.first?.objectValue?["text"]?.stringValue?.hasSuffix("page 1") == true)
    }
}

/// `$ref` within the schema is followed; any other is refused when the schema is read.
@Suite struct SchemaReferenceTests {
    static let schema = try! JSONSchema(JSONValue.parse(#"""
        {"type":"object","required":["lines"],
         "properties":{"lines":{"type":"array","items":{"$ref":"#/$defs/line"}},
                       "note":{"$ref":"#/definitions/a~1b"},
                       "tree":{"$ref":"#/$defs/node"}},
         "$defs":{"line":{"type":"object","required":["amount"],"properties":{"amount":{"type":"number","minimum":0}}},
                  "node":{"type":"object","properties":{"children":{"type":"array","items":{"$ref":"#/$defs/node"}},
                                                        "name":{"type":"string"}}}},
         "definitions":{"a/b":{"type":"string","maxLength":3}}}
        """#))

    @Test(arguments: [
        (#"{"lines":[{"amount":1},{"amount":2}]}"#, nil),
        (#"{"lines":[{"amount":1},{"amount":-2}]}"#, "/lines/1/amount: below minimum 0"),
        (#"{"lines":[{}]}"#, #"/lines/0: required property "amount" is missing"#),
        (#"{"lines":[],"note":"long"}"#, "/note: longer than maxLength 3 (4)"),
        (#"{"lines":[],"tree":{"children":[{"children":[{"name":5}]}]}}"#, "/tree/children/0/children/0/name: expected string, got number"),
    ] as [(String, String?)])
    func followsLocalReferences(_ json: String, _ problem: String?) throws {
        #expect(Self.schema.firstProblem(in: try JSONValue.parse(json))?.description == problem)
    }

    @Test(arguments: [
        (#"{"properties":{"a":{"$ref":"other.json#/x"}}}"#, "/properties/a: $ref other.json#/x is not supported"),
        (##"{"properties":{"a":{"$ref":"#/$defs/missing"}}}"##, "/properties/a: $ref #/$defs/missing points to nothing"),
        (##"{"$ref":"#anchor"}"##, "$ref #anchor is not supported"),
    ])
    func refusesReferencesItCannotFollow(_ text: String, _ expected: String) throws {
        #expect(throws: SchemaError.self) { try JSONSchema(JSONValue.parse(text)) }
        do { _ = try JSONSchema(JSONValue.parse(text)) } catch let error as SchemaError {
            #expect(error.description.hasPrefix(expected), "\(error)")
        }
    }

    @Test func aReferenceToItselfEndsWithAProblem() throws {
        let schema = try JSONSchema(JSONValue.parse(##"{"$defs":{"a":{"$ref":"#/$defs/b"},"b":{"$ref":"#/$defs/a"}},"$ref":"#/$defs/a"}"##))
        #expect(schema.firstProblem(in: .int(1))?.message.contains("leads back to itself") == true)
    }

    @Test func refAsAValueIsData() throws {
        let schema = try JSONSchema(JSONValue.parse(#"{"const":{"$ref":"elsewhere"}}"#))
        #expect(schema.firstProblem(in: try JSONValue.parse(#"{"$ref":"elsewhere"}"#)) == nil)
    }
}

@Suite struct EmbeddingReplyTests {
    @Test(arguments: [
        (#"{"data":[{"index":1,"embedding":[3,4]},{"index":0,"embedding":[1,-2.5e-3]}],"usage":{"prompt_tokens":7}}"#, nil),
        (#"{"data":[{"index":0,"embedding":[1,2]}]}"#, "reply has 1 embeddings for 2 inputs"),
        (#"{"data":[{"index":0,"embedding":[1,2]},{"index":0,"embedding":[3,4]}]}"#, "reply's embedding 1 has index 0, out of place"),
        (#"{"data":[{"index":0,"embedding":[1,2]},{"index":1,"embedding":[3]}]}"#, "reply's embeddings differ in dimension (2 and 1)"),
        (#"{"data":[{"index":0,"embedding":[1,1e999]},{"index":1,"embedding":[3,4]}]}"#, "reply's embedding 0 is not an array of numbers"),
        (#"{"data":[{"index":0,"embedding":[1,"2"]},{"index":1,"embedding":[3,4]}]}"#, "reply's embedding 0 is not an array of numbers"),
        (#"{"data":[{"index":0,"embedding":[]},{"index":1,"embedding":[3,4]}]}"#, "reply's embedding 0 is not an array of numbers"),
        (#"{"object":"list"}"#, "reply has no data array of embeddings"),
    ] as [(String, String?)])
    func parsesTwoVectorsInTheirInputsOrder(_ body: String, _ problem: String?) throws {
        do {
            let reply = try EmbeddingReply.parse(Array(body.utf8), count: 2)
            #expect(problem == nil)
            #expect(reply.vectors == [[.int(1), .number("-2.5e-3")], [.int(3), .int(4)]])
            #expect(reply.usage?.promptTokens == 7)
        } catch {
            #expect(error.message == problem)
        }
    }
}
