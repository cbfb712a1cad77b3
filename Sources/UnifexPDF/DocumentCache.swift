public import UnifexCore

/// Rendering goes through poppler-glib: the same per-thread cache, handing out pages.
public final class DocumentCache {
    private let documents: OpenDocuments<PDFDocument>

    public init(password: String?, stage: String) {
        documents = OpenDocuments(stage: stage, open: { path throws(RecordError) in
            try PDFDocument(path: path, password: password)
        }, pageCount: { $0.pageCount })
    }

    public func page(of record: PageRecord) throws(RecordError) -> PDFPage {
        let (document, number) = try documents.open(for: record)
        guard let page = document.page(number) else {
            throw RecordError(stage: "render", code: "damaged", message: "page \(number) cannot be loaded")
        }
        return page
    }
}
