import Foundation
public import UnifexCore

/// What a page function needs to know of the run: its stage, the password for encrypted PDFs
/// and the per-page deadline. Handed to the command once per worker thread.
public struct PageContext: Sendable {
    /// The stage name written into this stage's errors and timings.
    public let stage: String
    public let password: String?
    /// Seconds one page may take; nil for no limit.
    public let timeout: Double?

    public init(stage: String, password: String?, timeout: Double?) {
        self.stage = stage; self.password = password; self.timeout = timeout
    }

    /// A library's error as this stage's error record.
    public func error(_ error: UnifexError) -> RecordError { PageMessages.failure(stage, error) }

    /// This stage's timeout record, in the shared wording.
    public func timedOut(detail: String? = nil) -> RecordError {
        PageMessages.timedOut(stage, seconds: timeout ?? 0, detail: detail)
    }

    /// The PDF document a worker thread has open, kept while consecutive records come from it.
    public func documents<Document>(
        open: @escaping (String, String?) throws(UnifexError) -> Document, pageCount: @escaping (Document) -> Int
    ) -> OpenDocuments<Document> {
        let password = password
        return OpenDocuments(stage: stage, open: { path throws(UnifexError) in try open(path, password) }, pageCount: pageCount)
    }
}
