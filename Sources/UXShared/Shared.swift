@_exported public import ArgumentParser
import Foundation
@_exported public import UnifexCore

/// Options every page-processing tool takes.
public struct ConcurrencyOptions: ParsableArguments, Sendable {
    public init() {}
    // Optional, so that help and man pages say "the number of cores" rather than this machine's count.
    @Option(name: [.customShort("j", allowingJoined: true), .customLong("jobs")],
            help: ArgumentHelp("Worker threads (default: the number of cores).", valueName: "jobs"))
    var requestedJobs: Int?

    public var jobs: Int { requestedJobs ?? defaultJobs }

    public mutating func validate() throws {
        // Thousands of threads are already far past any machine's cores; tens of thousands the
        // system refuses.
        guard jobs >= 1, jobs <= 4096 else { throw ValidationError("--jobs must be between 1 and 4096") }
    }
}

/// Seconds one page may take (`--timeout`); 0, `none` or `inf` for no limit.
/// NaN and negative values are usage errors; limits beyond a year (`1e12`, `inf`) are no limit in
/// practice and are treated as none, so no deadline downstream can overflow.
public struct PageTimeout: ExpressibleByArgument, Sendable {
    /// Seconds, or nil for no limit.
    public let seconds: Double?

    public init(_ seconds: Double?) { self.seconds = seconds }

    public init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces).lowercased()
        if text == "none" { seconds = nil; return }
        guard let value = Double(text), !value.isNaN, value >= 0 else { return nil }
        seconds = value == 0 || value > Self.longest ? nil : value
    }

    static let longest = 366.0 * 86_400

    public var defaultValueDescription: String {
        guard let seconds else { return "none" }
        // At most a year of seconds: the conversion cannot overflow.
        return seconds.rounded() == seconds ? String(Int(seconds)) : String(seconds)
    }
}

/// The help line of `--timeout`, the same for every page stage.
public let timeoutHelp = ArgumentHelp(
    "Seconds one page may take before it becomes a timeout record (0 or none: no limit).", valueName: "seconds")

/// Threads or child processes for a page stage's work.
public struct ExecutorOptions: ParsableArguments, Sendable {
    public init() {}
    @Option(help: ArgumentHelp(
        "Run page work on threads (fast) or in child processes (a crash costs one page, a timeout kills the worker).",
        valueName: "thread|process"))
    public var executor: Executor = .thread

    @Flag(name: .customLong("worker-process"), help: .hidden)
    public var workerProcess = false

    /// How a worker child is started: this tool again, with the same options, in worker mode.
    public var workerArguments: [String] { CommandLine.arguments + ["--worker-process"] }
}

extension Executor: ExpressibleByArgument {}

/// `--strict`: pages poppler had to repair are errors, not ok pages with warnings.
public struct StrictOptions: ParsableArguments, Sendable {
    public init() {}
    @Flag(help: "Treat a page poppler had to repair (damaged: true) as an error record (code damaged), not an ok page with warnings.")
    public var strict = false
}

/// How progress is shown; shared by every tool.
public struct ProgressOptions: ParsableArguments, Sendable {
    public init() {}
    @Option(help: ArgumentHelp(
        "Progress display: auto, bar, plain, json or none (default: $UNIFEX_PROGRESS, else auto).",
        discussion: "auto draws one live line for the whole pipeline, from its last tool, only on a terminal."))
    public var progress: ProgressMode?

    public func reporter(tool: String) -> ProgressReporter { ProgressReporter(tool: tool, mode: progress) }
}

extension ProgressMode: ExpressibleByArgument {}

/// The password for encrypted PDFs: `--password`, else the UNIFEX_PASSWORD environment
/// variable (which keeps it out of the process list and reaches every tool of a pipeline).
public func resolvePassword(_ option: String?) -> String? {
    option ?? ProcessInfo.processInfo.environment["UNIFEX_PASSWORD"]
}

/// Ends the process with a shared exit status (argument-parser's own errors use 64 via `exitCode`).
public func finish(_ status: ExitStatus) -> Never {
    exitProcess(status.rawValue)
}

/// Section appended to every tool's help.
public let exitStatusHelp = """
    Exit status: 0 all records ok; 1 finished, but some records failed; 64 usage error; \
    65 malformed input lines; 66 input missing; 69 missing dependency or language data; \
    74 I/O error; 130 interrupted.
    """

extension ParsableCommand {
    /// Parses and runs, mapping usage errors to 64 as the shared exit-code scheme says.
    public static func runAsTool(name: String) -> Never {
        Diagnostics.setTool(name)
        do {
            var command = try parseAsRoot()
            try command.run()
            exitProcess(0)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(examplesLast(fullMessage(for: error)))
                exitProcess(0)
            }
            let message = self.message(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data("\(name): error: \(message) (see '\(name) --help')\n".utf8))
                exitProcess(ExitStatus.usage.rawValue)
            }
            FileHandle.standardError.write(Data("\(name): error: \(message)\n".utf8))
            exitProcess(code.rawValue)
        }
    }
}

/// Help text with the exit-status and examples paragraphs moved after the options, so that
/// `--help` ends with real examples (argument-parser prints the discussion first).
func examplesLast(_ help: String) -> String {
    var paragraphs = help.components(separatedBy: "\n\n")
    let exitStatus = paragraphs.filter { $0.hasPrefix("Exit status") }
    let examples = paragraphs.filter { $0.hasPrefix("Examples:") }
    guard !examples.isEmpty else { return help }
    paragraphs.removeAll { $0.hasPrefix("Exit status") || $0.hasPrefix("Examples:") }
    var last = paragraphs.popLast() ?? ""
    while last.hasSuffix("\n") { last.removeLast() }
    return (paragraphs + [last] + exitStatus + examples).joined(separator: "\n\n")
}
