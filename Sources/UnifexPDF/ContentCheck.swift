import CPopplerCore
import Foundation

extension PDFTextDocument {
    /// Output bytes the content-stream check may inflate for one page. Content streams are rarely
    /// over a few megabytes; a page with more is not judged, so that a decompression bomb costs
    /// no more here than poppler already spent on it.
    static let contentCheckBudget: Int64 = 64 << 20

    /// A damage report when one of the compressed streams the page's text comes from (content,
    /// form XObjects, fonts' ToUnicode maps and programs) is corrupt, which poppler's decoder does
    /// not notice: it returns what it decoded and says nothing.
    func contentStreamDamage(page: Int32, deadlineMs: Int64) -> String? {
        var object: Int32 = 0, kind: Int32 = 0, complete: Int32 = 0
        // Poppler's reports on these objects were collected when the page was read.
        let (reason, _) = collectingCoreWarnings {
            unifex_pdf_check_content(handle, page, Self.contentCheckBudget, deadlineMs, &object, &kind, &complete)
        }
        guard let reason else { return nil }
        defer { free(reason) }
        let name = object > 0 ? " (object \(object))" : ""
        return "\(Self.streamNames[Int(kind)] ?? "stream")\(name) is corrupt: zlib: \(String(cString: reason))"
    }

    private static let streamNames: [Int: String] = [
        UNIFEX_STREAM_CONTENT: "content stream",
        UNIFEX_STREAM_FORM: "form XObject",
        UNIFEX_STREAM_TOUNICODE: "font's ToUnicode map",
        UNIFEX_STREAM_FONT: "embedded font",
        UNIFEX_STREAM_GLYPHS: "Type 3 glyph procedure",
    ]
}
