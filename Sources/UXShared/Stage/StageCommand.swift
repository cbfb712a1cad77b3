import Foundation
public import ArgumentParser
public import UnifexCore

/// What every page stage declares, whatever runs its pages (`PageStage` on worker threads,
/// `AsyncPageStage` as tasks that wait on the network).
public protocol StageCommand: ParsableCommand, Sendable {
    /// The stage name written into timings and error records (a `StageName`).
    static var stage: String { get }
    /// This tool's `--timeout`; each tool has its own default.
    var timeout: PageTimeout { get }
    /// Library or service names and versions, for the batch report.
    var libraryVersions: [String: String] { get }

    /// Whether a record needs this stage's work (on the reading thread); the rest pass through.
    func wants(_ record: PageRecord) -> Bool
    /// What must hold before any page is read (language data installed, a service reachable):
    /// the status to end with when it does not, after saying why.
    func prepare() -> ExitStatus?
    /// Sees each record as it is written, for what the tool says once per run, not per page.
    func written(_ record: PageRecord)
    /// What the tool does once all records are written (ux-draw's index page): the status to
    /// end with, given the run's.
    func finishing(_ status: ExitStatus) -> ExitStatus
}

extension StageCommand {
    public var libraryVersions: [String: String] { [:] }
    public func prepare() -> ExitStatus? { nil }
    public func written(_ record: PageRecord) {}
    public func finishing(_ status: ExitStatus) -> ExitStatus { status }

    /// The tool's name, as in its messages and progress.
    static var toolName: String { configuration.commandName ?? stage }

    /// The progress reporter of this run, named after the tool, with its libraries.
    func progressReporter(_ options: ProgressOptions) -> ProgressReporter {
        let progress = options.reporter(tool: Self.toolName)
        progress.setLibraries(libraryVersions)
        return progress
    }
}
