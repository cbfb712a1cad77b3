public import UnifexCore

/// One chat-completions request body, built the same way for every OpenAI-compatible server.
public struct ChatRequest: Sendable {
    public var model: String
    /// The user's instructions (`--prompt`), if any.
    public var prompt: String?
    public var schema: JSONSchema?
    public var mode: StructuredMode
    public var content: PageContent
    public var maxTokens: Int
    public var temperature: Double?
    /// What the content is, as the messages name it: `page`, or `document` for several pages.
    public var unit = "page"
    /// Earlier replies that failed and why, sent back so the model can correct itself.
    public var corrections: [(reply: String, problem: String)] = []

    public init(model: String, prompt: String?, schema: JSONSchema?, mode: StructuredMode, content: PageContent,
                maxTokens: Int, temperature: Double?) {
        self.model = model; self.prompt = prompt; self.schema = schema; self.mode = mode
        self.content = content; self.maxTokens = maxTokens; self.temperature = temperature
    }

    /// The instructions the model gets first; with a schema outside json-schema mode, the schema itself.
    var systemMessage: String {
        var parts: [String] = []
        if let prompt { parts.append(prompt) }
        if let schema {
            parts.append("Reply with one JSON object only, no other text.")
            if mode != .jsonSchema {
                parts.append("It must validate against this JSON Schema:\n" + schema.root.serialized())
            }
        }
        return parts.isEmpty ? "Answer about the \(unit) below." : parts.joined(separator: "\n")
    }

    /// The request body (JSON).
    public var body: JSONValue {
        var messages: [JSONValue] = [
            message("system", .string(systemMessage)),
            message("user", content.messageContent(intro: unit.prefix(1).uppercased() + unit.dropFirst() + ":\n")),
        ]
        for correction in corrections {
            messages.append(message("assistant", .string(correction.reply)))
            messages.append(message("user", .string(
                "That reply is not valid: \(correction.problem). Reply again with only the corrected JSON.")))
        }
        var pairs: [(key: String, value: JSONValue)] = [
            ("model", .string(model)),
            ("messages", .array(messages)),
            ("max_tokens", .int(maxTokens)),
        ]
        if let temperature { pairs.append(("temperature", .double(temperature))) }
        if let schema {
            switch mode {
            case .jsonSchema:
                pairs.append(("response_format", .object(JSONObject([
                    ("type", .string("json_schema")),
                    ("json_schema", .object(JSONObject([("name", .string("page")), ("strict", .bool(true)),
                                                        ("schema", schema.root)]))),
                ]))))
            case .jsonObject:
                pairs.append(("response_format", .object(JSONObject([("type", .string("json_object"))]))))
            case .prompt:
                break
            }
        }
        return .object(JSONObject(pairs))
    }

    /// A rough token count of what is sent (about four characters a token; an image as a vision
    /// model's tile budget), for the rate limiter before the server has said.
    public var estimatedPromptTokens: Int {
        var characters = systemMessage.count + 16
        switch content {
        case .text(let text): characters += text.count
        case .image: characters += 4 * 765
        case .both(let text, _): characters += text.count + 4 * 765
        }
        for c in corrections { characters += c.reply.count + c.problem.count + 80 }
        return characters / 4 + 1
    }

    private func message(_ role: String, _ content: JSONValue) -> JSONValue {
        .object(JSONObject([("role", .string(role)), ("content", content)]))
    }
}
