import Foundation
public import ArgumentParser
public import UnifexCore


/// The options of every page stage that runs on worker threads: `-j`, `--progress`,
/// `--executor` (with the hidden worker mode) and `--strict`.
public struct PageStageOptions: ParsableArguments, Sendable {
    public init() {}
    @OptionGroup public var concurrency: ConcurrencyOptions
    @OptionGroup public var progress: ProgressOptions
    @OptionGroup public var executor: ExecutorOptions
    @OptionGroup public var strict: StrictOptions
}

/// `--password`, else the UNIFEX_PASSWORD environment variable (which keeps it out of the
/// process list and reaches every tool of a pipeline).
public struct PasswordOption: ParsableArguments, Sendable {
    public init() {}
    @Option(help: "Password for encrypted PDFs (default: $UNIFEX_PASSWORD).")
    var password: String?

    /// The password to open encrypted PDFs with, if any.
    public var resolved: String? { resolvePassword(password) }
}
