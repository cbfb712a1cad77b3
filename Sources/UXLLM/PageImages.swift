import Dispatch
import Foundation
import UXShared
import UnifexCore
import UnifexOCR
import UnifexPDF

/// Renders pages to PNG for vision models, on threads of their own: poppler and leptonica block,
/// and a blocked task would hold one of the few threads every request in flight shares.
///
/// A document's pages always go to the same thread, which keeps it open while they come: poppler
/// documents never cross threads, and consecutive pages are not reopened.
final class PageImages: @unchecked Sendable {
    /// The page's resolution before the longest side is capped.
    let dpi: Double
    let longestSide: Int
    private let workers: [Worker]

    /// One thread and the document it has open (touched on that thread only).
    private final class Worker: @unchecked Sendable {
        let queue: DispatchQueue
        let documents: OpenDocuments<PDFTextDocument>
        init(_ index: Int, _ context: PageContext) {
            queue = DispatchQueue(label: "ux-llm.render.\(index)")
            documents = context.documents(open: { path, password throws(UnifexError) in
                try PDFTextDocument(path: path, password: password)
            }, pageCount: { $0.pageCount })
        }
    }

    init(dpi: Double, longestSide: Int, threads: Int, context: PageContext) {
        self.dpi = dpi
        self.longestSide = longestSide
        workers = (0..<max(1, threads)).map { Worker($0, context) }
    }

    /// The page as PNG bytes, or this stage's error record for it.
    func png(for record: PageRecord, stage: String) async -> Result<[UInt8], RecordError> {
        var hasher = Hasher()
        hasher.combine(record.doc)
        let worker = workers[Int(UInt(bitPattern: hasher.finalize()) % UInt(workers.count))]
        return await withCheckedContinuation { continuation in
            worker.queue.async { [self] in
                continuation.resume(returning: render(record, worker.documents, stage: stage))
            }
        }
    }

    private func render(_ record: PageRecord, _ documents: OpenDocuments<PDFTextDocument>, stage: String) -> Result<[UInt8], RecordError> {
        enum Source { case pdf(PDFTextDocument, Int), image(String, Int) }
        let source: Source
        do throws(RecordError) {
            if record.source == RecordSource.pdf {
                let (document, page) = try documents.open(for: record)
                source = .pdf(document, page)
            } else {
                guard let path = record.doc, let number = record.page else { throw PageMessages.noDocumentOrPage(stage) }
                try PageMessages.checkUnchanged(record, stage: stage)
                source = .image(path, number)
            }
        } catch {
            return .failure(error)
        }
        do throws(UnifexError) {
            let image: PageImage
            switch source {
            case .pdf(let document, let page):
                let rendered = try document.render(page: page, dpi: dpi, maxPixels: 64_000_000, maxDimension: longestSide)
                let reports = rendered.reports
                if let report = reports.missingFonts.first { Self.fontNotice.notice(report, at: record.location) }
                if let report = reports.missingData.first { Self.dataNotice.notice(report, at: record.location) }
                image = try PageImage(raster: rendered.raster, dpi: rendered.dpi)
            case .image(let path, let number):
                image = try PageImage.load(path: path, page: number, dpi: record.imageDPI)
            }
            return .success(try image.png(longestSide: longestSide).bytes)
        } catch {
            return .failure(PageMessages.failure(stage, error))
        }
    }

    static let fontNotice = MissingDataNotice(.fonts, consequence: "text in those fonts is not drawn in the page images sent")
    static let dataNotice = MissingDataNotice(consequence: "text in those fonts is not drawn in the page images sent")

    /// The size in pixels a page of `width` × `height` points is sent at: at `dpi`, the longest
    /// side capped.
    func pixelSize(width: Double, height: Double) -> (width: Double, height: Double) {
        var w = width * dpi / 72, h = height * dpi / 72
        let longest = max(w, h)
        if longest > Double(longestSide), longest > 0 {
            w *= Double(longestSide) / longest
            h *= Double(longestSide) / longest
        }
        return (w, h)
    }
}
