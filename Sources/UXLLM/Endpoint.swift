/// Where requests go and which variable holds the key, from `--model`, `--base-url` and `--api-key-env`.
///
/// `--model openai/gpt-4o` (the form the Python library takes) picks the provider's endpoint and key
/// variable and sends `gpt-4o`; with `--base-url` the model name is sent exactly as given, since
/// servers such as Ollama name their models with slashes.
struct Endpoint: Equatable {
    var baseURL: String
    var model: String
    var keyVariable: String?

    static let providers: [String: (url: String, key: String?)] = [
        "openai": ("https://api.openai.com/v1", "OPENAI_API_KEY"),
        "ollama": ("http://127.0.0.1:11434/v1", nil),
        "vllm": ("http://127.0.0.1:8000/v1", nil),
        "llamacpp": ("http://127.0.0.1:8080/v1", nil),
    ]

    static func resolve(model: String, baseURL: String?, keyVariable: String?) -> Endpoint {
        if let baseURL { return Endpoint(baseURL: baseURL, model: model, keyVariable: keyVariable ?? "OPENAI_API_KEY") }
        if let slash = model.firstIndex(of: "/"), let provider = providers[String(model[..<slash]).lowercased()] {
            return Endpoint(baseURL: provider.url, model: String(model[model.index(after: slash)...]),
                            keyVariable: keyVariable ?? provider.key)
        }
        return Endpoint(baseURL: providers["openai"]!.url, model: model, keyVariable: keyVariable ?? "OPENAI_API_KEY")
    }
}
