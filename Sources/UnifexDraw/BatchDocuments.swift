/// What index.html shows of one page.
public struct PageEntry: Sendable {
    public var page: Int
    /// The record's status: ok, error, skipped or timeout.
    public var status: String
    public var error: String?
    /// The picture's name in the output folder, when the page was drawn.
    public var picture: String?
    /// The page's text, or its Markdown when it has blocks.
    public var text: String
    public var isMarkdown: Bool

    public init(page: Int, status: String, error: String?, picture: String?, text: String, isMarkdown: Bool) {
        self.page = page; self.status = status; self.error = error; self.picture = picture
        self.text = text; self.isMarkdown = isMarkdown
    }
}

/// What index.html shows of one document: its pages in the order they came, or why it could
/// not be read.
public struct DocumentEntry: Sendable {
    public var doc: String
    /// How many pages ux-split emitted for it, when a record said.
    public var selected: Int?
    /// A document-level error (a file that is no PDF, a wrong password).
    public var error: String?
    public var pages: [PageEntry] = []

    public init(doc: String, selected: Int?) { self.doc = doc; self.selected = selected }

    /// ok: every page asked for was read; partial: some were; error: none was.
    public var status: String {
        if error != nil { return "error" }
        let ok = pages.count { $0.status == "ok" || $0.status == "skipped" }
        if ok == pages.count, ok >= (selected ?? 0), ok > 0 { return "ok" }
        return ok > 0 ? "partial" : "error"
    }

    /// Why the document is not ok, in one line: its own error, or its first failed page's.
    public var reason: String? {
        if let error { return error }
        if let failed = pages.first(where: { $0.status != "ok" && $0.status != "skipped" }) {
            return "page \(failed.page): \(failed.error ?? failed.status)"
        }
        if pages.count < (selected ?? 0) { return "\((selected ?? 0) - pages.count) of \(selected ?? 0) pages never arrived" }
        return nil
    }
}
