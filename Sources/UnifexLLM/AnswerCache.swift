import Foundation
public import UnifexCore

/// Successful answers on disk, addressed by a hash of everything that decides them: the endpoint,
/// the model, the prompt, the schema, the input mode and the content sent. A rerun of a killed
/// batch pays nothing for pages already answered. Failures are never stored, so a rerun asks again.
///
/// Entries are written atomically (a temporary with an unpredictable name, created O_EXCL, then
/// renamed), so two runs sharing a cache, or a run killed mid-write, never leave half an entry.
public struct AnswerCache: Sendable {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    /// The key of one first request: later attempts (corrections, a larger max_tokens) belong to it.
    public static func key(endpoint: String, request: ChatRequest) -> String {
        key(endpoint: endpoint, input: request.content.mode, body: request.body)
    }

    /// The key of one text's embedding: one entry a text, not a batch, so that a rerun with other
    /// batches (or the text in another document) finds it.
    public static func key(endpoint: String, embeddingModel model: String, text: String) -> String {
        key(endpoint: endpoint, input: "embedding",
            body: .object(JSONObject([("model", .string(model)), ("input", .string(text))])))
    }

    private static func key(endpoint: String, input: String, body: JSONValue) -> String {
        let identity = JSONValue.object(JSONObject([
            ("endpoint", .string(endpoint)),
            ("input", .string(input)),
            ("body", body),
        ]))
        return SHA256.hex(Array(identity.serialized().utf8))
    }

    private func path(_ key: String) -> String { "\(directory)/\(key.prefix(2))/\(key).json" }

    /// What makes `directory` unfit to hold answers, or nil when it is fit (or does not exist yet:
    /// it is then made, closed to others). An answer read from the cache is taken as the model's:
    /// a folder someone else can write to would let them plant answers, so it must be this user's
    /// own and writable by nobody else.
    public static func problem(with directory: String) -> String? {
        var info = stat()
        guard stat(directory, &info) == 0 else {
            return errno == ENOENT ? nil : "cannot be checked (\(String(cString: strerror(errno))))"
        }
        if info.st_mode & S_IFMT != S_IFDIR { return "is not a folder" }
        if info.st_uid != geteuid() { return "belongs to another user (uid \(info.st_uid))" }
        if info.st_mode & 0o022 != 0 { return "can be written by other users (mode \(String(info.st_mode & 0o777, radix: 8)))" }
        return nil
    }

    /// The stored answer, or nil (absent, unreadable, not an answer this version wrote, or a file
    /// this user did not write: the folder's check does not cover its subfolders' history).
    public func load(_ key: String) -> JSONObject? {
        let fd = open(path(key), O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_uid == geteuid(),
              info.st_mode & 0o022 == 0, info.st_size <= 64 << 20 else { return nil }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: false)
        guard let data = try? handle.readToEnd(),
              let value = try? JSONValue.parse(Array(data)), let object = value.objectValue,
              object["key"]?.stringValue == key else { return nil }
        return object
    }

    /// Stores an answer; a cache that cannot be written costs the next run money, not this one its pages.
    public func store(_ key: String, _ answer: JSONObject) throws(CacheError) {
        var entry = answer
        entry["key"] = .string(key)
        let file = path(key)
        // Private to this user: answers may hold what the pages said.
        do throws(UnifexError) {
            try AtomicFile.write(Array(JSONValue.object(entry).serialized().utf8), to: file, mode: 0o600, directoryMode: 0o700)
        } catch {
            throw CacheError(message: error.message.hasPrefix("cannot ") ? error.message : "cannot write \(file): \(error.message)")
        }
    }
}

/// Why an answer could not be stored, with the system's reason.
public struct CacheError: Error, Sendable {
    public let message: String
}
