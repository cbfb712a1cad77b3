import Foundation
import UnifexCore

/// Runs the built tools as a user would: real processes, stdin/stdout/stderr through files.
enum OCRTools {
    /// The folder holding the built executables (beside the test bundle).
    static let binDirectory: URL = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            if FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("ux-ocr").path) { return dir }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug")
    }()

    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus")

    struct Result {
        var status: Int32
        var stdout: Data
        var stderr: String
        var text: String { String(decoding: stdout, as: UTF8.self) }
        var records: [JSONObject] {
            text.split(separator: "\n").compactMap { try? JSONValue.parse(String($0)).objectValue }
        }
    }

    /// Runs a bash pipeline with the built tools first on PATH.
    static func shell(_ script: String, stdin: Data = Data(), in directory: URL? = nil,
                      timeout: TimeInterval = 120) throws -> Result {
        let work = try scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        let inURL = work.appendingPathComponent("in"), outURL = work.appendingPathComponent("out"),
            errURL = work.appendingPathComponent("err")
        try stdin.write(to: inURL)
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "set -o pipefail; " + script]
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = binDirectory.path + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        process.standardInput = try FileHandle(forReadingFrom: inURL)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            return Result(status: -1, stdout: try Data(contentsOf: outURL), stderr: "timed out after \(timeout) s")
        }
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: try Data(contentsOf: outURL),
                      stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    static func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("unifex-ocr-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Writes a fixture (PDF or PNG, by the name's extension) and returns its path and true word boxes.
    static func fixture(_ spec: String, name: String, in directory: URL) throws -> (URL, [[TextSpan]]) {
        let specURL = directory.appendingPathComponent(name + ".json")
        try Data(spec.utf8).write(to: specURL)
        let out = directory.appendingPathComponent(name)
        let result = try shell("unifex-fixture '\(specURL.path)' '\(out.path)'")
        guard result.status == 0, let pages = try JSONValue.parse(result.stdout).objectValue?["pages"]?.arrayValue else {
            throw ToolFailure(message: "unifex-fixture failed: \(result.stderr)")
        }
        return (out, pages.map { ($0.objectValue?["words"]?.arrayValue ?? []).compactMap { TextSpan($0) } })
    }

    struct ToolFailure: Error { var message: String }
}

extension JSONObject {
    var words: [TextSpan] { self["words"]?.arrayValue?.compactMap { TextSpan($0) } ?? [] }
    var ocr: JSONObject? { self["ocr"]?.objectValue }
}

/// Words of a ground-truth text worth looking for: four or more letters.
func significantWords(_ text: String) -> Set<String> {
    Set(text.split(whereSeparator: { !$0.isLetter }).map(String.init).filter { $0.count >= 4 })
}

/// Each true word matched to the OCR word with the same text: its box must overlap the truth.
func checkBoxes(_ found: [TextSpan], against truth: [TextSpan]) -> (matched: Int, misplaced: [String]) {
    var matched = 0, misplaced: [String] = []
    for expected in truth {
        let candidates = found.filter { $0.text == expected.text }
        guard !candidates.isEmpty else { continue }
        matched += 1
        if !candidates.contains(where: { $0.box.overlapRatio(expected.box) > 0.5 }) {
            misplaced.append("\(expected.text): \(candidates.map(\.box)) vs \(expected.box)")
        }
    }
    return (matched, misplaced)
}
