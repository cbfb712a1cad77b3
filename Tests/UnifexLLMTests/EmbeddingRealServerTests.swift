import Foundation
import Testing
import UnifexCore
import UnifexTestSupport

/// ux-llm --embed against llama-server serving all-MiniLM-L6-v2: what the real server counts and
/// returns, batched and alone.
@Suite(.serialized, .enabled(if: RealEmbeddingServer.enabled, Comment(rawValue: RealEmbeddingServer.skipReason)))
struct EmbeddingRealServerTests {
    static let texts = [
        "The invoice total is due within thirty days.",
        "Payment terms: net 30 days from the date of the invoice.",
        "Photosynthesis turns light into chemical energy in the leaves.",
        "Chlorophyll absorbs red and blue light for the plant.",
        "The yellow trams of Lisbon climb the steep hills.",
        "Tram 28 runs through Alfama to Campo de Ourique.",
    ]

    static func records() -> Data {
        Data(texts.enumerated().map { i, text in
            #"{"v":1,"type":"chunk","doc":"t.pdf","chunk":\#(i + 1),"headings":[],"text":\#(JSONValue.string(text).serialized()),"pages":[1,1],"boxes":[],"tokens":12}"# + "\n"
        }.joined().utf8)
    }

    static func vectors(_ out: LLMRun.Output) -> [[Double]] {
        out.records.map { ($0["embedding"]?.objectValue?["vector"]?.arrayValue ?? []).compactMap(\.doubleValue) }
    }

    static func cosine(_ a: [Double], _ b: [Double]) -> Double {
        let dot = zip(a, b).map(*).reduce(0, +)
        let norms = (a.map { $0 * $0 }.reduce(0, +) * b.map { $0 * $0 }.reduce(0, +)).squareRoot()
        return norms > 0 ? dot / norms : 0
    }

    @Test func batchesGiveEachTextItsOwnVectorAndTheServersCount() throws {
        let base = try #require(RealEmbeddingServer.baseURL, "the embeddings server could not be started (CI)")
        let batched = try LLMRun.run("--embed --base-url \(base) --model all-MiniLM-L6-v2 --batch 4 -j2", input: Self.records(), schema: nil)
        let alone = try LLMRun.run("--embed --base-url \(base) --model all-MiniLM-L6-v2 --batch 1 -j4", input: Self.records(), schema: nil)
        #expect(batched.result.status == 0 && alone.result.status == 0, "\(batched.result.stderr)\(alone.result.stderr)")
        let a = Self.vectors(batched), b = Self.vectors(alone)
        #expect(a.count == 6 && a.allSatisfy { $0.count == 384 })
        // Each record carries its own text's vector, whichever batch and position it was sent in.
        for i in 0..<6 { #expect(Self.cosine(a[i], b[i]) > 0.999, "record \(i + 1)") }
        // The server's vectors are unit length, and a sentence model puts the pairs on one subject together.
        for v in a { #expect(abs(v.map { $0 * $0 }.reduce(0, +) - 1) < 1e-3) }
        for i in stride(from: 0, to: 6, by: 2) {
            let partner = Self.cosine(a[i], a[i + 1])
            let others = (0..<6).filter { $0 / 2 != i / 2 }.map { Self.cosine(a[i], a[$0]) }
            #expect(others.allSatisfy { $0 < partner }, "text \(i + 1): \(partner) against \(others)")
        }
        // Usage as the server counted it, once a request, on the first record of each.
        let requests = batched.records.compactMap { $0["embedding"]?.objectValue?["request"]?.objectValue }
        #expect(requests.map { $0["inputs"]?.intValue } == [4, 2])
        for request in requests {
            let usage = request["usage"]?.objectValue
            #expect((usage?["prompt_tokens"]?.intValue ?? 0) > 10 && usage?["estimated"] == nil)
        }
    }
}
