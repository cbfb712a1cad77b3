import Foundation
public import UnifexCore

/// The document a worker thread has open, kept while consecutive records come from it.
/// One per thread: poppler documents must never cross threads.
public final class OpenDocuments<Document> {
    private let stage: String
    private let openDocument: (String) throws(UnifexError) -> Document
    private let pageCount: (Document) -> Int
    private var current: (path: String, fileID: String?, document: Document)?

    /// `stage` names this stage in the errors of records it cannot open.
    public init(stage: String, open: @escaping (String) throws(UnifexError) -> Document, pageCount: @escaping (Document) -> Int) {
        self.stage = stage
        self.openDocument = open
        self.pageCount = pageCount
    }

    /// The record's document and its page number, checked against the document.
    ///
    /// A record that says which file it was split from (`file_id`) is read only from that file
    /// (`PageMessages.checkUnchanged`).
    public func open(for record: PageRecord) throws(RecordError) -> (Document, Int) {
        guard let path = record.doc, let number = record.page else { throw PageMessages.noDocumentOrPage(stage) }
        if current?.path != path || current?.fileID != record.fileID {
            current = nil
            try PageMessages.checkUnchanged(record, stage: stage)
            do {
                current = (path, record.fileID, try openDocument(path))
            } catch {
                throw PageMessages.failure(stage, error)
            }
        }
        let document = current!.document
        guard number >= 1, number <= pageCount(document) else {
            throw RecordError(stage: stage, code: "bad-record",
                              message: "page \(number) is out of range (document has \(pageCount(document)))")
        }
        return (document, number)
    }
}
