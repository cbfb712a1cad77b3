import CPoppler
import Foundation
public import UnifexCore

/// An open PDF through poppler-glib, for rendering pages with cairo. Deliberately not `Sendable`: poppler crashes when one document is used from
/// two threads, so each worker thread opens its own.
public final class PDFDocument {
    private let handle: OpaquePointer
    public let path: String
    public let pageCount: Int
    /// What poppler reported while opening (repairs of damaged files).
    public let openWarnings: [String]

    /// Opens `path` (as the user gave it). Errors carry a stable code:
    /// `missing`, `unreadable`, `encrypted` (a password is needed or was wrong), `unsupported`,
    /// `damaged`, `no-pages`.
    public init(path: String, password: String? = nil) throws(RecordError) {
        self.path = path
        try checkReadable(path, stage: "split")
        let absolute = absolutePath(path)
        var uriError: UnsafeMutablePointer<GError>? = nil
        guard let uri = g_filename_to_uri(absolute, nil, &uriError) else {
            g_clear_error(&uriError)
            throw RecordError(stage: "split", code: "unreadable", message: "cannot form a file URI for the path")
        }
        defer { g_free(uri) }

        var error: UnsafeMutablePointer<GError>? = nil
        let ((opened, count), warnings) = PopplerLog.collecting { () -> (OpaquePointer?, Int) in
            let document = poppler_document_new_from_file(uri, password, &error)
            return (document, document.map { Int(poppler_document_get_n_pages($0)) } ?? 0)
        }
        openWarnings = warnings
        guard let document = opened else {
            let encrypted = error?.pointee.code == Int32(POPPLER_ERROR_ENCRYPTED.rawValue)
            g_clear_error(&error)
            throw openFailure(path: path, stage: "split", encrypted: encrypted, password: password, warnings: warnings)
        }
        handle = document
        guard count > 0 else {
            g_object_unref(gpointer(handle))
            let hint = warnings.first.map { " (\($0))" } ?? ""
            throw RecordError(stage: "split", code: "no-pages", message: "PDF has no readable pages\(hint)")
        }
        pageCount = count
    }

    deinit { g_object_unref(gpointer(handle)) }

    /// Page `number` (1-based).
    public func page(_ number: Int) -> PDFPage? {
        guard number >= 1, number <= pageCount,
              let page = poppler_document_get_page(handle, Int32(number - 1)) else { return nil }
        return PDFPage(handle: page, document: self)
    }
}

/// One page of a `PDFDocument`; keeps its document alive.
public final class PDFPage {
    let handle: OpaquePointer
    private let document: PDFDocument

    init(handle: OpaquePointer, document: PDFDocument) {
        self.handle = handle
        self.document = document
    }

    deinit { g_object_unref(gpointer(handle)) }

    var pointer: OpaquePointer { handle }

    /// Width and height in points as the page is displayed (its /Rotate applied).
    public var size: (width: Double, height: Double) {
        var w = 0.0, h = 0.0
        poppler_page_get_size(pointer, &w, &h)
        return (w, h)
    }

    /// The text layer in reading order with word and line boxes (points, top-left origin,
    /// the page as displayed), plus what poppler reported while reading it.
    public func text() -> (PageText, warnings: [String]) {
        PopplerLog.collecting { () -> PageText in
            guard let raw = poppler_page_get_text(pointer) else {
                return PageText(text: "", words: [], lines: [])
            }
            defer { g_free(raw) }
            let text = String(cString: raw)
            var rects: UnsafeMutablePointer<PopplerRectangle>? = nil
            var count: guint = 0
            var boxes: [Box?] = []
            if poppler_page_get_text_layout(pointer, &rects, &count) != 0, let rects {
                boxes.reserveCapacity(Int(count))
                for i in 0..<Int(count) {
                    let r = rects[i]
                    boxes.append(Box(x0: min(r.x1, r.x2), y0: min(r.y1, r.y2), x1: max(r.x1, r.x2), y1: max(r.y1, r.y2)))
                }
                g_free(rects)
            }
            return PageText.assemble(text: text, characterBoxes: boxes)
        }
    }
}

func absolutePath(_ path: String) -> String {
    if path.hasPrefix("/") { return path }
    return FileManager.default.currentDirectoryPath + "/" + path
}

/// Fails with `missing` or `unreadable` before any library sees the path, so the message is exact.
public func checkReadable(_ path: String, stage: String) throws(RecordError) {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw RecordError(stage: stage, code: "missing", message: "no such file")
    }
    if isDirectory.boolValue {
        throw RecordError(stage: stage, code: "unreadable", message: "is a directory")
    }
    guard FileManager.default.isReadableFile(atPath: path) else {
        throw RecordError(stage: stage, code: "unreadable", message: "permission denied")
    }
}
