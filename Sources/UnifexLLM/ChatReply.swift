public import UnifexCore

/// The parts of a chat-completions reply extraction needs.
public struct ChatReply: Sendable {
    public var content: String?
    /// The model declined (OpenAI's `message.refusal`).
    public var refusal: String?
    public var finishReason: String?
    /// Nil when the server sent none.
    public var usage: Usage?
    /// The model that answered, as the server names it.
    public var model: String?

    /// Parses a reply body; a body that is not a chat-completions reply is a problem to report.
    /// Every string in it passes `redactor` (an escape such as `\u0041` hides a secret from the
    /// bytes, not from the parsed text).
    public static func parse(_ body: [UInt8], redactor: SecretRedactor = SecretRedactor([])) throws(ReplyError) -> ChatReply {
        let value: JSONValue
        do { value = redactor(try JSONValue.parse(body)) } catch {
            throw ReplyError(message: "reply is not JSON: \(error)")
        }
        guard let object = value.objectValue else { throw ReplyError(message: "reply is not a JSON object") }
        guard let choice = object["choices"]?.arrayValue?.first?.objectValue,
              let message = choice["message"]?.objectValue else {
            throw ReplyError(message: "reply has no choices[0].message")
        }
        var reply = ChatReply()
        reply.content = message["content"]?.stringValue
        reply.refusal = message["refusal"]?.stringValue
        reply.finishReason = choice["finish_reason"]?.stringValue
        reply.usage = Usage(json: object["usage"])
        reply.model = object["model"]?.stringValue
        return reply
    }

    /// The message an error body carries (`{"error": {"message": …}}`), for one-line reports.
    public static func errorMessage(_ body: [UInt8], redactor: SecretRedactor = SecretRedactor([])) -> String? {
        guard let value = (try? JSONValue.parse(body)).map({ redactor($0) }), let error = value.objectValue?["error"] else { return nil }
        return error.objectValue?["message"]?.stringValue ?? error.stringValue
    }
}

public struct ReplyError: Error, Sendable {
    public let message: String
}
