public import UnifexCore

extension PageRecord {
    /// A record's `page_count` is null or a number of pages (a whole number from 0), and its page is
    /// one of them: a page 5 of a one-page document, or a count of -5 or 1e30, is a bad record and
    /// the page an error page of its document (code `bad-record`), not a page taken as it came.
    /// Returns the problem when it marked the record failed; a record failed already keeps its reason.
    public mutating func failIfPageOutOfRange(stage: String) -> RecordError? {
        guard status == .ok, let problem = pageRangeProblem else { return nil }
        let error = RecordError(stage: stage, code: "bad-record", message: problem)
        fail(.error, error)
        return error
    }

    private var pageRangeProblem: String? {
        guard let raw = self["page_count"], raw != .null else { return nil }
        guard let count = raw.intValue, count >= 0 else {
            var shown: [UInt8] = []
            raw.write(to: &shown)
            let text = String(decoding: shown.prefix(40), as: UTF8.self) + (shown.count > 40 ? "…" : "")
            return "\"page_count\" is \(text), not a number of pages (a whole number from 0, or null)"
        }
        if let page, page > count { return "page \(page) is out of range (document has \(count))" }
        return nil
    }
}
