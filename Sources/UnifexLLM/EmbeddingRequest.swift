public import UnifexCore

/// One embeddings request (`POST {base}/embeddings`): the texts of a batch, in order.
public struct EmbeddingRequest: Sendable {
    public var model: String
    public var inputs: [String]

    public init(model: String, inputs: [String]) { self.model = model; self.inputs = inputs }

    /// The request body (JSON); vectors come back as JSON numbers, which every server offers.
    public var body: JSONValue {
        .object(JSONObject([("model", .string(model)), ("input", .array(inputs.map(JSONValue.string))),
                            ("encoding_format", .string("float"))]))
    }

    /// A rough token count (about four characters a token), for the rate limiter and for a reply
    /// that says no usage.
    public var estimatedPromptTokens: Int { inputs.reduce(0) { $0 + $1.count / 4 + 1 } }
}

/// The vectors of an embeddings reply, in the order of the request's inputs.
public struct EmbeddingReply: Sendable {
    /// One vector an input, its numbers as the server wrote them (no float is rounded on the way).
    public var vectors: [[JSONValue]]
    public var usage: Usage?
    public var model: String?

    /// Parses a reply body for `count` inputs: `data` must hold one vector for each (placed by its
    /// `index`), all of one dimension and of finite numbers; anything else is a problem to report.
    public static func parse(_ body: [UInt8], count: Int, redactor: SecretRedactor = SecretRedactor([])) throws(ReplyError) -> EmbeddingReply {
        let value: JSONValue
        do { value = redactor(try JSONValue.parse(body)) } catch {
            throw ReplyError(message: "reply is not JSON: \(error)")
        }
        guard let object = value.objectValue, let data = object["data"]?.arrayValue else {
            throw ReplyError(message: "reply has no data array of embeddings")
        }
        guard data.count == count else {
            throw ReplyError(message: "reply has \(data.count) embeddings for \(count) inputs")
        }
        var vectors = [[JSONValue]?](repeating: nil, count: count)
        for (position, item) in data.enumerated() {
            let index = item.objectValue?["index"]?.intValue ?? position
            guard (0..<count).contains(index), vectors[index] == nil else {
                throw ReplyError(message: "reply's embedding \(position) has index \(index), out of place")
            }
            guard let numbers = item.objectValue?["embedding"]?.arrayValue, !numbers.isEmpty,
                  numbers.allSatisfy(isFiniteNumber) else {
                throw ReplyError(message: "reply's embedding \(index) is not an array of numbers")
            }
            vectors[index] = numbers
        }
        let all = vectors.compactMap { $0 }
        if let dimension = all.first?.count, let other = all.first(where: { $0.count != dimension }) {
            throw ReplyError(message: "reply's embeddings differ in dimension (\(dimension) and \(other.count))")
        }
        var usage: Usage?
        if let prompt = object["usage"]?.objectValue?["prompt_tokens"]?.intValue, prompt >= 0 {
            usage = Usage(promptTokens: prompt)
        }
        return EmbeddingReply(vectors: all, usage: usage, model: object["model"]?.stringValue)
    }
}

/// Whether a JSON value is a number a Double holds (not 1e999). A number the parser accepted without
/// an exponent, and shorter than 300 characters, always is: strtod on each of a reply's thousands of
/// numbers was a tenth of --embed's time.
func isFiniteNumber(_ value: JSONValue) -> Bool {
    guard case .number(let text) = value else { return false }
    if text.utf8.count < 300, !text.utf8.contains(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) { return true }
    return Double(text)?.isFinite == true
}
