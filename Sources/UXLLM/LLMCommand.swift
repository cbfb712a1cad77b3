public import UXShared
import Foundation
import UnifexCore
import UnifexLLM

public struct LLMCommand: AsyncPageStage {
    public static let stage = StageName.llm

    public static let configuration = CommandConfiguration(
        commandName: "ux-llm",
        abstract: "Extract structured data from each page with an LLM (OpenAI-compatible chat completions).",
        discussion: """
            Reads page records on stdin, sends each page (its text, or its rendered image when it has \
            no usable text) to a chat-completions endpoint, many requests at a time, and writes the \
            records in input order with `llm` added: {model, data (with --schema) or text, usage, \
            attempts, seconds, finish_reason, cached, input}. --scope document sends a document's \
            pages in one request; --dry-run sends nothing and says what it would send. \
            A reply that is not JSON, breaks the schema or is cut off is asked for again; what still \
            fails becomes an error record (llm-invalid, llm-truncated, llm-refused, llm-http, \
            llm-timeout) carrying the last reply, and the batch goes on. The API key is read from \
            the environment variable --api-key-env names, never from the command line.

            --embed asks an embeddings endpoint instead: each chunk record (ux-merge --format \
            chunks) or page record gets `embedding`: {model, dim, vector}, --batch texts a \
            request, with the same retries, rate limits, cache and key handling.

            Examples:
              ux-split invoices/*.pdf | ux-text | ux-ocr | ux-llm --model openai/gpt-4o-mini --schema invoice.schema.json
              ux-split a.pdf | ux-text | ux-llm --base-url http://127.0.0.1:8080/v1 --model local --prompt 'Summarise this page.'
              ux-split *.pdf | ux-text | ux-llm --model openai/gpt-4o-mini --schema s.json --cache ~/.cache/ux-llm -j16 --rpm 500
              ux-split invoices/*.pdf | ux-text | ux-llm --model openai/gpt-4o-mini --schema invoice.schema.json --scope document --dry-run > /dev/null
              ux-split *.pdf | ux-text | ux-layout | ux-merge --format chunks | ux-llm --embed --model openai/text-embedding-3-small --batch 64 -j8

            \(exitStatusHelp)
            """,
        version: unifexVersion)

    @Option(help: ArgumentHelp("The model: a name the endpoint knows, or provider/name (openai/…, ollama/…, vllm/…, llamacpp/…) to pick the provider's endpoint.", valueName: "name"))
    var model: String

    @Option(name: .customLong("base-url"), help: ArgumentHelp("The API's base URL; /chat/completions (with --embed, /embeddings) is appended (default: the provider's, else OpenAI's).", valueName: "url"))
    var baseURL: String?

    @Option(name: .customLong("api-key-env"), help: ArgumentHelp("Environment variable holding the API key (default: OPENAI_API_KEY, or none for local providers).", valueName: "name"))
    var apiKeyEnv: String?

    @Option(name: .customLong("header"), help: ArgumentHelp("An extra HTTP header, K:V (repeatable).", valueName: "K:V"))
    var headers: [String] = []

    @Option(name: .customLong("header-env"), help: ArgumentHelp("An extra HTTP header whose value is read from the environment variable NAME, so that it stays out of the process list (repeatable).", valueName: "K:NAME"))
    var environmentHeaders: [String] = []

    @Flag(help: "Ask an embeddings endpoint (/embeddings) for each chunk's or page's text and add `embedding`: {model, dim, vector}, instead of asking a chat model.")
    var embed = false

    @Option(help: ArgumentHelp("With --embed: texts sent in one request (default 16); -j requests are in flight.", valueName: "n"))
    var batch: Int?

    @Option(help: ArgumentHelp("JSON Schema the answer must validate against; the answer goes to llm.data.", valueName: "file"))
    var schema: String?

    @Option(help: ArgumentHelp("Instructions for the model; without --schema the answer is free text in llm.text.", valueName: "text"))
    var prompt: String?

    @Option(help: ArgumentHelp("How the schema reaches the server: json-schema (response_format), json-object (for servers that refuse json_schema) or prompt (in the instructions only).", valueName: "mode"))
    var structured = Chat.structured

    @Option(help: ArgumentHelp("What is sent: auto (the page's usable text, else its image), text (its text, whatever it is), image (the rendered page, for vision models) or both. A page's text is its Markdown when ux-layout gave it blocks.", valueName: "mode"))
    var input: InputMode = .auto

    @Option(name: .customLong("image-dpi"), help: ArgumentHelp("Resolution page images are rendered at.", valueName: "dpi"))
    var imageDPI = Chat.imageDPI

    @Option(name: .customLong("image-max-side"), help: ArgumentHelp("Longest side of a page image in pixels; larger pages are rendered smaller.", valueName: "pixels"))
    var imageMaxSide = Chat.imageMaxSide

    @Option(help: ArgumentHelp("What one request covers: a page, or a document (its pages in order, for schemas that span pages).", valueName: "page|document"))
    var scope: Scope = .page

    @Option(name: .customLong("max-pages-per-request"), help: ArgumentHelp("With --scope document: the most pages one request covers; a longer document takes several.", valueName: "n"))
    var maxPagesPerRequest = 20

    @Flag(name: .customLong("dry-run"), help: "Send nothing: write each record with what would be sent (input, estimated prompt tokens, whether the cache has it) and sum it up on stderr.")
    var dryRun = false

    @OptionGroup public var password: PasswordOption
    public var passwordOption: PasswordOption? { password }

    @Option(name: .customLong("max-tokens"), help: ArgumentHelp("max_tokens of the first request; a reply cut off there is asked again with twice as many.", valueName: "n"))
    var maxTokens = Chat.maxTokens

    @Option(help: ArgumentHelp("Sampling temperature, 0 or more.", valueName: "t"))
    var temperature = Chat.temperature

    @Option(name: .customLong("max-retries"), help: ArgumentHelp("Times an invalid, schema-breaking or cut-off reply is asked for again.", valueName: "n"))
    var maxRetries = 2

    @Option(name: .customLong("http-retries"), help: ArgumentHelp("Times a request is sent again after 429, 408, 5xx, a failed connection or a timeout (exponential backoff with jitter, Retry-After honoured).", valueName: "n"))
    var httpRetries = 5

    @Option(name: .customLong("request-timeout"), help: ArgumentHelp("Seconds one request may take.", valueName: "seconds"))
    var requestTimeout = 120.0

    @Option(help: ArgumentHelp("Requests per minute, shared by all requests in flight.", valueName: "n"))
    var rpm: Double?

    @Option(help: ArgumentHelp("Tokens per minute (prompt and completion), shared by all requests in flight.", valueName: "n"))
    var tpm: Double?

    @Option(help: ArgumentHelp("Keep answers in DIR, keyed by endpoint, model, prompt, schema, input mode and content (default: $UNIFEX_LLM_CACHE); failures are never kept.", valueName: "dir"))
    var cache: String?

    @Option(name: .customLong("price-in"), help: ArgumentHelp("Price per million prompt tokens; with --price-out, llm.usage.cost and the summary give the cost.", valueName: "price"))
    var priceIn: Double?

    @Option(name: .customLong("price-out"), help: ArgumentHelp("Price per million completion tokens.", valueName: "price"))
    var priceOut: Double?

    @Option(help: timeoutHelp)
    public var timeout = PageTimeout(nil)

    @OptionGroup public var stageOptions: AsyncPageStageOptions

    public init() {}

    public mutating func validate() throws {
        guard maxTokens >= 1, maxTokens <= 1_000_000 else { throw ValidationError("--max-tokens must be between 1 and 1000000") }
        guard (0...100).contains(maxRetries), (0...100).contains(httpRetries) else {
            throw ValidationError("--max-retries and --http-retries must be between 0 and 100")
        }
        guard imageDPI.isFinite, imageDPI >= 10, imageDPI <= 1200 else { throw ValidationError("--image-dpi must be between 10 and 1200") }
        guard (64...16384).contains(imageMaxSide) else { throw ValidationError("--image-max-side must be between 64 and 16384") }
        guard (1...10_000).contains(maxPagesPerRequest) else { throw ValidationError("--max-pages-per-request must be between 1 and 10000") }
        if scope == .document, input == .image || input == .both {
            throw ValidationError("--scope document sends the pages' text; --input image and both work with --scope page")
        }
        guard temperature.isFinite, temperature >= 0 else { throw ValidationError("--temperature must be a number of 0 or more") }
        guard requestTimeout.isFinite, requestTimeout > 0 else { throw ValidationError("--request-timeout must be a positive number of seconds") }
        for (name, value) in [("--rpm", rpm), ("--tpm", tpm), ("--price-in", priceIn), ("--price-out", priceOut)] {
            if let value, !(value.isFinite && value > 0) && !(name.hasPrefix("--price") && value == 0) {
                throw ValidationError("\(name) must be a positive number")
            }
        }
        if embed {
            try validateEmbedding()
        } else {
            guard schema != nil || prompt != nil else { throw ValidationError("give --schema FILE, --prompt TEXT or both (or --embed)") }
            guard batch == nil else { throw ValidationError("--batch works with --embed (chat requests carry one page, or with --scope document one document)") }
        }
        for header in headers where !header.contains(":") { throw ValidationError("--header must be K:V") }
        for header in environmentHeaders {
            guard let (name, variable) = Self.split(header), !name.isEmpty else { throw ValidationError("--header-env must be K:NAME, got \(header)") }
            guard ProcessInfo.processInfo.environment[variable] != nil else {
                throw ValidationError("--header-env \(name): the environment variable \(variable) is not set")
            }
        }
        if let (directory, source) = cacheDirectory, let problem = AnswerCache.problem(with: directory) {
            throw ValidationError("\(source) \(directory) \(problem): answers planted there would be taken as the model's; use a folder of your own")
        }
        _ = try loadSchema()
    }

    /// `--cache`, else $UNIFEX_LLM_CACHE, with where it came from (for messages).
    private var cacheDirectory: (String, String)? {
        if let cache { return (cache, "--cache") }
        return ProcessInfo.processInfo.environment["UNIFEX_LLM_CACHE"].flatMap { $0.isEmpty ? nil : ($0, "UNIFEX_LLM_CACHE") }
    }

    public func run() throws { runStage() }

    public func wants(_ record: PageRecord) -> Bool { embed ? LLMRun.wantsEmbedding(record) : LLMRun.wants(record) }

    public func makeRun(_ context: PageContext, progress: ProgressReporter) -> LLMRun {
        let schemaValue = (try? loadSchema()) ?? nil
        let endpoint = Endpoint.resolve(model: model, baseURL: baseURL, keyVariable: apiKeyEnv)
        let key = endpoint.keyVariable.flatMap { ProcessInfo.processInfo.environment[$0] }
        let environment = ProcessInfo.processInfo.environment
        let extraHeaders = headers.compactMap(Self.split) + environmentHeaders.compactMap(Self.split).map { ($0.0, environment[$0.1] ?? "") }
        if let base = baseURL, redactingURLPassword(base) != base {
            Diagnostics.warning("the password in --base-url can be read by other users in the process list; --header-env Authorization:NAME keeps it out")
        }
        let client = ChatClient(baseURL: endpoint.baseURL, apiKey: key, headers: extraHeaders, connections: stageOptions.jobs,
                                path: embed ? "/embeddings" : "/chat/completions")
        var settings = Extractor.Settings()
        settings.maximumCorrections = maxRetries
        settings.retry.maximumRetries = httpRetries
        settings.requestTimeout = requestTimeout
        let limiter = rpm != nil || tpm != nil ? RateLimiter(requestsPerMinute: rpm, tokensPerMinute: tpm) : nil
        let cache = cacheDirectory.map { AnswerCache(directory: $0.0) }
        let extractor = Extractor(client: client, settings: settings, limiter: limiter, cache: cache)
        var sending = RequestSender.Settings()
        sending.retry = settings.retry
        sending.requestTimeout = requestTimeout
        let embedder = embed ? Embedder(client: client, settings: sending, limiter: limiter, cache: cache) : nil
        let prices = priceIn != nil || priceOut != nil ? Prices(perMillionIn: priceIn ?? 0, perMillionOut: priceOut ?? 0) : nil
        return LLMRun(client: client, extractor: extractor, template: ChatRequest(
            model: endpoint.model, prompt: prompt, schema: schemaValue, mode: structured, content: .text(""),
            maxTokens: maxTokens, temperature: temperature), input: input,
            images: PageImages(dpi: imageDPI, longestSide: imageMaxSide, threads: ProcessInfo.processInfo.activeProcessorCount, context: context),
            prices: prices, dryRun: dryRun, pagesPerRequest: scope == .document ? maxPagesPerRequest : nil, progress: progress,
            embedding: embedder.map { LLMRun.Embedding(embedder: $0, model: endpoint.model, batch: batch ?? 16) })
    }

    /// Chat extraction's settings as they are when not given.
    enum Chat {
        static let maxTokens = 1024
        static let temperature = 0.0
        static let structured = StructuredMode.jsonSchema
        static let imageDPI = 150.0
        static let imageMaxSide = 2048
    }

    /// What --embed works with: the options of chat extraction have no meaning for it.
    private func validateEmbedding() throws {
        if schema != nil || prompt != nil { throw ValidationError("--embed asks an embeddings endpoint: --schema and --prompt are for chat extraction") }
        if scope == .document || input != .auto { throw ValidationError("--embed sends each record's text: --scope and --input are for chat extraction") }
        if dryRun { throw ValidationError("--dry-run works with chat extraction, not with --embed") }
        // Chat extraction's own settings would be dropped unsaid: one given another value is refused.
        let chatOnly = [("--max-tokens", maxTokens != Chat.maxTokens), ("--temperature", temperature != Chat.temperature),
                        ("--structured", structured != Chat.structured), ("--image-dpi", imageDPI != Chat.imageDPI),
                        ("--image-max-side", imageMaxSide != Chat.imageMaxSide)]
        if let (name, _) = chatOnly.first(where: { $0.1 }) {
            throw ValidationError("--embed sends each record's text to an embeddings endpoint: \(name) is for chat extraction")
        }
        if let batch, !(1...2048).contains(batch) { throw ValidationError("--batch must be between 1 and 2048") }
    }

    /// `K:V` as its name and value, spaces around them trimmed.
    static func split(_ header: String) -> (String, String)? {
        guard let colon = header.firstIndex(of: ":") else { return nil }
        return (String(header[..<colon]).trimmingCharacters(in: .whitespaces),
                String(header[header.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
    }

    private func loadSchema() throws -> JSONSchema? {
        guard let schema else { return nil }
        guard let data = FileManager.default.contents(atPath: schema) else {
            Diagnostics.error("cannot read the schema", at: schema)
            finish(.noInput)
        }
        do {
            return try JSONSchema(JSONValue.parse(Array(data)))
        } catch {
            throw ValidationError("\(schema): not a JSON Schema: \(error)")
        }
    }
}

extension StructuredMode: ExpressibleByArgument {}
extension InputMode: ExpressibleByArgument {}
extension Scope: ExpressibleByArgument {}
