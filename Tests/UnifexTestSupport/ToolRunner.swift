public import Foundation
public import UnifexCore

/// Runs the built tools as a user would: real processes, stdin/stdout/stderr through files.
public enum Tools {
    /// The folder holding the built executables (beside the test bundle).
    public static let binDirectory: URL = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            if FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("ux-split").path) { return dir }
            dir = dir.deletingLastPathComponent()
        }
        let fallback = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug")
        return fallback
    }()

    /// The shared corpus: $UNIFEX_CORPUS, else `shared/corpus` beside the repository.
    public static let corpus: URL = {
        if let path = ProcessInfo.processInfo.environment["UNIFEX_CORPUS"] { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus")
    }()

    public struct Result {
        public var status: Int32
        public var stdout: Data
        public var stderr: String
        public var lines: [String] { String(decoding: stdout, as: UTF8.self).split(separator: "\n").map(String.init) }
        public var records: [JSONObject] { lines.compactMap { try? JSONValue.parse($0).objectValue } }
        public var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// Runs a shell pipeline in `directory` with the tools first on PATH.
    public static func shell(_ script: String, stdin: Data = Data(), in directory: URL? = nil,
                      environment: [String: String] = [:], timeout: TimeInterval = 300) throws -> Result {
        // Tests run side by side: keep their pipelines' progress boards apart.
        var environment = environment
        if environment["UNIFEX_PIPELINE"] == nil { environment["UNIFEX_PIPELINE"] = "test-\(UUID().uuidString)" }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("unifex-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let inURL = work.appendingPathComponent("in"), outURL = work.appendingPathComponent("out"),
            errURL = work.appendingPathComponent("err")
        try stdin.write(to: inURL)
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        // Foundation watches the child through a descriptor the child inherits; a daemon the script starts
        // (tmux's server, sshd) would keep it open and make this call wait for the daemon's whole life.
        let closeInherited = #"for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done; "#
        // The script also leaves its exit status in a file: on a loaded machine Foundation can be slow
        // to see a child's end, and a timeout must tell a hung pipeline from an end that went unseen.
        let statusURL = work.appendingPathComponent("status")
        let recordStatus = "trap 'echo $? > \"\(statusURL.path)\"' EXIT; "
        process.arguments = ["-c", closeInherited + recordStatus + "set -o pipefail; " + script]
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = binDirectory.path + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        for (k, v) in environment { env[k] = v }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        process.standardInput = try FileHandle(forReadingFrom: inURL)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        func recordedStatus() -> Int32? {
            (try? String(contentsOf: statusURL, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline && recordedStatus() == nil { usleep(20_000) }
        if process.isRunning, let status = recordedStatus() {
            // The script is at its end: give Foundation a moment to see it, else take the recorded status.
            let grace = Date().addingTimeInterval(10)
            while process.isRunning && Date() < grace { usleep(20_000) }
            if process.isRunning {
                return Result(status: status, stdout: try Data(contentsOf: outURL),
                              stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
            }
        }
        if process.isRunning {
            kill(-process.processIdentifier, SIGKILL)
            process.terminate()
            process.waitUntilExit()
            let stderr = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
            return Result(status: -1, stdout: try Data(contentsOf: outURL),
                          stderr: "timed out after \(timeout) s, the script still running; its stderr so far: \(stderr)")
        }
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: try Data(contentsOf: outURL),
                      stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    /// A temporary folder for one test's files.
    public static func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("unifex-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The environment of a machine without fonts (a container with no font package), for the
    /// tools alone: a fontconfig setup that knows none, where poppler finds nothing to draw a
    /// font a PDF does not embed.
    public static func withoutFonts() throws -> [String: String] {
        let dir = try scratch()
        let conf = dir.appendingPathComponent("fonts.conf")
        try Data("""
            <?xml version="1.0"?>
            <!DOCTYPE fontconfig SYSTEM "fonts.dtd">
            <fontconfig><cachedir>\(dir.path)/cache</cachedir></fontconfig>

            """.utf8).write(to: conf)
        return ["FONTCONFIG_FILE": conf.path]
    }
}

/// A generated PDF with known words, and where they truly are.
public struct Fixture {
    public var pdf: URL
    public var truth: [[TextSpan]]

    public static func make(_ spec: String, name: String = "fixture.pdf", in directory: URL) throws -> Fixture {
        let specURL = directory.appendingPathComponent(name + ".spec.json")
        try Data(spec.utf8).write(to: specURL)
        let out = directory.appendingPathComponent(name)
        let result = try Tools.shell("unifex-fixture '\(specURL.path)' '\(out.path)'")
        guard result.status == 0, let pages = try JSONValue.parse(result.stdout).objectValue?["pages"]?.arrayValue else {
            throw FixtureError(message: "unifex-fixture failed: \(result.stderr)")
        }
        let truth = pages.map { page in
            (page.objectValue?["words"]?.arrayValue ?? []).compactMap { TextSpan($0) }
        }
        return Fixture(pdf: out, truth: truth)
    }

    public struct FixtureError: Error {
        public var message: String
        public init(message: String) { self.message = message }
    }
}

extension Tools {
    /// Writes a fixture (PDF or PNG, by the name's extension) and returns its path and true word boxes.
    public static func fixture(_ spec: String, name: String, in directory: URL) throws -> (URL, [[TextSpan]]) {
        let made = try Fixture.make(spec, name: name, in: directory)
        return (made.pdf, made.truth)
    }
}
