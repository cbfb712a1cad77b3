/// How the schema reaches the server.
public enum StructuredMode: String, Sendable, CaseIterable {
    /// OpenAI's `response_format: {"type": "json_schema", ...}`: the server constrains decoding to the schema.
    case jsonSchema = "json-schema"
    /// `response_format: {"type": "json_object"}` with the schema in the prompt, for servers that
    /// refuse json_schema (llama-cpp-python's does).
    case jsonObject = "json-object"
    /// No response_format at all: the schema is in the prompt and the reply is checked afterwards.
    case prompt
}
