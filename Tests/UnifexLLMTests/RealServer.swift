import Foundation
import UnifexTestSupport

/// llama.cpp's llama-server with SmolLM2-135M on loopback, through scripts/llm-server: already
/// running, or started for this test run and stopped when it ends.
enum RealServer {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/llm-server").path

    /// The base URL, or nil when the server cannot be had (not installed).
    static let baseURL: String? = {
        if let url = try? call("status"), url.status == 0 { return url.output }
        var started = try? call("start")
        // Under CI (and on a fresh machine running README's test command) the server is part of the
        // suite: built on first use, once, into the cache outside the clone.
        if started?.status != 0, Tools.underCI, let installed = try? call("install", timeout: 3600), installed.status == 0 {
            started = try? call("start")
        }
        guard let started, started.status == 0 else { return nil }
        atexit { _ = try? RealServer.call("stop") }
        return started.output
    }()

    /// Why the real-server tests are skipped, said once in the test list.
    static let skipReason = "llama-server not installed: run scripts/llm-server install (tests against the real server skipped)"

    /// Real-server tests run when the server can be had, and always on CI, where its absence is a failure.
    static var enabled: Bool { Tools.underCI || baseURL != nil }

    /// Runs the script through the test support's shell, which keeps the server it starts from
    /// holding this process's descriptors (and so from making the call wait for its whole life).
    static func call(_ verb: String, timeout: TimeInterval = 1800) throws -> (status: Int32, output: String) {
        let result = try Tools.shell("bash '\(script)' \(verb)", timeout: timeout)
        if result.status != 0 { FileHandle.standardError.write(Data(result.stderr.utf8)) }
        return (result.status, result.text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

/// llama-server with the sentence-embedding model all-MiniLM-L6-v2 (scripts/llm-server start-embed),
/// and the venv the vector-store recipes run with: already there, or made for this test run (built
/// on first use under CI), the server stopped when the run ends.
enum RealEmbeddingServer {
    static let baseURL: String? = {
        if let url = try? RealServer.call("status-embed"), url.status == 0 { return url.output }
        var started = try? RealServer.call("start-embed")
        if started?.status != 0, Tools.underCI, let installed = try? RealServer.call("install", timeout: 3600), installed.status == 0 {
            started = try? RealServer.call("start-embed")
        }
        guard let started, started.status == 0 else { return nil }
        atexit { _ = try? RealServer.call("stop-embed") }
        return started.output
    }()

    /// The venv's bin folder (python3 with sqlite-vec, pgserver and psycopg), or nil.
    static let venv: URL? = {
        let cache = ProcessInfo.processInfo.environment["UNIFEX_CACHE"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/unifex")
        let bin = cache.appendingPathComponent("vectors/bin")
        if FileManager.default.isExecutableFile(atPath: bin.appendingPathComponent("python3").path) { return bin }
        if Tools.underCI, let installed = try? RealServer.call("install", timeout: 3600), installed.status == 0 { return bin }
        return nil
    }()

    static let skipReason = "the embeddings server or the vector stores' venv is not installed: run scripts/llm-server install"

    /// Run when the server can be had, and always on CI, where its absence is a failure.
    static var enabled: Bool { Tools.underCI || (baseURL != nil && venv != nil) }
}

/// Watches the real server's own view of concurrency: llama-server's `/slots` says which of its
/// parallel slots are decoding, so the most seen busy at once is what overlapped there, whatever
/// the machine's load did to the clock.
final class SlotWatch {
    private let process = Process()
    private let folder: URL

    init(baseURL: String) throws {
        folder = try Tools.scratch()
        let root = baseURL.hasSuffix("/v1") ? String(baseURL.dropLast(3)) : baseURL
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", """
            while [ ! -e '\(folder.path)/stop' ]; do
              curl -fsS --max-time 2 '\(root)/slots' | grep -o '"is_processing":true' | wc -l
              sleep 0.05
            done > '\(folder.path)/busy'
            """]
        try process.run()
    }

    /// Stops the watch and gives the most slots seen busy at one time.
    func mostBusy() -> Int {
        FileManager.default.createFile(atPath: folder.appendingPathComponent("stop").path, contents: nil)
        process.waitUntilExit()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = (try? String(contentsOf: folder.appendingPathComponent("busy"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }.max() ?? 0
    }
}
